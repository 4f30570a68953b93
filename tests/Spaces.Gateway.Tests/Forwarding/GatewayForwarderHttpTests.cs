using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>Plain HTTP through the forwarder: bodies both ways, headers, X-Forwarded-*, paths and queries.</summary>
public sealed class GatewayForwarderHttpTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Get_returns_the_upstreams_answer()
    {
        using var response = await _client.GetAsync(fixture.Gateway.Url("/hello?id=get"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello from upstream", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ForwardOutcome.Success, await fixture.Gateway.OutcomeAsync("get"));
    }

    [Fact]
    public async Task Headers_are_copied_hop_by_hop_ones_dropped_and_forwarded_ones_set()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Gateway.Url("/headers"));
        request.Headers.Host = "alice--demo.spaces.localhost:5080";
        request.Headers.Connection.Add("keep-alive");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.TryAddWithoutValidation("Upgrade-Insecure-Requests", "1");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.TryAddWithoutValidation("X-Custom", "kept");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "gopher");

        using var response = await _client.SendAsync(request);
        var seen = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;
        seen = new Dictionary<string, string>(seen, StringComparer.OrdinalIgnoreCase);

        Assert.Equal("kept", seen["X-Custom"]);
        Assert.Equal(fixture.Upstream.Address.Authority, seen["Host"]);
        Assert.Equal("alice--demo.spaces.localhost:5080", seen["X-Forwarded-Host"]);
        Assert.Equal("203.0.113.7, 127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        foreach (var hopByHop in new[] { "Connection", "Keep-Alive", "Proxy-Authorization", "Upgrade-Insecure-Requests", "TE", "Transfer-Encoding" })
        {
            Assert.False(seen.ContainsKey(hopByHop), $"{hopByHop} reached the upstream");
        }

        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Upstream")));
        Assert.Equal(["a=1; Path=/", "b=2; Path=/"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("en", Assert.Single(response.Content.Headers.ContentLanguage));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Alt-Svc"));
    }

    [Fact]
    public async Task Post_body_and_its_content_headers_reach_the_upstream()
    {
        using var content = new StringContent("{\"prompt\":\"héllo\"}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(fixture.Gateway.Url("/echo"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"prompt\":\"héllo\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_50_MB_upload_is_echoed_byte_identical()
    {
        var body = new byte[50 * 1024 * 1024];
        new Random(5).NextBytes(body);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _client.PostAsync(fixture.Gateway.Url("/echo?id=upload"), content);
        var echoed = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(echoed));
        Assert.Equal(ForwardOutcome.Success, await fixture.Gateway.OutcomeAsync("upload"));
    }

    [Fact]
    public async Task A_chunked_upload_is_streamed_through()
    {
        var body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(body);
        // No length: the client sends it chunked, and so does the forwarder.
        using var content = new StreamContent(new NoLengthStream(body));

        using var response = await _client.PostAsync(fixture.Gateway.Url("/echo"), content);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Query_string_and_encoded_path_are_preserved()
    {
        const string target = "/raw/a%20b/%E2%9C%93/c%2Fd/?q=a%26b&x=%2B1&empty=&flag&q=2";

        using var response = await _client.GetAsync(fixture.Gateway.Url(target));

        Assert.Equal(target, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A readable stream that does not tell its length.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
