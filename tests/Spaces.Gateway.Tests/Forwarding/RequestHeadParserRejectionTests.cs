using Spaces.Gateway.Forwarding.Http1;
using static Spaces.Gateway.Tests.Forwarding.RequestHeads;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>
/// Everything outside the strict subset the direct path reads itself: left whole to Kestrel's server, which then serves (or refuses)
/// it as it would without the gateway's parser, including bytes that cannot start such a head and heads past the parser's limits.
/// </summary>
public sealed class RequestHeadParserRejectionTests
{
    public static TheoryData<string, string> NotForwardableHeads => new()
    {
        // Request line.
        { "absolute-form target", "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "asterisk target", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "authority target", "GET h:80 HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "HTTP/1.0", "GET / HTTP/1.0\r\nHost: h\r\n\r\n" },
        { "HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n" },
        { "lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n" },
        { "no version", "GET /\r\nHost: h\r\n\r\n" },
        { "HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" },
        { "lower-case method", "get / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "mixed-case method", "Get / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "method with a digit", "GET2 / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "method of 21 letters", "ABCDEFGHIJKLMNOPQRSTU / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "no method", " / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "CONNECT", "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n" },
        { "CONNECT with a path", "CONNECT / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "two spaces after the method", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "two spaces before the version", "GET /  HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "space after the version", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n" },
        { "tab as separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "space in the target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "empty line before the request line", "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "empty head", "\r\n\r\n" },

        // Line ends.
        { "bare LF after the request line", "GET / HTTP/1.1\nHost: h\r\n\r\n" },
        { "bare LF between fields", "GET / HTTP/1.1\r\nHost: h\nX-A: a\r\n\r\n" },
        { "bare LF in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\nb\r\n\r\n" },
        { "bare CR after the request line", "GET / HTTP/1.1\rHost: h\r\n\r\n" },
        { "bare CR between fields", "GET / HTTP/1.1\r\nHost: h\rX-A: a\r\n\r\n" },
        { "bare CR in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n" },
        { "bare CR in the target", "GET /a\rb HTTP/1.1\r\nHost: h\r\n\r\n" },

        // Field lines.
        { "obs-fold with a space", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n" },
        { "obs-fold with a tab", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n\tb\r\n\r\n" },
        { "obs-fold of the Host", "GET / HTTP/1.1\r\nHost: h\r\n .evil\r\n\r\n" },
        { "space before the colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A : a\r\n\r\n" },
        { "space before the Host's colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n" },
        { "tab before the colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A\t: a\r\n\r\n" },
        { "no colon", "GET / HTTP/1.1\r\nHost: h\r\nX-A\r\n\r\n" },
        { "empty name", "GET / HTTP/1.1\r\nHost: h\r\n: a\r\n\r\n" },
        { "parenthesis in a name", "GET / HTTP/1.1\r\nHost: h\r\nX(A): a\r\n\r\n" },
        { "quote in a name", "GET / HTTP/1.1\r\nHost: h\r\nX\"A: a\r\n\r\n" },
        { "slash in a name", "GET / HTTP/1.1\r\nHost: h\r\nX/A: a\r\n\r\n" },
        { "non-ASCII name", "GET / HTTP/1.1\r\nHost: h\r\nX-\u00e9: a\r\n\r\n" },
        { "NUL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n" },
        { "control char in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n" },
        { "escape in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: \u001b[31m\r\n\r\n" },
        { "DEL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007fb\r\n\r\n" },
        { "byte 0x80 in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0080\r\n\r\n" },
        { "UTF-8 in a value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: caf\u00c3\u00a9\r\n\r\n" },
        { "byte 0xFF in the Host", "GET / HTTP/1.1\r\nHost: h\u00ff\r\n\r\n" },

        // Host.
        { "two Host headers", "GET / HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n" },
        { "two Host headers of different case", "GET / HTTP/1.1\r\nhost: a\r\nHOST: b\r\n\r\n" },
        { "no Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n" },
        { "no fields", "GET / HTTP/1.1\r\n\r\n" },
        { "empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n" },
        { "Host with a port that is not a number", "GET / HTTP/1.1\r\nHost: h:abc\r\n\r\n" },
        { "Host with an empty port", "GET / HTTP/1.1\r\nHost: h:\r\n\r\n" },
        { "Host with a six-digit port", "GET / HTTP/1.1\r\nHost: h:123456\r\n\r\n" },
        { "Host with user info", "GET / HTTP/1.1\r\nHost: user@h\r\n\r\n" },
        { "Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n" },
        { "Host as an IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n" },
        { "Host with a path", "GET / HTTP/1.1\r\nHost: h/x\r\n\r\n" },
        { "blank Host", "GET / HTTP/1.1\r\nHost:  \t \r\n\r\n" },

        // Body and connection.
        { "Content-Length: 5", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello" },
        { "Content-Length: 00", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 00\r\n\r\n" },
        { "Content-Length: -0", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -0\r\n\r\n" },
        { "Content-Length: 0, 0", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0, 0\r\n\r\n" },
        { "empty Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n" },
        { "two Content-Length: 0", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\ncontent-length: 0\r\n\r\n" },
        { "Transfer-Encoding: chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        { "Transfer-Encoding: identity", "POST / HTTP/1.1\r\nHost: h\r\ntransfer-encoding: identity\r\n\r\n" },
        { "Transfer-Encoding and Content-Length: 0", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n" },
        { "Expect", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n" },
        { "Upgrade", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n" },
        { "WebSocket handshake", "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n" },
        { "h2c upgrade", "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n" },
        { "HTTP2-Settings alone", "GET / HTTP/1.1\r\nHost: h\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n" },
        { "Connection: close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" },
        { "Connection: Close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n" },
        { "Connection: upgrade", "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\n" },
        { "Connection: keep-alive, close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n" },
        { "Connection naming a header", "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n\r\n" },
        { "Connection: TE", "GET / HTTP/1.1\r\nHost: h\r\nConnection: TE\r\nTE: trailers\r\n\r\n" },

        // Target.
        { "dot-dot segment", "GET /a/../b HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "dot segment", "GET /./x HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "trailing dot-dot", "GET /a/.. HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "trailing dot", "GET /a/. HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "dot-dot before a query", "GET /a/..?x=1 HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "encoded dot-dot", "GET /%2e%2e/x HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "encoded dot, upper case", "GET /%2E/x HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "half-encoded dot-dot", "GET /a/.%2E/b HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "fragment", "GET /a#top HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "fragment after a query", "GET /a?x=1#top HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "non-ASCII target", "GET /caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "control char in the target", "GET /a\u0001 HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "DEL in the target", "GET /a\u007f HTTP/1.1\r\nHost: h\r\n\r\n" },
        { "query-only target", "GET ?x=1 HTTP/1.1\r\nHost: h\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(NotForwardableHeads))]
    public void Heads_outside_the_strict_subset_are_left_to_kestrel(string why, string text)
    {
        using var head = new RequestHead();

        Assert.True(RequestHeadStatus.NotForwardable == RequestHeadParser.TryParse(Sequence(text), head, out _), $"{why} should be NotForwardable");

        // The same bytes over segments are read the same way.
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(ByteByByte(text), head, out _));
    }

    [Theory]
    [InlineData("TLS 1.0 record", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003")]
    [InlineData("TLS record, three bytes", "\u0016\u0003\u0001")]
    [InlineData("TLS record, one byte", "\u0016")]
    [InlineData("HTTP/2 preface start", "PRI * HTTP/2.0\r\n")]
    [InlineData("HTTP/2 preface, to the asterisk", "PRI *")]
    [InlineData("absolute-form target", "GET http://h/ HTTP/1.1\r\nHost: h\r\n")]
    [InlineData("absolute-form, first letter", "GET h")]
    [InlineData("asterisk target", "OPTIONS *")]
    [InlineData("lower-case method", "get")]
    [InlineData("lower-case method and target", "get / HTTP/1.1\r\n")]
    [InlineData("method of 21 letters", "ABCDEFGHIJKLMNOPQRSTU")]
    [InlineData("no method", " /")]
    [InlineData("empty line first", "\r\n")]
    [InlineData("binary", "\u0000\u0000\u0000\u0004")]
    [InlineData("SSH banner", "SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("bare LF line ends (Kestrel accepts them)", "GET / HTTP/1.1\nHost: h\n\n")]
    [InlineData("bare LF after a CRLF request line", "GET / HTTP/1.1\r\nHost: h\n\n")]
    [InlineData("bare LF, then a CRLF blank line", "GET / HTTP/1.1\r\nHost: h\n\r\n")]
    public void Bytes_that_cannot_start_a_forwardable_head_are_left_to_kestrel_before_any_blank_line(string why, string text)
    {
        using var head = new RequestHead();

        Assert.True(
            RequestHeadStatus.NotForwardable == RequestHeadParser.TryParse(Sequence(text), head, out _),
            $"{why} should be NotForwardable at once");
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(ByteByByte(text), head, out _));
    }

    [Fact]
    public void A_hundred_fields_are_complete_and_a_hundred_and_one_are_left_to_kestrel()
    {
        using var head = new RequestHead();
        var hundred = "GET / HTTP/1.1\r\nHost: h\r\n" + string.Concat(Enumerable.Range(1, 99).Select(i => $"X-F{i}: {i}\r\n"));

        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence(hundred + "\r\n"), head, out _));
        Assert.Equal(RequestHeadParser.MaxFields, head.Fields.Count);
        Assert.Equal(("X-F99", "99"), Fields(head)[^1]);

        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Sequence(hundred + "X-F100: 100\r\n\r\n"), head, out _));
    }

    [Fact]
    public void A_head_of_the_longest_length_is_complete_and_one_byte_more_is_left_to_kestrel()
    {
        using var head = new RequestHead();
        var longest = HeadOfLength(RequestHeadParser.MaxHeadBytes);

        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence(longest), head, out _));
        Assert.Equal(RequestHeadParser.MaxHeadBytes, head.Length);
        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Segmented(longest, 4000, 9000, 16000), head, out _));

        var longer = HeadOfLength(RequestHeadParser.MaxHeadBytes + 1);
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Sequence(longer), head, out _));
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Segmented(longer, 4000, 9000, 16000), head, out _));

        // Its start alone, however long, is left as soon as it reaches the longest length without a blank line.
        Assert.Equal(RequestHeadStatus.Incomplete, RequestHeadParser.TryParse(Sequence(longer[..(RequestHeadParser.MaxHeadBytes - 1)]), head, out _));
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Sequence(longer[..RequestHeadParser.MaxHeadBytes]), head, out _));
    }

    [Fact]
    public void A_request_line_of_the_longest_length_is_complete_and_one_byte_more_is_left_to_kestrel()
    {
        using var head = new RequestHead();
        string Line(int length) => "GET /" + new string('a', length - "GET / HTTP/1.1".Length) + " HTTP/1.1";

        var longest = Line(RequestHeadParser.MaxRequestLineBytes);
        Assert.Equal(RequestHeadParser.MaxRequestLineBytes, longest.Length);
        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence(longest + "\r\nHost: h\r\n\r\n"), head, out _));
        Assert.Equal(RequestHeadParser.MaxRequestLineBytes - "GET  HTTP/1.1".Length, head.Target.Length);

        var longer = Line(RequestHeadParser.MaxRequestLineBytes + 1);
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Sequence(longer + "\r\nHost: h\r\n\r\n"), head, out _));
    }

    [Fact]
    public void Garbage_without_a_blank_line_is_incomplete_until_it_grows_past_the_longest_head()
    {
        using var head = new RequestHead();
        var garbage = "GET /" + new string('x', 2 * RequestHeadParser.MaxHeadBytes);

        Assert.Equal(RequestHeadStatus.Incomplete, RequestHeadParser.TryParse(Sequence(garbage[..1000]), head, out _));
        Assert.Equal(RequestHeadStatus.Incomplete, RequestHeadParser.TryParse(Sequence(garbage[..(RequestHeadParser.MaxHeadBytes - 1)]), head, out _));
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Sequence(garbage[..RequestHeadParser.MaxHeadBytes]), head, out _));
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Sequence(garbage), head, out _));
        Assert.Equal(RequestHeadStatus.NotForwardable, RequestHeadParser.TryParse(Segmented(garbage, 10, 20_000), head, out _));
    }

    /// <summary>A forwardable head of exactly <paramref name="length"/> bytes (a filler field makes up the length).</summary>
    private static string HeadOfLength(int length)
    {
        const string Start = "GET / HTTP/1.1\r\nHost: h\r\nX-Fill: ";
        const string End = "\r\n\r\n";
        var text = Start + new string('f', length - Start.Length - End.Length) + End;
        Assert.Equal(length, text.Length);
        return text;
    }
}
