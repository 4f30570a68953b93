using System.Globalization;
using System.Text;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>A <c>Date</c> header line for the current second (RFC 9110 6.6.1), made once per second.</summary>
internal static class HttpDate
{
    private static Stamp s_current = new(-1, []);

    /// <summary>The line, CRLF included.</summary>
    public static ReadOnlySpan<byte> Line()
    {
        var now = DateTimeOffset.UtcNow;
        var second = now.ToUnixTimeSeconds();
        var current = s_current;
        if (current.Second != second)
        {
            current = new Stamp(second, Encoding.ASCII.GetBytes($"Date: {now.ToString("r", CultureInfo.InvariantCulture)}\r\n"));
            s_current = current;
        }

        return current.Line;
    }

    private sealed record Stamp(long Second, byte[] Line);
}
