namespace Spaces.Runtime.Benchmarks;

/// <summary>Polls GET http://127.0.0.1:{port}{path} (how a Space is reached: its port published on loopback) until it answers.</summary>
internal sealed class HttpAnswer : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    // A fresh connection per attempt, as the gateway's first request after a wake would have.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Waits for a 2xx answer whose body contains <paramref name="expected"/> (any body when null); returns the body.</summary>
    public async Task<string> WaitAsync(int port, string? expected, TimeSpan timeout, CancellationToken cancellationToken, string path = "/")
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode && (expected is null || body.Contains(expected, StringComparison.Ordinal)))
                {
                    return body;
                }

                last = $"{(int)response.StatusCode}: {body.Trim()}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"127.0.0.1:{port} gave no answer with '{expected}' within {timeout.TotalSeconds:F0} s (last: {last}).");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
