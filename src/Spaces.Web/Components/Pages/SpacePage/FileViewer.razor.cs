using System.Text;
using Microsoft.AspNetCore.Components;
using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>One file: text with line numbers, an image, or a download for binary and large files.</summary>
public sealed partial class FileViewer
{
    private static readonly HashSet<string> _images = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".ico" };
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The Space. Required.</summary>
    [Parameter, EditorRequired]
    public required SpaceView View { get; set; }

    /// <summary>The revision shown. Default <c>main</c>.</summary>
    [Parameter]
    public string Rev { get; set; } = "main";

    /// <summary>The file. Required.</summary>
    [Parameter, EditorRequired]
    public required TreeEntry Entry { get; set; }

    /// <summary>The file's bytes, or null when it is too large to show.</summary>
    [Parameter]
    public byte[]? Content { get; set; }

    /// <summary>Whether to offer the editor (text files), rename and delete: a writer looking at main. Default false.</summary>
    [Parameter]
    public bool CanEdit { get; set; }

    private string Name => Entry.Path[(Entry.Path.LastIndexOf('/') + 1)..];

    private bool IsImage => _images.Contains(System.IO.Path.GetExtension(Entry.Path));

    private string RawHref => $"{View.PagePath}/resolve/{Uri.EscapeDataString(Rev)}/{FilePaths.Escape(Entry.Path)}";

    private string[]? Lines { get; set; }

    protected override void OnParametersSet() => Lines = IsImage ? null : TextLines(Content);

    /// <summary>The lines of a UTF-8 text file, or null for binary content (a NUL byte, or bytes that are not UTF-8).</summary>
    public static string[]? TextLines(byte[]? content)
    {
        if (content is null || content.AsSpan(0, Math.Min(content.Length, 8000)).Contains((byte)0))
        {
            return null;
        }

        string text;
        try
        {
            text = _strictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // A final newline ends the last line; it does not start an empty one.
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
