namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>
/// Greedy CTC decoding as PaddleOCR's <c>CTCLabelDecode</c> does it: the best class per time step, repeats merged, blanks dropped;
/// a symbol's confidence is the probability at the first step of its run.
/// </summary>
public static class CtcGreedyDecoder
{
    /// <summary>Decodes one sequence of <c>steps x classes</c> probabilities laid out row by row.</summary>
    /// <exception cref="ArgumentException">The class count differs from the alphabet's or the data is not steps x classes.</exception>
    public static RecognizedText Decode(ReadOnlySpan<float> probabilities, int steps, CtcAlphabet alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        var classes = alphabet.Count;
        if (probabilities.Length != steps * classes)
        {
            throw new ArgumentException(
                $"CTC scores hold {probabilities.Length} values, expected {steps} steps x {classes} classes", nameof(probabilities));
        }
        var symbols = new List<RecognizedSymbol>();
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            if (best != 0 && best != previous)
            {
                symbols.Add(new RecognizedSymbol(alphabet[best], row[best]));
            }
            previous = best;
        }
        return new RecognizedText(string.Concat(symbols.Select(s => s.Text)), symbols);
    }
}
