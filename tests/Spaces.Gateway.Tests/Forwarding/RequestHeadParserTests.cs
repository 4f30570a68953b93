using System.Buffers;
using System.Text;
using Spaces.Gateway.Forwarding.Http1;
using static Spaces.Gateway.Tests.Forwarding.RequestHeads;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>
/// The direct path's request head parser: the simple heads it reads itself (whole, cut, or spread over segments) and the many others it
/// must leave to Kestrel's server untouched.
/// </summary>
public sealed class RequestHeadParserTests
{
    private const string Get =
        "GET /index.html?q=1&r=%2F HTTP/1.1\r\n" +
        "Host: owner--name.spaces.localhost:5080\r\n" +
        "User-Agent:   curl/8.5.0  \r\n" +
        "Accept:*/*\r\n" +
        "X-Empty:\r\n" +
        "X-Blank: \t \r\n" +
        "X-Tabbed:\t a \tb\t\r\n" +
        "Connection: keep-alive\r\n" +
        "\r\n";

    private const string Next = "POST /next HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n";

    private static readonly (string, string)[] GetFields =
    [
        ("Host", "owner--name.spaces.localhost:5080"), ("User-Agent", "curl/8.5.0"), ("Accept", "*/*"), ("X-Empty", ""), ("X-Blank", ""),
        ("X-Tabbed", "a \tb"), ("Connection", "keep-alive"),
    ];

    [Fact]
    public void A_simple_get_is_complete_with_its_method_target_host_and_trimmed_fields_and_ends_where_the_next_request_starts()
    {
        var buffer = Sequence(Get + Next);
        using var head = new RequestHead();

        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(buffer, head, out var end));

        Assert.Equal("GET", head.Method);
        Assert.Equal("/index.html?q=1&r=%2F", Text(head.Target));
        Assert.Equal("owner--name.spaces.localhost:5080", Text(head.Host));
        Assert.Equal(GetFields, Fields(head));
        Assert.All(head.Fields, f => Assert.False(f.Removed));
        Assert.False(head.ContentLengthZero);
        Assert.Equal(Get.Length, head.Length);
        Assert.Equal(Get, Text(head.Bytes));
        Assert.Equal(Next, Text(buffer.Slice(end).ToArray()));

        // The pipelined request is read from there, into the same head.
        var rest = buffer.Slice(end);
        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(rest, head, out var nextEnd));
        Assert.Equal("POST", head.Method);
        Assert.Equal("/next", Text(head.Target));
        Assert.True(head.ContentLengthZero);
        Assert.True(rest.Slice(nextEnd).IsEmpty);
    }

    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("DELETE", "DELETE")]
    [InlineData("PROPFIND", "PROPFIND")]
    [InlineData("M-SEARCH", "M-SEARCH")]
    [InlineData("MY_METHOD", "MY_METHOD")]
    public void Upper_case_methods_are_read_as_sent(string method, string expected)
    {
        using var head = Parse($"{method} / HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal(expected, head.Method);
        Assert.Equal("/", Text(head.Target));
    }

    [Theory]
    [InlineData("Content-Length: 0")]
    [InlineData("content-length:0")]
    [InlineData("CONTENT-LENGTH: \t0 ")]
    public void A_zero_content_length_is_complete_and_noted(string field)
    {
        using var head = Parse($"POST /form HTTP/1.1\r\nHost: h\r\n{field}\r\n\r\n");

        Assert.True(head.ContentLengthZero);
    }

    [Theory]
    [InlineData("Connection: keep-alive")]
    [InlineData("Connection: Keep-Alive")]
    [InlineData("connection: keep-alive, KEEP-ALIVE")]
    [InlineData("Connection:")]
    public void A_connection_header_saying_only_keep_alive_is_complete(string field)
    {
        using var head = Parse($"GET / HTTP/1.1\r\nHost: h\r\n{field}\r\n\r\n");

        Assert.Equal(2, head.Fields.Count);
    }

    [Theory]
    [InlineData("/search?path=/../etc&x=/./y")]
    [InlineData("/?a=%2e%2e")]
    [InlineData("/a.b/c..d/e.")]
    [InlineData("/a%20b/c%2Fd")]
    public void A_query_with_dot_segments_and_dots_inside_segments_are_complete(string target)
    {
        using var head = Parse($"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal(target, Text(head.Target));
    }

    [Fact]
    public void Every_cut_of_a_head_is_incomplete_and_the_whole_is_complete()
    {
        using var head = new RequestHead();
        for (var length = 0; length < Get.Length; length++)
        {
            Assert.True(
                RequestHeadStatus.Incomplete == RequestHeadParser.TryParse(Sequence(Get[..length]), head, out _),
                $"cut after {length} bytes: '{Get[..length]}'");
        }

        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence(Get), head, out _));
    }

    [Fact]
    public void A_head_spread_over_segments_is_incomplete_when_cut_and_complete_when_whole_wherever_the_segments_end()
    {
        using var head = new RequestHead();
        // Two segments, cut at every offset (the blank line and the CRLFs split too).
        for (var cut = 0; cut <= Get.Length; cut++)
        {
            var buffer = Segmented(Get + Next, cut);
            Assert.False(buffer.IsSingleSegment);
            Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(buffer, head, out var end));
            Assert.Equal(GetFields, Fields(head));
            Assert.Equal("/index.html?q=1&r=%2F", Text(head.Target));
            Assert.Equal("owner--name.spaces.localhost:5080", Text(head.Host));
            Assert.Equal(Next, Text(buffer.Slice(end).ToArray()));
        }

        // One byte per segment, with an empty segment in it: every cut incomplete, the whole complete.
        for (var length = 2; length < Get.Length; length++)
        {
            var buffer = ByteByByte(Get[..length]);
            Assert.True(
                RequestHeadStatus.Incomplete == RequestHeadParser.TryParse(buffer, head, out _),
                $"cut after {length} bytes in one-byte segments");
        }

        var whole = Segmented(Get, [.. Enumerable.Range(1, 40), 40, .. Enumerable.Range(41, Get.Length - 41)]);
        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(whole, head, out var wholeEnd));
        Assert.Equal(GetFields, Fields(head));
        Assert.Equal(Get, Text(head.Bytes));
        Assert.True(whole.Slice(wholeEnd).IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("GET")]
    [InlineData("GET ")]
    [InlineData("GET /")]
    [InlineData("ABCDEFGHIJKLMNOPQRST")]
    [InlineData("GET / HTTP/1.0\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\r")]
    public void The_start_of_what_may_be_a_forwardable_head_is_incomplete(string text)
    {
        using var head = new RequestHead();

        Assert.Equal(RequestHeadStatus.Incomplete, RequestHeadParser.TryParse(Sequence(text), head, out _));
    }

    [Fact]
    public void A_second_shorter_head_in_the_same_request_head_leaves_nothing_of_the_first()
    {
        using var head = Parse(
            "PATCH /a/long/path?with=query HTTP/1.1\r\nHost: first.example:8080\r\nCookie: a=1\r\nContent-Length: 0\r\n" +
            "Accept: text/html\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n");
        head.Replace(1, "b=2");
        head.Remove(4);

        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence("GET / HTTP/1.1\r\nHost: s\r\nX: y\r\n\r\n"), head, out _));

        Assert.Equal("GET", head.Method);
        Assert.Equal("/", Text(head.Target));
        Assert.Equal("s", Text(head.Host));
        Assert.False(head.ContentLengthZero);
        Assert.Equal("GET / HTTP/1.1\r\nHost: s\r\nX: y\r\n\r\n", Text(head.Bytes));
        Assert.Equal([("Host", "s"), ("X", "y")], Fields(head));
        Assert.All(head.Fields, f => Assert.False(f.Removed));
        Assert.All(head.Fields, f => Assert.Equal(-1, f.Replacement));
        Assert.False(head.HasValueContaining("Accept"u8, "text/html"u8));
    }

    [Fact]
    public void A_longer_head_than_the_request_heads_buffer_is_read_whole()
    {
        using var head = Parse("GET / HTTP/1.1\r\nHost: s\r\n\r\n");
        var longer = "GET /big HTTP/1.1\r\nHost: b\r\nX-Big: " + new string('v', 5000) + "\r\n\r\n";

        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence(longer), head, out _));

        Assert.Equal(longer, Text(head.Bytes));
        Assert.Equal(5000, head.Value(head.Fields[1]).Length);
        Assert.Equal("b", Text(head.Host));
    }

    [Fact]
    public void Replace_and_remove_change_what_the_fields_say_and_values_are_searched_ignoring_case()
    {
        using var head = Parse("GET / HTTP/1.1\r\nHost: h\r\nAccept: Text/HTML,*/*\r\nCookie: spaces_session=s; a=1\r\nX-Gone: 1\r\n\r\n");

        head.Replace(2, "a=1");
        head.Remove(3);

        Assert.Equal([("Host", "h"), ("Accept", "Text/HTML,*/*"), ("Cookie", "a=1"), ("X-Gone", "1")], Fields(head));
        Assert.Equal(new[] { false, false, false, true }, head.Fields.Select(f => f.Removed));
        Assert.True(head.HasValueContaining("accept"u8, "text/html"u8));
        Assert.True(head.HasValueContaining("ACCEPT"u8, "*/*"u8));
        Assert.False(head.HasValueContaining("Accept"u8, "application/json"u8));
        Assert.False(head.HasValueContaining("X-Accept"u8, "text/html"u8));
        // The replacement is what is searched, not the value received.
        Assert.False(head.HasValueContaining("Cookie"u8, "spaces_session"u8));
        Assert.True(head.HasValueContaining("cookie"u8, "A=1"u8));
        // The head's bytes stay as received.
        Assert.Contains("Cookie: spaces_session=s; a=1\r\n", Text(head.Bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "ABC", true)]
    [InlineData("xxText/Htmlyy", "text/html", true)]
    [InlineData("abc", "", true)]
    [InlineData("ab", "abc", false)]
    [InlineData("", "a", false)]
    [InlineData("a-b", "a_b", false)]
    public void Contains_ignore_case_compares_ascii_letters_only_ignoring_case(string value, string part, bool expected)
    {
        Assert.Equal(expected, RequestHead.ContainsIgnoreCase(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(part)));
    }
}
