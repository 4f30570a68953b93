using Spaces.Core.Config;
using Spaces.Core.Repositories;
using Spaces.Runtime.Hardware;

namespace Spaces.Runtime.Runs;

/// <summary>What to start: a revision of a Space (its owner loaded), the image built from it, its config and the hardware to run on.</summary>
/// <param name="Space">The Space; <see cref="Repo.Owner"/> must be loaded (built-in variables and labels name it).</param>
/// <param name="Revision">The commit the image was built from.</param>
/// <param name="Image">The image (tag or id) to run.</param>
/// <param name="Config">The Space's config at <paramref name="Revision"/> (app port, models, title, startup timeout).</param>
/// <param name="Flavor">The hardware flavor.</param>
public sealed record SpaceRunRequest(Repo Space, string Revision, string Image, SpaceConfig Config, HardwareFlavor Flavor);

/// <summary>A container of a Space that answered its health probe.</summary>
/// <param name="SpaceId">The Space.</param>
/// <param name="ContainerId">The engine's container id.</param>
/// <param name="Name">The container's name.</param>
/// <param name="Revision">The commit it runs.</param>
/// <param name="HostPort">The port its app port is published on, on 127.0.0.1.</param>
/// <param name="Hardware">The flavor it runs on.</param>
/// <param name="GpuDeviceIds">GPU devices it holds (empty for CPU flavors or when the engine picks).</param>
public sealed record SpaceContainer(
    long SpaceId, string ContainerId, string Name, string Revision, int HostPort, string Hardware, IReadOnlyList<string> GpuDeviceIds);

/// <summary>
/// A Space's container could not be started or did not become healthy; <see cref="Exception.Message"/> is meant for its owner
/// (the RUNTIME_ERROR message: exit code and last log lines, the memory limit, the missing GPU runtime, a model it cannot read...).
/// </summary>
public sealed class SpaceRunException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>How a container ended.</summary>
/// <param name="Message">The RUNTIME_ERROR message: exit code or memory limit, then the last log lines.</param>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="OomKilled">Whether the kernel killed it for exceeding its memory limit.</param>
/// <param name="Ran">How long it ran.</param>
public sealed record ContainerExit(string Message, int ExitCode, bool OomKilled, TimeSpan Ran);
