using System.Collections.Frozen;
using System.Text;

namespace Spaces.Gateway.Forwarding;

/// <summary>Headers that describe one connection, not the message: never forwarded, in either direction (RFC 9110 7.6.1 and common practice).</summary>
internal static class HopByHopHeaders
{
    private static readonly FrozenSet<string> Names = new[]
    {
        "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction", "Security-Scheme", "ALPN", "Close",
        "HTTP2-Settings", "Upgrade-Insecure-Requests", "TE", "Alt-Svc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ByChars = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int LongestName = Names.Max(n => n.Length);

    /// <summary>Whether <paramref name="name"/> must not be forwarded: a hop-by-hop header or an HTTP/2 pseudo-header (":path").</summary>
    public static bool IsHopByHop(string name) => name.Length == 0 || name[0] == ':' || Names.Contains(name);

    /// <summary><see cref="IsHopByHop(string)"/> for a name as received (ASCII bytes).</summary>
    public static bool IsHopByHop(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name[0] == ':')
        {
            return true;
        }

        if (name.Length > LongestName)
        {
            return false;
        }

        Span<char> chars = stackalloc char[name.Length];
        return Ascii.ToUtf16(name, chars, out _) == System.Buffers.OperationStatus.Done && ByChars.Contains(chars);
    }
}
