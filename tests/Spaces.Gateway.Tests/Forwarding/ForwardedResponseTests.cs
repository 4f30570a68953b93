using System.Buffers;
using System.Globalization;
using System.Text;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>The response head written to a client connection the gateway serves itself, from the upstream's head.</summary>
public sealed class ForwardedResponseTests
{
    private const string UpstreamDate = "Date: Tue, 01 Jan 2030 00:00:00 GMT";

    [Fact]
    public void The_head_has_the_status_line_the_upstreams_end_to_end_fields_in_order_and_the_length()
    {
        // Known names are written in their usual case, others as received.
        var upstream = Upstream(
            "HTTP/1.1 200 Fine\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Connection: keep-alive\r\n" +
            "Keep-Alive: timeout=5\r\n" +
            "Set-Cookie: a=1; Path=/\r\n" +
            "Proxy-Authenticate: Basic\r\n" +
            "Alt-Svc: h3=\":443\"\r\n" +
            "Upgrade: h2c\r\n" +
            "set-cookie: b=2; HttpOnly\r\n" +
            "Content-Length: 5\r\n" +
            "x-custom:  v  \r\n" +
            UpstreamDate + "\r\n" +
            "\r\n");

        var written = Write(upstream, upstream.Framing("GET"), AddedResponseHeaders.None);

        Assert.Equal(
            "HTTP/1.1 200 OK\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Set-Cookie: a=1; Path=/\r\n" +
            "Set-Cookie: b=2; HttpOnly\r\n" +
            "x-custom: v\r\n" +
            UpstreamDate + "\r\n" +
            "Content-Length: 5\r\n" +
            "\r\n",
            written);
    }

    [Theory]
    [InlineData(200, "HTTP/1.1 200 OK")]
    [InlineData(201, "HTTP/1.1 201 Created")]
    [InlineData(301, "HTTP/1.1 301 Moved Permanently")]
    [InlineData(404, "HTTP/1.1 404 Not Found")]
    [InlineData(418, "HTTP/1.1 418 I'm a teapot")]
    [InlineData(502, "HTTP/1.1 502 Bad Gateway")]
    [InlineData(299, "HTTP/1.1 299 ")]
    [InlineData(599, "HTTP/1.1 599 ")]
    [InlineData(999, "HTTP/1.1 999 ")]
    public void The_status_line_has_the_servers_reason_phrase(int status, string expected)
    {
        Assert.Equal(expected + "\r\n", Encoding.ASCII.GetString(ForwardedResponse.StatusLine(status)));
        // Made once and kept.
        Assert.Equal(expected + "\r\n", Encoding.ASCII.GetString(ForwardedResponse.StatusLine(status)));

        var upstream = Upstream($"HTTP/1.1 {status} Whatever The App Says\r\nContent-Length: 0\r\n{UpstreamDate}\r\n\r\n");
        Assert.StartsWith(expected + "\r\n", Write(upstream, upstream.Framing("GET"), AddedResponseHeaders.None), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunked_body_is_sent_on_chunked_with_one_transfer_encoding_and_no_length()
    {
        var upstream = Upstream(
            $"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 10\r\nTrailer: X-Sum\r\n{UpstreamDate}\r\n\r\n");

        Assert.Equal(BodyFraming.Chunked, upstream.Framing("GET"));
        Assert.Equal(
            $"HTTP/1.1 200 OK\r\nTrailer: X-Sum\r\n{UpstreamDate}\r\nTransfer-Encoding: chunked\r\n\r\n",
            Write(upstream, BodyFraming.Chunked, AddedResponseHeaders.None));
    }

    [Fact]
    public void A_body_that_lasts_until_the_upstream_closes_is_sent_chunked()
    {
        var upstream = Upstream($"HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n{UpstreamDate}\r\n\r\n");

        Assert.Equal(BodyFraming.UntilClose, upstream.Framing("GET"));
        Assert.Equal(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n{UpstreamDate}\r\nTransfer-Encoding: chunked\r\n\r\n",
            Write(upstream, BodyFraming.UntilClose, AddedResponseHeaders.None));
    }

    [Fact]
    public void A_response_to_head_keeps_the_upstreams_length_and_has_no_body_framing_of_its_own()
    {
        var withLength = Upstream($"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n{UpstreamDate}\r\n\r\n");
        var chunked = Upstream($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n{UpstreamDate}\r\n\r\n");
        var neither = Upstream($"HTTP/1.1 200 OK\r\n{UpstreamDate}\r\n\r\n");

        Assert.Equal(BodyFraming.None, withLength.Framing("HEAD"));
        Assert.Equal(
            $"HTTP/1.1 200 OK\r\n{UpstreamDate}\r\nContent-Length: 1234\r\n\r\n",
            Write(withLength, withLength.Framing("HEAD"), AddedResponseHeaders.None));
        Assert.Equal($"HTTP/1.1 200 OK\r\n{UpstreamDate}\r\n\r\n", Write(chunked, chunked.Framing("HEAD"), AddedResponseHeaders.None));
        Assert.Equal($"HTTP/1.1 200 OK\r\n{UpstreamDate}\r\n\r\n", Write(neither, neither.Framing("HEAD"), AddedResponseHeaders.None));
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n", "HTTP/1.1 204 No Content")]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n", "HTTP/1.1 204 No Content")]
    [InlineData("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n", "HTTP/1.1 204 No Content")]
    [InlineData("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n", "HTTP/1.1 304 Not Modified\r\nETag: \"x\"")]
    public void A_response_without_a_body_gets_no_length_or_chunking(string head, string expected)
    {
        var upstream = Upstream($"{head}{UpstreamDate}\r\n\r\n");

        Assert.Equal(BodyFraming.None, upstream.Framing("GET"));
        Assert.Equal($"{expected}\r\n{UpstreamDate}\r\n\r\n", Write(upstream, BodyFraming.None, AddedResponseHeaders.None));
    }

    [Fact]
    public void Added_headers_replace_the_upstreams_of_the_same_name_ignoring_case_and_an_appended_policy_joins_the_apps_own()
    {
        var added = new AddedResponseHeaders(
            [new("cross-origin-opener-policy", "same-origin"), new("X-Frame-Options", "DENY")],
            [new("Content-Security-Policy", "frame-ancestors 'self' http://localhost:5080")]);
        var upstream = Upstream(
            "HTTP/1.1 200 OK\r\n" +
            "Cross-Origin-Opener-Policy: unsafe-none\r\n" +
            "x-frame-options: SAMEORIGIN\r\n" +
            "X-FRAME-OPTIONS: ALLOW-FROM x\r\n" +
            "Content-Security-Policy: default-src 'self'\r\n" +
            "Content-Length: 2\r\n" +
            UpstreamDate + "\r\n" +
            "\r\n");

        Assert.Equal(
            "HTTP/1.1 200 OK\r\n" +
            "Content-Security-Policy: default-src 'self'\r\n" +
            UpstreamDate + "\r\n" +
            "cross-origin-opener-policy: same-origin\r\n" +
            "X-Frame-Options: DENY\r\n" +
            "Content-Security-Policy: frame-ancestors 'self' http://localhost:5080\r\n" +
            "Content-Length: 2\r\n" +
            "\r\n",
            Write(upstream, upstream.Framing("GET"), added));
        Assert.False(added.Replaces("Set-Cookie"));
        Assert.True(added.Replaces("X-FRAME-options"));
        Assert.False(added.Replaces("Content-Security-Policy"));
    }

    [Fact]
    public void The_added_headers_lines_are_the_replacing_ones_then_the_appended_ones()
    {
        var added = new AddedResponseHeaders([new("A", "1"), new("B", "2")], [new("C", "3")]);

        Assert.Equal("A: 1\r\nB: 2\r\nC: 3\r\n", Encoding.Latin1.GetString(added.Lines));
        Assert.True(AddedResponseHeaders.None.Lines.IsEmpty);
        Assert.False(AddedResponseHeaders.None.Replaces("A"));
    }

    [Fact]
    public void A_date_is_added_when_the_upstream_sent_none_and_not_repeated_when_it_did()
    {
        var without = Upstream("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var with = Upstream("HTTP/1.1 200 OK\r\ndate: Tue, 01 Jan 2030 00:00:00 GMT\r\nContent-Length: 0\r\n\r\n");

        var added = Write(without, without.Framing("GET"), new AddedResponseHeaders([new("X-A", "1")], []));
        var lines = added.Split("\r\n");
        var date = Assert.Single(lines, l => l.StartsWith("Date: ", StringComparison.Ordinal));
        Assert.Equal(["HTTP/1.1 200 OK", "X-A: 1", date, "Content-Length: 0", "", ""], lines);
        Assert.True(DateTimeOffset.TryParseExact(date["Date: ".Length..], "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), date);

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nDate: Tue, 01 Jan 2030 00:00:00 GMT\r\nContent-Length: 0\r\n\r\n",
            Write(with, with.Framing("GET"), AddedResponseHeaders.None));
    }

    [Fact]
    public void What_is_written_parses_back_as_the_same_response()
    {
        var upstream = Upstream(
            "HTTP/1.1 201 Created\r\nLocation: /items/7\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 11\r\nConnection: close\r\n\r\n");

        var written = Write(upstream, upstream.Framing("POST"), AddedResponseHeaders.None);
        var parsed = new ResponseHead();

        Assert.True(ResponseHeadParser.TryParse(Encoding.Latin1.GetBytes(written), parsed, out var consumed));
        Assert.Equal(written.Length, consumed);
        Assert.Equal(201, parsed.StatusCode);
        Assert.Equal(11, parsed.ContentLength);
        Assert.False(parsed.ConnectionClose);
        Assert.Equal(["a=1", "b=2"], parsed.Headers.Where(h => h.Name == "Set-Cookie").Select(h => h.Value));
    }

    [Fact]
    public void Latin1_values_go_out_as_the_bytes_received()
    {
        var upstream = Upstream($"HTTP/1.1 200 OK\r\nX-Name: caf\u00e9\r\nContent-Length: 0\r\n{UpstreamDate}\r\n\r\n");

        var output = new ArrayBufferWriter<byte>();
        ForwardedResponse.WriteHead(upstream, upstream.Framing("GET"), AddedResponseHeaders.None, output);

        Assert.Contains("X-Name: caf\u00e9\r\n", Encoding.Latin1.GetString(output.WrittenSpan), StringComparison.Ordinal);
        Assert.Equal(0xE9, output.WrittenSpan[output.WrittenSpan.IndexOf("caf"u8) + 3]);
    }

    private static ResponseHead Upstream(string text)
    {
        var head = new ResponseHead();
        var bytes = Encoding.Latin1.GetBytes(text);
        Assert.True(ResponseHeadParser.TryParse(bytes, head, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        return head;
    }

    private static string Write(ResponseHead upstream, BodyFraming framing, AddedResponseHeaders added)
    {
        var output = new ArrayBufferWriter<byte>();
        ForwardedResponse.WriteHead(upstream, framing, added, output);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }
}
