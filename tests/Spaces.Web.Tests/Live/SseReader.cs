using System.Net;
using System.Text;
using System.Text.Json;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Live;

/// <summary>Reads <c>data:</c> events of a <c>text/event-stream</c> response as they arrive (comments skipped).</summary>
internal sealed class SseReader : IAsyncDisposable
{
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Opens the stream: returns once the headers arrived, while the body is still being written.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient client, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Only a refusal has a body that ends: show it.
            await ApiAssert.StatusAsync(HttpStatusCode.OK, response);
        }

        return new SseReader(response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    /// <summary>The next event's JSON.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The event stream ended.");
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }
    }

    /// <summary>The next log event's line, skipping keep-alives.</summary>
    public async Task<string> NextDataAsync()
    {
        while (true)
        {
            var data = (await NextAsync()).GetProperty("data").GetString();
            if (!string.IsNullOrEmpty(data))
            {
                return data;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
