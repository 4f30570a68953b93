namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>
/// The classes of a CTC text recognizer in PaddleOCR's order: index 0 is the blank, then one entry per line of the keys file,
/// then a space (PaddleOCR's <c>use_space_char</c>).
/// </summary>
public sealed class CtcAlphabet
{
    private readonly string[] _symbols;

    private CtcAlphabet(string[] symbols) => _symbols = symbols;

    /// <summary>The number of classes, blank and space included (6625 for <c>ppocr_keys_v1.txt</c>).</summary>
    public int Count => _symbols.Length;

    /// <summary>The text of class <paramref name="index"/>; the blank is the empty string.</summary>
    public string this[int index] => _symbols[index];

    /// <summary>Reads a keys file (UTF-8, one symbol per line).</summary>
    public static CtcAlphabet Load(string keysPath) => Parse(File.ReadAllText(keysPath));

    /// <summary>Builds the alphabet from a keys file's text: one symbol per line, <c>\r\n</c> or <c>\n</c>.</summary>
    /// <exception cref="InvalidDataException">The text has no symbols.</exception>
    public static CtcAlphabet Parse(string keys)
    {
        var lines = keys.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        if (lines.Count == 0)
        {
            throw new InvalidDataException("the CTC keys file is empty");
        }
        return new CtcAlphabet(["", .. lines, " "]);
    }
}
