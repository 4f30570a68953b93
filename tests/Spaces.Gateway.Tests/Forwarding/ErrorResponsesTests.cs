using System.Buffers;
using System.Globalization;
using System.Text;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>The gateway's own error answers written whole to a client connection it serves itself.</summary>
public sealed class ErrorResponsesTests
{
    [Theory]
    [InlineData(502, "HTTP/1.1 502 Bad Gateway", "502 Bad gateway: The Space's app could not be reached.")]
    [InlineData(504, "HTTP/1.1 504 Gateway Timeout", "504 Gateway timeout: The Space's app did not answer in time.")]
    [InlineData(413, "HTTP/1.1 413 Payload Too Large", "413 Request too large: The request body is larger than the gateway accepts.")]
    [InlineData(500, "HTTP/1.1 500 Internal Server Error", "500 Error: The request could not be forwarded.")]
    public void A_plain_text_answer_has_its_status_no_store_its_length_the_added_fields_and_a_date(int status, string statusLine, string start)
    {
        var added = new AddedResponseHeaders([new("X-Frame-Options", "DENY")], [new("Content-Security-Policy", "frame-ancestors 'none'")]);

        var (lines, body) = Write(status, html: false, added);

        Assert.Equal(statusLine, lines[0]);
        Assert.Equal("Cache-Control: no-store", lines[1]);
        Assert.Equal("Content-Type: text/plain; charset=utf-8", lines[2]);
        Assert.Equal($"Content-Length: {body.Length}", lines[3]);
        Assert.Equal("X-Frame-Options: DENY", lines[4]);
        Assert.Equal("Content-Security-Policy: frame-ancestors 'none'", lines[5]);
        Assert.StartsWith("Date: ", lines[6], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParseExact(lines[6]["Date: ".Length..], "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), lines[6]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith(start, Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.EndsWith("\n", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(502, "<h1>502 Bad gateway</h1>", "<p>The Space&#39;s app could not be reached.")]
    [InlineData(504, "<h1>504 Gateway timeout</h1>", "<p>The Space&#39;s app did not answer in time.</p>")]
    [InlineData(413, "<h1>413 Request too large</h1>", "<p>The request body is larger than the gateway accepts.</p>")]
    public void A_browser_gets_a_small_html_page_of_the_stated_length(int status, string heading, string detail)
    {
        var (lines, body) = Write(status, html: true, AddedResponseHeaders.None);

        Assert.Equal("Content-Type: text/html; charset=utf-8", lines[2]);
        Assert.Equal($"Content-Length: {body.Length}", lines[3]);
        Assert.StartsWith("Date: ", lines[4], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        var page = Encoding.UTF8.GetString(body);
        Assert.StartsWith("<!doctype html>", page, StringComparison.Ordinal);
        Assert.Contains(heading, page, StringComparison.Ordinal);
        Assert.Contains(detail, page, StringComparison.Ordinal);
        Assert.EndsWith("</html>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_answer_parses_back_as_one_response_of_its_length()
    {
        var output = new ArrayBufferWriter<byte>();
        ErrorResponses.Write(output, 502, html: true, AddedResponseHeaders.None);
        ErrorResponses.Write(output, 504, html: false, AddedResponseHeaders.None);
        var bytes = output.WrittenSpan;
        var head = new ResponseHead();

        Assert.True(ResponseHeadParser.TryParse(bytes, head, out var consumed));
        Assert.Equal(502, head.StatusCode);
        Assert.Equal(BodyFraming.ContentLength, head.Framing("GET"));

        // The second answer starts right where the first one's body ends.
        var second = bytes[(consumed + (int)head.ContentLength)..];
        Assert.True(ResponseHeadParser.TryParse(second, head, out consumed));
        Assert.Equal(504, head.StatusCode);
        Assert.Equal(second.Length - consumed, head.ContentLength);
    }

    private static (string[] Lines, byte[] Body) Write(int status, bool html, AddedResponseHeaders added)
    {
        var output = new ArrayBufferWriter<byte>();
        ErrorResponses.Write(output, status, html, added);
        var bytes = output.WrittenSpan.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end > 0);
        return (Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n"), bytes[(end + 4)..]);
    }
}
