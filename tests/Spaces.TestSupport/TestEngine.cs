using Spaces.Docker;

namespace Spaces.TestSupport;

/// <summary>
/// The Docker engine and images the functional tests build and run on, and the check their fixtures make first: the engine answers,
/// the images are there (and busybox, when the tests copy it into apps). A missing piece fails the fixture with a message saying how
/// to get it; tests never skip for it.
/// </summary>
public static class TestEngine
{
    /// <summary>The offline base image (debootstrap bookworm, imported) every test app builds on.</summary>
    public const string BaseImage = "spaces/base:bookworm";

    /// <summary>The .NET SDK image blazor Spaces publish in.</summary>
    public const string SdkImage = "spaces/dotnet-sdk:10.0";

    /// <summary>The ASP.NET Core image blazor Spaces run on.</summary>
    public const string AspNetImage = "spaces/aspnet:10.0";

    private const string StartEngine =
        "Start it with `setsid nohup dockerd >/tmp/dockerd.log 2>&1 &` and wait for `docker info` (scripts/test does this).";

    private const string BuildImages =
        "scripts/test builds them offline before the tests (scripts/lib/prepare.sh, prepare_base_images: debootstrap, then the host's .NET SDK); " +
        "to build them alone: `bash -c 'source scripts/lib/prepare.sh && prepare_host'` from the repository root.";

    /// <summary>
    /// Fails unless the engine answers within 20 s and has every one of <paramref name="images"/>, and, when
    /// <paramref name="busybox"/>, unless the host has <see cref="BusyboxApp.HostPath"/>.
    /// </summary>
    /// <param name="docker">The client the tests use.</param>
    /// <param name="tests">Who needs them, for the message, e.g. "The runtime tests".</param>
    /// <param name="images">The images the tests build on; default <see cref="BaseImage"/>.</param>
    /// <param name="busybox">Whether the tests copy the host's busybox into their apps. Default false.</param>
    /// <exception cref="InvalidOperationException">Something is missing; the message says how to get it.</exception>
    public static async Task RequireAsync(IDockerClient docker, string tests, IEnumerable<string>? images = null, bool busybox = false)
    {
        ArgumentNullException.ThrowIfNull(docker);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await docker.System.PingAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is DockerException or OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"{tests} need a running Docker engine and could not reach it ({ex.Message}). {StartEngine}", ex);
        }

        var missing = new List<string>();
        foreach (var image in images ?? [BaseImage])
        {
            if (!await docker.Images.ExistsAsync(image, timeout.Token))
            {
                missing.Add(image);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{tests} need the image{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}, which the engine does not have: {BuildImages}");
        }

        if (busybox)
        {
            BusyboxApp.RequireOnHost(tests);
        }
    }
}
