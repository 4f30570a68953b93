namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>A recognised text line: the text and one confidence (the class probability, 0..1) per recognised symbol.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Symbols">The recognised symbols in order, each with its confidence; concatenated they make <paramref name="Text"/>.</param>
public sealed record RecognizedText(string Text, IReadOnlyList<RecognizedSymbol> Symbols)
{
    /// <summary>The mean confidence of the symbols (PaddleOCR's line score); 0 for an empty line.</summary>
    public double Confidence => Symbols.Count == 0 ? 0 : Symbols.Average(s => s.Confidence);
}

/// <summary>One recognised symbol (usually one character) and the model's probability for it.</summary>
public sealed record RecognizedSymbol(string Text, float Confidence);
