using Spaces.Onnx.Pipelines.Ocr;

namespace Spaces.Onnx.Tests.Pipelines.Ocr;

public sealed class CtcGreedyDecoderTests
{
    private static readonly CtcAlphabet Alphabet = CtcAlphabet.Parse("a\r\nb\nc\n");

    [Fact]
    public void Alphabet_has_the_blank_first_and_the_space_last()
    {
        Assert.Equal(5, Alphabet.Count);
        Assert.Equal(["", "a", "b", "c", " "], Enumerable.Range(0, 5).Select(i => Alphabet[i]));
        Assert.Throws<InvalidDataException>(() => CtcAlphabet.Parse(""));
    }

    [Fact]
    public void Repeats_merge_blanks_separate_and_the_first_step_of_a_run_gives_the_confidence()
    {
        // Steps: a(0.9) a(0.6) blank a(0.7) b(0.8) b space(0.5) blank -> "aab "
        int[] best = [1, 1, 0, 1, 2, 2, 4, 0];
        float[] score = [0.9f, 0.6f, 0.99f, 0.7f, 0.8f, 0.95f, 0.5f, 0.9f];
        var probabilities = new float[best.Length * Alphabet.Count];
        for (var t = 0; t < best.Length; t++)
        {
            for (var c = 0; c < Alphabet.Count; c++)
            {
                probabilities[t * Alphabet.Count + c] = c == best[t] ? score[t] : (1 - score[t]) / 4;
            }
        }

        var text = CtcGreedyDecoder.Decode(probabilities, best.Length, Alphabet);

        Assert.Equal("aab ", text.Text);
        Assert.Equal([0.9f, 0.7f, 0.8f, 0.5f], text.Symbols.Select(s => s.Confidence));
        Assert.Equal(0.725, text.Confidence, 5);
    }

    [Fact]
    public void Scores_of_the_wrong_size_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CtcGreedyDecoder.Decode(new float[9], 2, Alphabet));
        Assert.Contains("2 steps x 5 classes", error.Message);
    }
}
