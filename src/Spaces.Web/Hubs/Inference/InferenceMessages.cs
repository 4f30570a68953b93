namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// An image to recognise: either raw RGBA (<see cref="Width"/>, <see cref="Height"/>, <see cref="Rgba"/> as base64, as a canvas's
/// <c>ImageData</c> holds it) or a PNG file (<see cref="Png"/> as base64). <see cref="Sequence"/> is the client's number for the
/// request, echoed in the answer.
/// </summary>
public sealed record OcrRequest(long Sequence, int Width, int Height, byte[]? Rgba, byte[]? Png);

/// <summary>
/// The answer to an <see cref="OcrRequest"/>: the text and each symbol's confidence; <see cref="Stale"/> is true (and the rest empty)
/// when a newer request of the same connection arrived before this one ran.
/// </summary>
public sealed record OcrAnswer(long Sequence, bool Stale, string Text, double Confidence, IReadOnlyList<OcrSymbol> Symbols, double Milliseconds)
{
    public static OcrAnswer Superseded(long sequence) => new(sequence, true, "", 0, [], 0);
}

/// <summary>One recognised symbol and its probability.</summary>
public sealed record OcrSymbol(string Text, float Confidence);

/// <summary>The speech probability of chunk <see cref="Index"/> (32 ms of 16 kHz audio starting at <see cref="StartMs"/>).</summary>
public sealed record VadChunk(long Index, double StartMs, float Probability);
