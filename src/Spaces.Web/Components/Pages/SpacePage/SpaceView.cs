using System.Text.Json;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>What every part of the Space page needs: the Space, who looks at it, what they may do, its state and its card.</summary>
public sealed record SpaceView(Repo Repo, Actor? Actor, bool CanWrite, SpaceState State, SpaceCard Card, string AppUrl, string AppUrlWithAccess)
{
    /// <summary><c>owner/name</c>.</summary>
    public string Id => Repo.FullName;

    /// <summary>The page's path, <c>/spaces/owner/name</c>.</summary>
    public string PagePath => $"/spaces/{Uri.EscapeDataString(Repo.Owner?.Name ?? "")}/{Uri.EscapeDataString(Repo.Name)}";

    /// <summary>Whether the app answers now (an older revision may serve while a newer one builds or starts).</summary>
    public bool IsServing => State.Stage is SpaceStage.Running or SpaceStage.RunningBuilding or SpaceStage.RunningAppStarting;
}

/// <summary>The parts of README.md's front matter the page shows.</summary>
public sealed record SpaceCard(string? Title, string Emoji, string ColorFrom, string ColorTo, string? ShortDescription, bool FullWidth, string? License)
{
    private static readonly HashSet<string> _colors = new(StringComparer.Ordinal) { "red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray" };

    /// <summary>Reads the card from the Hub's <c>cardData</c> JSON (missing or malformed values fall back to defaults).</summary>
    public static SpaceCard Parse(string? cardJson)
    {
        JsonElement root = default;
        if (!string.IsNullOrEmpty(cardJson))
        {
            try
            {
                using var document = JsonDocument.Parse(cardJson);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                root = default;
            }
        }

        string? Text(string key) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        bool Flag(string key) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.True;

        return new SpaceCard(
            Text("title"),
            Text("emoji") is { Length: > 0 and <= 16 } emoji ? emoji : "🚀",
            Color(Text("colorFrom"), "indigo"),
            Color(Text("colorTo"), "pink"),
            Text("short_description"),
            Flag("fullWidth"),
            Text("license"));
    }

    // Only the Hub's colour names reach the page (they become CSS class names).
    private static string Color(string? name, string fallback) =>
        name is not null && _colors.Contains(name.ToLowerInvariant()) ? name.ToLowerInvariant() : fallback;
}
