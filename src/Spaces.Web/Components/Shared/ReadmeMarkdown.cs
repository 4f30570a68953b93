using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Spaces.Web.Components.Shared;

/// <summary>
/// Renders a README's markdown body to HTML that is safe to embed in our pages: raw HTML is shown as text, links and images keep only
/// http(s), mailto and relative URLs (relative ones point into the repository's files), and links carry <c>rel="nofollow noopener"</c>.
/// </summary>
public static class ReadmeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseAutoIdentifiers()
        .DisableHtml()
        .Build();

    /// <summary>The HTML of <paramref name="markdown"/>; relative URLs are resolved under <paramref name="filesBase"/> (e.g. <c>/owner/name/resolve/main/</c>).</summary>
    public static string ToHtml(string markdown, string filesBase)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = SafeUrl(link.Url, filesBase);
            if (!link.IsImage)
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (SafeUrl(link.Url, filesBase) == "#")
            {
                link.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>The URL when it is safe to show; relative paths resolved under <paramref name="filesBase"/>; <c>#</c> otherwise.</summary>
    public static string SafeUrl(string? url, string filesBase)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "#";
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('#'))
        {
            return trimmed;
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && !trimmed.StartsWith('/'))
        {
            return absolute.Scheme is "http" or "https" or "mailto" ? trimmed : "#";
        }

        // Anything with a colon before its first '/', '?' or '#' has a scheme we did not allow ("javascript :", "data:...").
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var delimiter = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon >= 0 && (delimiter < 0 || colon < delimiter))
        {
            return "#";
        }

        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return "#";
        }

        if (trimmed.StartsWith('/'))
        {
            return trimmed;
        }

        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return filesBase + trimmed;
    }
}
