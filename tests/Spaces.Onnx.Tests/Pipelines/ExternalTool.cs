using System.Diagnostics;

namespace Spaces.Onnx.Tests.Pipelines;

/// <summary>
/// Runs the Debian tools the pipeline tests make their inputs with (ImageMagick, espeak-ng, sox); a missing tool fails the test
/// with the package to install.
/// </summary>
internal static class ExternalTool
{
    /// <summary>ImageMagick's own binary (a same-named stand-in may sit earlier on PATH, so the full path is used).</summary>
    public const string Convert = "/usr/bin/convert";

    public const string Espeak = "/usr/bin/espeak-ng";

    public const string Sox = "/usr/bin/sox";

    /// <summary>Runs <paramref name="tool"/> and returns its standard output as bytes; fails on a non-zero exit.</summary>
    public static byte[] Run(string tool, params string[] arguments)
    {
        if (!File.Exists(tool))
        {
            Assert.Fail($"{tool} is missing: install the Debian packages imagemagick, fonts-dejavu-core, espeak-ng and sox " +
                        "(scripts/lib/prepare.sh installs them; run scripts/test once as root)");
        }
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.GetAwaiter().GetResult()}");
        }
        return output.ToArray();
    }
}
