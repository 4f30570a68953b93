using System.Text;
using System.Text.Json;
using Spaces.Core.Config;
using Spaces.Core.Spaces;

namespace Spaces.Core.Repositories;

/// <summary>
/// What listings need from a repository's README.md at its head, read once per commit and kept on the <see cref="Repo"/> row:
/// the front matter as JSON (the Hub's <c>cardData</c>), the SDK, and for Spaces the config problem if any.
/// </summary>
public sealed record RepoCard(string? Sdk, string CardJson, SpaceStage? ConfigStage, string? ConfigMessage)
{
    /// <summary>The card's <c>tags</c> (strings only), lower case, without duplicates.</summary>
    public IReadOnlyList<string> Tags { get; } = TagsOf(CardJson);

    /// <summary>Reads the card of a commit: <paramref name="readme"/> is README.md's bytes (null when absent), <paramref name="files"/> every file path.</summary>
    public static RepoCard Read(RepoType type, string repoName, byte[]? readme, IReadOnlyCollection<string> files)
    {
        var text = readme is null ? null : Encoding.UTF8.GetString(readme);
        if (type == RepoType.Model)
        {
            var card = ModelCard.Parse(text);
            return new RepoCard(null, ToJson(card.CardData), null, card.Errors.Count == 0 ? null : string.Join('\n', card.Errors));
        }

        var config = SpaceConfig.Parse(text, repoName, files);
        return new RepoCard(
            config.Config?.Sdk.ToString().ToLowerInvariant(),
            ToJson(config.CardData),
            config.Stage,
            config.IsSuccess ? null : config.ErrorMessage);
    }

    /// <summary>Reads the card at <paramref name="commit"/> of a git repository.</summary>
    public static async Task<RepoCard> ReadAsync(Repo repo, Git.GitRepository git, string commit, CancellationToken cancellationToken)
    {
        var files = await git.ListTreeAsync(commit, recursive: true, cancellationToken: cancellationToken);
        var readme = await git.ReadFileAsync(commit, "README.md", cancellationToken);
        return Read(repo.Type, repo.Name, readme, [.. files.Select(f => f.Path)]);
    }

    /// <summary>Writes the card onto the repository row.</summary>
    public void ApplyTo(Repo repo)
    {
        repo.CardData = CardJson;
        repo.ConfigStage = ConfigStage?.ToHubName();
        repo.ConfigMessage = ConfigMessage;
        var tags = string.Join(',', Tags);
        repo.Tags = Tags.Count == 0 ? null : $",{(tags.Length > 2000 ? tags[..2000] : tags)},";
        if (repo.Type == RepoType.Space && Sdk is not null)
        {
            repo.Sdk = Sdk;
        }

        using var card = JsonDocument.Parse(CardJson);
        var root = card.RootElement;
        string? Text(string key) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!.Trim()
                : null;
        var words = string.Join(' ', new[] { Text("title"), Text("short_description"), string.Join(' ', Tags), repo.Sdk ?? Sdk, Text("pipeline_tag"), Text("library_name") }
            .Where(w => !string.IsNullOrEmpty(w))).ToLowerInvariant();
        repo.SearchText = words.Length == 0 ? null : words.Length > 4000 ? words[..4000] : words;
        repo.CardHardware = Clip(Text("hardware"), 64);
        repo.PipelineTag = Clip(Text("pipeline_tag")?.ToLowerInvariant(), 64);
        repo.Pinned = repo.Type == RepoType.Space && root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("pinned", out var pinned) && pinned.ValueKind == JsonValueKind.True;
    }

    private static string? Clip(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length > length ? value[..length] : value;

    private static IReadOnlyList<string> TagsOf(string cardJson)
    {
        using var card = JsonDocument.Parse(cardJson);
        return card.RootElement.ValueKind == JsonValueKind.Object
            && card.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? [.. tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String)
                .Select(t => t.GetString()!.Trim().ToLowerInvariant().Replace(",", "", StringComparison.Ordinal))
                .Where(t => t.Length > 0).Distinct()]
            : [];
    }

    /// <summary>Plain values (null, bool, numbers, strings, lists, string-keyed dictionaries) as JSON text.</summary>
    public static string ToJson(IReadOnlyDictionary<string, object?> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, values);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double d:
                writer.WriteStringValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
