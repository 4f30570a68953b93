using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>A README.md split and its front matter loaded: the common first steps of Space configs and model cards.</summary>
internal sealed class LoadedReadme
{
    private LoadedReadme(ReadmeDocument document, YamlMappingNode? root, IReadOnlyDictionary<string, object?> cardData)
    {
        Document = document;
        Root = root;
        CardData = cardData;
    }

    /// <summary>The split README.</summary>
    public ReadmeDocument Document { get; }

    /// <summary>The front matter's mapping; null when there is none or it could not be read (the reason is then in the errors).</summary>
    public YamlMappingNode? Root { get; }

    /// <summary>Every front matter key with its plain value; empty when <see cref="Root"/> is null.</summary>
    public IReadOnlyDictionary<string, object?> CardData { get; }

    /// <summary>Splits <paramref name="text"/> and loads its front matter, adding what is wrong to <paramref name="errors"/>.</summary>
    public static LoadedReadme Load(string? text, List<ConfigError> errors)
    {
        var document = ReadmeDocument.Parse(text);
        var empty = new Dictionary<string, object?>().AsReadOnly();
        if (document.IsFrontMatterUnterminated)
        {
            errors.Add(new ConfigError(
                FrontMatterYaml.DocumentKey,
                "the front matter opened by '---' on line 1 is never closed by a '---' line",
                1,
                1));
            return new LoadedReadme(document, null, empty);
        }

        if (document.FrontMatter is null)
        {
            return new LoadedReadme(document, null, empty);
        }

        var root = FrontMatterYaml.Load(document.FrontMatter, errors);
        if (root is null)
        {
            return new LoadedReadme(document, null, empty);
        }

        var before = errors.Count;
        var cardData = FrontMatterValues.Convert(root, errors);
        return errors.Count > before ? new LoadedReadme(document, null, empty) : new LoadedReadme(document, root, cardData);
    }
}
