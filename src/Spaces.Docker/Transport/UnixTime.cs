using System.Globalization;

namespace Spaces.Docker.Transport;

/// <summary>Formats times as the engine's <c>since</c>/<c>until</c> parameters want them: Unix seconds with a 9-digit fraction.</summary>
internal static class UnixTime
{
    public static string? Format(DateTimeOffset? time)
    {
        if (time is not { } value)
        {
            return null;
        }
        var ticks = (value - DateTimeOffset.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
