using System.Diagnostics;

namespace Spaces.Web.Tests.Widgets;

/// <summary>
/// The Debian tools that make the widget tests' inputs (ImageMagick with DejaVu fonts, espeak-ng, sox); the models come from
/// <see cref="Spaces.TestSupport.TestAssets"/>. Anything missing fails the test with how to get it.
/// </summary>
internal static class WidgetAssets
{
    private const string Convert = "/usr/bin/convert";
    private const string Espeak = "/usr/bin/espeak-ng";
    private const string Sox = "/usr/bin/sox";

    /// <summary>A text line in DejaVu Sans, black on white with an 8-pixel margin, as raw RGBA (what a canvas holds) and its size.</summary>
    public static (int Width, int Height, byte[] Rgba) TextLineRgba(string text, int pointSize = 32)
    {
        var png = TextLinePng(text, pointSize);
        // The size from the PNG header (IHDR: width and height, big-endian, at bytes 16 and 20).
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        return (width, height, Run(Convert, ["png:-", "-depth", "8", "rgba:-"], png));
    }

    public static byte[] TextLinePng(string text, int pointSize = 32) => Run(Convert,
    [
        "-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", pointSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-bordercolor", "white", "-border", "8", $"label:{text}", "png:-",
    ]);

    /// <summary>
    /// <paramref name="text"/> spoken by espeak-ng with <paramref name="padSeconds"/> of silence on both sides, as 16 kHz mono float
    /// samples (converted by sox).
    /// </summary>
    public static float[] SpokenSamples(string text, double padSeconds)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"spaces-widget-{Guid.NewGuid():N}.wav");
        try
        {
            Run(Espeak, ["-w", wav, text]);
            var pad = padSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var raw = Run(Sox, [wav, "-r", "16000", "-c", "1", "-t", "f32", "-", "pad", pad, pad]);
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
        }
        finally
        {
            File.Delete(wav);
        }
    }

    private static byte[] Run(string tool, string[] arguments, byte[]? input = null)
    {
        if (!File.Exists(tool))
        {
            Assert.Fail($"{tool} is missing: install the Debian packages imagemagick, fonts-dejavu-core, espeak-ng and sox (scripts/lib/prepare.sh installs them)");
        }
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var writing = Task.CompletedTask;
        if (input is not null)
        {
            writing = Task.Run(() =>
            {
                process.StandardInput.BaseStream.Write(input);
                process.StandardInput.Close();
            });
        }
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        writing.GetAwaiter().GetResult();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.GetAwaiter().GetResult()}");
        return output.ToArray();
    }
}
