using System.Net;
using System.Net.Sockets;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>What the client gets when the upstream is gone, slow, or the request too large.</summary>
public sealed class GatewayForwarderErrorTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_closed_upstream_port_gives_502_as_a_page_for_browsers_and_text_otherwise()
    {
        await using var gateway = await TestGateway.StartAsync(new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        using var browser = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/?id=browser"));
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var page = await _client.SendAsync(browser);
        using var text = await _client.GetAsync(gateway.Url("/api/predict?id=api"));

        Assert.Equal(HttpStatusCode.BadGateway, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>502 Bad gateway</h1>", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("502 Bad gateway", await text.Content.ReadAsStringAsync());
        Assert.Equal(ForwardOutcome.UpstreamUnreachable, await gateway.OutcomeAsync("browser"));
    }

    [Fact]
    public async Task An_upstream_that_sends_no_headers_in_time_gives_504()
    {
        // Long enough for the request to reach the upstream on a busy machine (a shorter one can expire before the upstream even
        // parsed the request, and then there is no upstream call left to cancel).
        await using var gateway = await TestGateway.StartAsync(fixture.Upstream.Address, o => o.ResponseHeadersTimeout = TimeSpan.FromSeconds(2));

        using var response = await _client.GetAsync(gateway.Url("/slow?id=timeout"));
        await fixture.Upstream.Signals.WaitAsync("arrived:timeout");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ForwardOutcome.UpstreamTimeout, await gateway.OutcomeAsync("timeout"));
        // The abandoned upstream call is cancelled, not left running.
        await fixture.Upstream.Signals.WaitAsync("aborted:timeout");
    }

    [Fact]
    public async Task The_response_headers_timeout_does_not_cut_a_long_streamed_body()
    {
        await using var gateway = await TestGateway.StartAsync(fixture.Upstream.Address, o => o.ResponseHeadersTimeout = TimeSpan.FromMilliseconds(200));

        using var response = await _client.GetAsync(gateway.Url("/sse?id=long-body"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = await stream.ReadAsync(buffer);
        await Task.Delay(500);
        fixture.Upstream.Signals["sse-received:long-body"].SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync();

        Assert.True(first > 0);
        Assert.EndsWith("data: two\n\n", rest);
        Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync("long-body"));
    }

    [Fact]
    public async Task An_upload_lasting_longer_than_the_response_headers_timeout_is_not_cut()
    {
        // 12 pieces 300 ms apart: the upload lasts 3.6 s, the timeout is 2 s, counted from the last piece sent (the margin is for a
        // busy machine, where the first pieces can wait on the JIT).
        await using var gateway = await TestGateway.StartAsync(fixture.Upstream.Address, o => o.ResponseHeadersTimeout = TimeSpan.FromSeconds(2));
        using var content = new SlowContent(pieces: 12, TimeSpan.FromMilliseconds(300));

        using var response = await _client.PostAsync(gateway.Url("/echo?id=slow-upload"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SlowContent.Expected(12), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync("slow-upload"));
    }

    [Fact]
    public async Task A_body_over_the_limit_by_content_length_gets_413_without_contacting_the_upstream()
    {
        await using var gateway = await TestGateway.StartAsync(fixture.Upstream.Address, o => o.MaxRequestBodyBytes = 1024);
        var before = fixture.Upstream.CountedRequests;

        using var response = await _client.PostAsync(gateway.Url("/counted?id=too-large"), new ByteArrayContent(new byte[2048]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ForwardOutcome.RequestTooLarge, await gateway.OutcomeAsync("too-large"));
        Assert.Equal(before, fixture.Upstream.CountedRequests);
    }

    [Fact]
    public async Task A_chunked_body_growing_over_the_limit_is_cut()
    {
        await using var gateway = await TestGateway.StartAsync(fixture.Upstream.Address, o => o.MaxRequestBodyBytes = 1024);
        using var content = new StreamContent(new MemoryStreamWithoutLength(new byte[64 * 1024]));

        HttpStatusCode? status = null;
        try
        {
            using var response = await _client.PostAsync(gateway.Url("/echo?id=chunked-too-large"), content);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The gateway may close the connection before the client finished sending: also a refusal.
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"got {status}");
        Assert.Equal(ForwardOutcome.RequestTooLarge, await gateway.OutcomeAsync("chunked-too-large"));
    }

    [Fact]
    public async Task A_small_body_under_the_limit_passes()
    {
        await using var gateway = await TestGateway.StartAsync(fixture.Upstream.Address, o => o.MaxRequestBodyBytes = 1024);

        using var response = await _client.PostAsync(gateway.Url("/echo"), new ByteArrayContent(new byte[1024]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1024, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class MemoryStreamWithoutLength(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A chunked request body written a piece at a time with a pause between pieces (a slow uploader).</summary>
    private sealed class SlowContent(int pieces, TimeSpan pause) : HttpContent
    {
        public static byte[] Expected(int pieces) => [.. Enumerable.Range(0, pieces).SelectMany(i => Piece(i))];

        private static byte[] Piece(int i) => Enumerable.Repeat((byte)('a' + i), 1000).ToArray();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < pieces; i++)
            {
                await stream.WriteAsync(Piece(i));
                await stream.FlushAsync();
                await Task.Delay(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
