namespace Spaces.Core.Templates;

/// <summary>A starter kit "New Space" offers: its folder name and what its README front matter says about it.</summary>
/// <param name="Id">The template's folder name under the templates directory, e.g. <c>blazor-onnx</c>.</param>
/// <param name="Title">The front matter's <c>title</c>.</param>
/// <param name="Emoji">The front matter's <c>emoji</c> (empty when it has none).</param>
/// <param name="ColorFrom">The card gradient's first color, lower case (e.g. <c>indigo</c>).</param>
/// <param name="ColorTo">The card gradient's second color, lower case.</param>
/// <param name="Sdk">The SDK: <c>docker</c>, <c>blazor</c> or <c>static</c>.</param>
/// <param name="ShortDescription">The front matter's <c>short_description</c> (empty when it has none).</param>
public sealed record SpaceTemplate(string Id, string Title, string Emoji, string ColorFrom, string ColorTo, string Sdk, string ShortDescription);
