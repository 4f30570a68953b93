using System.Globalization;

namespace Spaces.Web.Components.Shared;

/// <summary>Short relative times for cards ("just now", "5 min ago", "3 days ago", then the date).</summary>
public static class Relative
{
    /// <summary>How long ago <paramref name="time"/> (UTC) was, seen at <paramref name="now"/> (default the current time).</summary>
    public static string Since(DateTime time, DateTime? now = null)
    {
        var age = (now ?? DateTime.UtcNow) - time;
        return age.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => $"{(int)age.TotalMinutes} min ago",
            < 86400 => Plural((int)age.TotalHours, "hour"),
            < 86400 * 30 => Plural((int)age.TotalDays, "day"),
            _ => time.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        };
    }

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
