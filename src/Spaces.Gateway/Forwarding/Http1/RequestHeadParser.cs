using System.Buffers;
using System.Text;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>What <see cref="RequestHeadParser.TryParse"/> found at the start of a client's bytes.</summary>
internal enum RequestHeadStatus
{
    /// <summary>The start of a head the parser may accept; its blank line has not arrived yet.</summary>
    Incomplete,

    /// <summary>A whole head of the simple kind the gateway forwards itself.</summary>
    Complete,

    /// <summary>Anything else: Kestrel's HTTP server reads it (and answers it, errors included).</summary>
    NotForwardable,
}

/// <summary>
/// Reads a client's HTTP/1.1 request head (RFC 9112 3-5) when it is of the simplest kind: origin-form target without dot segments,
/// HTTP/1.1, CRLF line ends, printable ASCII values, exactly one Host, no body (at most <c>Content-Length: 0</c>), no Expect, Upgrade
/// or Transfer-Encoding, and a Connection header that says nothing but keep-alive. Nothing is read two ways: any other head, valid or
/// not, is <see cref="RequestHeadStatus.NotForwardable"/> and left whole for Kestrel's server, which then serves the connection.
/// </summary>
internal static class RequestHeadParser
{
    /// <summary>The longest head accepted (Kestrel's own limit, 32 KiB, applies to longer ones).</summary>
    public const int MaxHeadBytes = 16 * 1024;

    /// <summary>The most header fields accepted (Kestrel's default limit).</summary>
    public const int MaxFields = 100;

    /// <summary>The longest request line accepted (Kestrel's default limit: it answers longer ones with 414).</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    private const int MaxMethodLength = 20;

    private static readonly SearchValues<byte> MethodChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"u8);

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Visible ASCII but the fragment mark, which a client never sends.
    private static readonly SearchValues<byte> TargetChars = SearchValues.Create(Range(0x21, 0x7E).Where(b => b != '#').ToArray());

    private static readonly SearchValues<byte> HostChars = SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Visible ASCII, space and tab.
    private static readonly SearchValues<byte> ValueChars = SearchValues.Create([.. Range(0x20, 0x7E), (byte)'\t']);

    /// <summary>
    /// Reads the head at the start of <paramref name="buffer"/> into <paramref name="head"/>; <paramref name="end"/> is where it ends when
    /// <see cref="RequestHeadStatus.Complete"/>.
    /// </summary>
    public static RequestHeadStatus TryParse(in ReadOnlySequence<byte> buffer, RequestHead head, out SequencePosition end)
    {
        end = buffer.Start;
        long length;
        if (buffer.IsSingleSegment)
        {
            var found = buffer.FirstSpan.IndexOf("\r\n\r\n"u8);
            length = found < 0 ? -1 : found + 4;
        }
        else
        {
            var reader = new SequenceReader<byte>(buffer);
            length = reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8) ? reader.Consumed : -1;
        }

        if (length < 0)
        {
            // A bare LF ends a line for Kestrel: such a head may be whole already without the CRLF CRLF this parser waits for.
            return buffer.Length >= MaxHeadBytes || !CouldStartRequest(buffer) || HasBareLineFeed(buffer)
                ? RequestHeadStatus.NotForwardable
                : RequestHeadStatus.Incomplete;
        }

        if (length > MaxHeadBytes)
        {
            return RequestHeadStatus.NotForwardable;
        }

        var slice = buffer.Slice(0, length);
        end = slice.End;
        return Parse(head.Load(slice), head) ? RequestHeadStatus.Complete : RequestHeadStatus.NotForwardable;
    }

    /// <summary>
    /// Whether the bytes so far may begin a head the parser accepts (a method, a space, then '/'): a TLS handshake, an HTTP/2 preface or
    /// an absolute-form target goes to Kestrel at once instead of waiting for a blank line that may never come.
    /// </summary>
    private static bool CouldStartRequest(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[MaxMethodLength + 2];
        var prefix = buffer.Slice(0, Math.Min(buffer.Length, start.Length));
        prefix.CopyTo(start);
        start = start[..(int)prefix.Length];
        var space = start.IndexOf((byte)' ');
        if (space < 0)
        {
            return start.Length <= MaxMethodLength && !start.ContainsAnyExcept(MethodChars);
        }

        return space > 0 && !start[..space].ContainsAnyExcept(MethodChars) && (space + 1 == start.Length || start[space + 1] == '/');
    }

    private static bool HasBareLineFeed(in ReadOnlySequence<byte> buffer)
    {
        var bytes = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();
        for (var at = bytes.IndexOf((byte)'\n'); at >= 0; at = bytes.IndexOf((byte)'\n'))
        {
            if (at == 0 || bytes[at - 1] != '\r')
            {
                return true;
            }

            bytes = bytes[(at + 1)..];
        }

        return false;
    }

    private static bool Parse(Span<byte> bytes, RequestHead head)
    {
        var lineEnd = bytes.IndexOf("\r\n"u8);
        if (lineEnd > MaxRequestLineBytes || !TryParseRequestLine(bytes[..lineEnd], head))
        {
            return false;
        }

        var position = lineEnd + 2;
        var hasHost = false;
        while (true)
        {
            var length = bytes[position..].IndexOf("\r\n"u8);
            if (length == 0)
            {
                return hasHost && position + 2 == bytes.Length;
            }

            if (head.Fields.Count == MaxFields || !TryParseField(bytes, position, length, head, ref hasHost))
            {
                return false;
            }

            position += length + 2;
        }
    }

    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, RequestHead head)
    {
        var space = line.IndexOf((byte)' ');
        if (space <= 0 || space > MaxMethodLength || line[..space].ContainsAnyExcept(MethodChars) || line[..space].SequenceEqual("CONNECT"u8))
        {
            return false;
        }

        var rest = line[(space + 1)..];
        var targetLength = rest.IndexOf((byte)' ');
        if (targetLength <= 0 || !rest[(targetLength + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return false;
        }

        var target = rest[..targetLength];
        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        // Dot segments, plain or encoded, are left to Kestrel, which removes them before the path is forwarded.
        if (target[0] != '/' || target.ContainsAnyExcept(TargetChars) || path.IndexOf("/."u8) >= 0 || path.IndexOf("%2e"u8) >= 0 || path.IndexOf("%2E"u8) >= 0)
        {
            return false;
        }

        head.SetMethod(line[..space]);
        head.TargetRange = new Range(space + 1, space + 1 + targetLength);
        return true;
    }

    private static bool TryParseField(ReadOnlySpan<byte> bytes, int start, int length, RequestHead head, ref bool hasHost)
    {
        var line = bytes.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].ContainsAnyExcept(TokenChars))
        {
            // Also a line starting with whitespace (obsolete folding) and a bare CR or LF: neither is a token character.
            return false;
        }

        var raw = line[(colon + 1)..];
        var value = raw.Trim(" \t"u8);
        if (value.ContainsAnyExcept(ValueChars))
        {
            return false;
        }

        var valueStart = start + colon + 1 + (value.IsEmpty ? 0 : raw.Length - raw.TrimStart(" \t"u8).Length);
        var name = line[..colon];
        head.Fields.Add(new RequestHead.Field(start, colon, valueStart, value.Length));
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                if (hasHost || !IsDnsHost(value))
                {
                    return false;
                }

                hasHost = true;
                head.HostRange = new Range(valueStart, valueStart + value.Length);
                return true;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                if (head.ContentLengthZero || !value.SequenceEqual("0"u8))
                {
                    return false;
                }

                head.ContentLengthZero = true;
                return true;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                foreach (var range in value.Split((byte)','))
                {
                    var token = value[range].Trim(" \t"u8);
                    if (!token.IsEmpty && !Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
                    {
                        return false;
                    }
                }

                return true;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
            case 7 when Ascii.EqualsIgnoreCase(name, "Upgrade"u8):
            case 14 when Ascii.EqualsIgnoreCase(name, "HTTP2-Settings"u8):
                return false;
            default:
                return true;
        }
    }

    // A DNS name with an optional port (digits): the only hosts a Space has. IP literals and anything Kestrel would judge go to Kestrel.
    private static bool IsDnsHost(ReadOnlySpan<byte> value)
    {
        var colon = value.IndexOf((byte)':');
        var name = colon < 0 ? value : value[..colon];
        if (name.IsEmpty || name.ContainsAnyExcept(HostChars))
        {
            return false;
        }

        if (colon < 0)
        {
            return true;
        }

        var port = value[(colon + 1)..];
        return port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static IEnumerable<byte> Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(i => (byte)i);
}
