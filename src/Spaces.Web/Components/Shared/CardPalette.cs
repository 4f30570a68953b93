using Spaces.Core.Config;

namespace Spaces.Web.Components.Shared;

/// <summary>
/// The card gradient colours for <c>colorFrom</c>/<c>colorTo</c>: only the Hub's named colours, mapped to fixed hex values dark enough
/// for white text, so a README can never inject CSS. A missing colour is picked from the Space's name, stable across renders.
/// </summary>
public static class CardPalette
{
    private static readonly Dictionary<SpaceColor, string> Hex = new()
    {
        [SpaceColor.Red] = "#dc2626",
        [SpaceColor.Yellow] = "#b45309",
        [SpaceColor.Green] = "#15803d",
        [SpaceColor.Blue] = "#2563eb",
        [SpaceColor.Indigo] = "#4f46e5",
        [SpaceColor.Purple] = "#9333ea",
        [SpaceColor.Pink] = "#db2777",
        [SpaceColor.Gray] = "#4b5563",
    };

    /// <summary>The hex colour of a named colour (case-insensitive); when the name is not one of the Hub's, one picked from <paramref name="seed"/>.</summary>
    public static string Resolve(string? name, string seed, int salt = 0)
    {
        if (Enum.TryParse<SpaceColor>(name, ignoreCase: true, out var color) && Hex.TryGetValue(color, out var hex) && !int.TryParse(name, out _))
        {
            return hex;
        }

        var colors = Hex.Values.ToArray();
        return colors[(StableHash(seed) + salt) % colors.Length];
    }

    // string.GetHashCode is randomised per process; cards must keep their colour across restarts.
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in text)
            {
                hash = (hash * 31) + c;
            }

            return hash & 0x7fffffff;
        }
    }
}
