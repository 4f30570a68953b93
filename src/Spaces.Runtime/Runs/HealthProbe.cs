using System.Net.Sockets;

namespace Spaces.Runtime.Runs;

/// <summary>
/// Asks a Space's app over HTTP on its 127.0.0.1 port: any HTTP answer (even 404 or 500) means it is up; a refused, reset or
/// silent connection means not yet.
/// </summary>
public sealed class HealthProbe : IDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = AttemptTimeout,
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = AttemptTimeout,
    };

    /// <summary>One attempt: true when the app answered anything over HTTP.</summary>
    public async Task<bool> AnswersAsync(int hostPort, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{hostPort}/");
            request.Headers.ConnectionClose = true;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // This attempt timed out; the app may still be starting.
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
