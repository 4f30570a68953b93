using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// Parses an HTTP/1.1 response head (status line and header fields, RFC 9112 4-5) and trailer fields from received bytes. Strict where
/// leniency would let a response be read two ways (line folding, whitespace before a colon, conflicting lengths, control characters);
/// a bare LF ends a line as well as CRLF.
/// </summary>
internal static class ResponseHeadParser
{
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/> into <paramref name="head"/>; false when the blank line that ends it has
    /// not arrived yet. Throws <see cref="UpstreamProtocolException"/> for a malformed head.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, ResponseHead head, out int consumed)
    {
        consumed = 0;
        head.Reset();
        if (!TryReadLine(data, 0, out var line, out var next))
        {
            return false;
        }

        ParseStatusLine(line, head);
        while (true)
        {
            if (!TryReadLine(data, next, out line, out next))
            {
                head.Reset();
                return false;
            }

            if (line.IsEmpty)
            {
                consumed = next;
                return true;
            }

            var (name, value) = ParseField(line);
            head.Headers.Add((name, value));
            Interpret(name, value, head);
        }
    }

    /// <summary>
    /// Parses trailer fields (after a last chunk) at the start of <paramref name="data"/> up to the blank line that ends them; false when
    /// it has not arrived yet.
    /// </summary>
    public static bool TryParseTrailers(ReadOnlySpan<byte> data, List<(string Name, string Value)> trailers, out int consumed)
    {
        consumed = 0;
        trailers.Clear();
        var next = 0;
        while (true)
        {
            if (!TryReadLine(data, next, out var line, out next))
            {
                trailers.Clear();
                return false;
            }

            if (line.IsEmpty)
            {
                consumed = next;
                return true;
            }

            trailers.Add(ParseField(line));
        }
    }

    /// <summary>The line starting at <paramref name="start"/> without its CRLF (or LF); false when its end has not arrived.</summary>
    public static bool TryReadLine(ReadOnlySpan<byte> data, int start, out ReadOnlySpan<byte> line, out int next)
    {
        var lf = data[start..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            line = default;
            next = start;
            return false;
        }

        line = data.Slice(start, lf);
        next = start + lf + 1;
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return true;
    }

    private static void ParseStatusLine(ReadOnlySpan<byte> line, ResponseHead head)
    {
        // HTTP-version SP 3DIGIT SP [reason-phrase]; the reason is not kept (the server writes its own).
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != ' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var used) || used != 3 || status < 100
            || (line.Length > 12 && line[12] != ' '))
        {
            throw new UpstreamProtocolException($"The upstream sent an invalid status line: '{Printable(line)}'.");
        }

        head.StatusCode = status;
        head.Http11 = line[7] != '0';
    }

    private static (string Name, string Value) ParseField(ReadOnlySpan<byte> line)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            throw new UpstreamProtocolException("The upstream folded a header line (obsolete line folding is refused).");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].ContainsAnyExcept(TokenChars))
        {
            throw new UpstreamProtocolException($"The upstream sent an invalid header line: '{Printable(line)}'.");
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var b in value)
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                throw new UpstreamProtocolException($"The upstream sent a control character in the value of {Encoding.ASCII.GetString(line[..colon])}.");
            }
        }

        return (KnownHeaderNames.Get(line[..colon]), value.IsEmpty ? string.Empty : Encoding.Latin1.GetString(value));
    }

    private static void Interpret(string name, string value, ResponseHead head)
    {
        switch (name.Length)
        {
            case 14 when name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase):
                var length = ParseContentLength(value);
                if (head.ContentLength >= 0 && head.ContentLength != length)
                {
                    throw new UpstreamProtocolException("The upstream sent conflicting Content-Length values.");
                }

                head.ContentLength = length;
                break;
            case 17 when name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase):
                head.HasTransferEncoding = true;
                var last = value.AsSpan();
                var comma = last.LastIndexOf(',');
                head.Chunked = last[(comma + 1)..].Trim(" \t").Equals("chunked", StringComparison.OrdinalIgnoreCase);
                break;
            case 10 when name.Equals("Connection", StringComparison.OrdinalIgnoreCase):
                foreach (var range in value.AsSpan().Split(','))
                {
                    var token = value.AsSpan()[range].Trim(" \t");
                    head.ConnectionClose |= token.Equals("close", StringComparison.OrdinalIgnoreCase);
                    head.KeepAlive |= token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
                }

                break;
            case 12 when name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase):
                head.IsEventStream = value.AsSpan().TrimStart(" \t").StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
                break;
        }
    }

    /// <summary>A Content-Length: digits, or a list of the same digits repeated (RFC 9110 8.6).</summary>
    private static long ParseContentLength(string value)
    {
        long? length = null;
        foreach (var range in value.AsSpan().Split(','))
        {
            var part = value.AsSpan()[range].Trim(" \t");
            if (part.IsEmpty || part.ContainsAnyExceptInRange('0', '9') || !long.TryParse(part, out var parsed) || (length is { } seen && seen != parsed))
            {
                throw new UpstreamProtocolException($"The upstream sent an invalid Content-Length: '{value}'.");
            }

            length = parsed;
        }

        return length ?? throw new UpstreamProtocolException("The upstream sent an empty Content-Length.");
    }

    private static string Printable(ReadOnlySpan<byte> line)
    {
        var text = Encoding.Latin1.GetString(line[..Math.Min(line.Length, 80)]);
        return string.Create(text.Length, text, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
