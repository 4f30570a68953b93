using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using OcrLive.Ocr;
using Spaces.Onnx.Pipelines.Imaging;

namespace OcrLive.Hubs;

/// <summary>What the page sends (a PNG of the line) and what it gets back: the text, its confidence and timings.</summary>
public sealed class OcrHub(OcrModels models) : Hub
{
    /// <summary>Recognises the line in a PNG (a canvas's <c>toDataURL</c>, with or without the <c>data:</c> prefix).</summary>
    public async Task<OcrResult> Recognize(string png)
    {
        var comma = png.IndexOf(',', StringComparison.Ordinal);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(comma >= 0 ? png[(comma + 1)..] : png);
        }
        catch (FormatException)
        {
            throw new HubException("The image is not base64.");
        }

        if (!PngDecoder.IsPng(bytes))
        {
            throw new HubException("The image is not a PNG.");
        }

        return await Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            RgbaImage image;
            try
            {
                image = PngDecoder.Decode(bytes).OverBackground();
            }
            catch (InvalidDataException ex)
            {
                throw new HubException($"The PNG cannot be read: {ex.Message}");
            }

            var decoded = watch.Elapsed;
            var result = models.Recognizer.Recognize(image);
            return new OcrResult(
                result.Text.Text,
                Math.Round(result.Text.Confidence, 3),
                result.Orientation.Angle,
                result.Rotated,
                image.Width,
                image.Height,
                Math.Round(decoded.TotalMilliseconds, 1),
                Math.Round((watch.Elapsed - decoded).TotalMilliseconds, 1));
        });
    }
}

/// <summary>A recognised line: text, mean confidence, the orientation found, the image size and where the time went.</summary>
public sealed record OcrResult(string Text, double Confidence, int Angle, bool Rotated, int Width, int Height, double DecodeMs, double ModelMs);
