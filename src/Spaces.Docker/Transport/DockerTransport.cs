using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spaces.Docker.Models;

namespace Spaces.Docker.Transport;

/// <summary>
/// HTTP/1.1 to the engine over its unix socket or TCP: one core request method, API version negotiated once,
/// no overall timeout (streams last as long as their callers want), engine errors turned into typed exceptions.
/// </summary>
internal sealed class DockerTransport : IDisposable
{
    private static readonly Uri BaseAddress = new("http://docker/");

    private readonly DockerEndpoint _endpoint;
    private readonly HttpClient _http;
    private readonly HttpClient _freshHttp;
    private readonly SemaphoreSlim _versionLock = new(1, 1);
    private readonly TimeSpan _connectTimeout;
    private string? _versionPrefix;

    public DockerTransport(DockerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _endpoint = DockerEndpoint.Resolve(options.Host);
        _connectTimeout = options.ConnectTimeout;
        if (options.ApiVersion is { } fixedVersion)
        {
            _versionPrefix = "/v" + ApiVersion.Parse(fixedVersion);
        }
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Spaces.Docker", "1.0"));

        // Never reuses a connection: an engine that is stopping closes its listener first but goes on answering the connections it
        // has (measured: dockerd 20.10 answered pings on a pooled connection for seconds after SIGTERM), so liveness needs a new one.
        _freshHttp = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _freshHttp.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Spaces.Docker", "1.0"));
    }

    /// <summary>The engine address, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    public string Endpoint => _endpoint.Display;

    /// <summary>The parsed engine address, for transports that open their own sockets.</summary>
    public DockerEndpoint EngineEndpoint => _endpoint;

    /// <summary>Time allowed to open a connection.</summary>
    public TimeSpan ConnectTimeout => _connectTimeout;

    /// <summary>The API version in use, negotiating it first when needed.</summary>
    public async Task<string> GetApiVersionAsync(CancellationToken cancellationToken) =>
        (await GetVersionPrefixAsync(cancellationToken).ConfigureAwait(false))[2..];

    /// <summary>
    /// The core request: sends, and returns the response when its status is a success (or one of <paramref name="acceptedStatuses"/>);
    /// otherwise reads the engine's message and throws the matching <see cref="DockerException"/>. The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        QueryString? query,
        HttpContent? content,
        CancellationToken cancellationToken,
        bool versioned = true,
        bool streamResponse = false,
        HttpStatusCode[]? acceptedStatuses = null,
        bool freshConnection = false)
    {
        var prefix = versioned ? await GetVersionPrefixAsync(cancellationToken).ConfigureAwait(false) : "";
        using var request = new HttpRequestMessage(method, prefix + path + query) { Content = content };
        var completion = streamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
        HttpResponseMessage response;
        try
        {
            response = await (freshConnection ? _freshHttp : _http).SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (FindInner<DockerUnreachableException>(ex) is { } unreachable)
        {
            throw new DockerUnreachableException(unreachable.Endpoint, unreachable.EngineMessage, ex);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            throw new DockerUnreachableException(_endpoint.Display, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            throw new DockerUnreachableException(_endpoint.Display, $"no connection within {_connectTimeout.TotalSeconds:0.#} s", ex);
        }

        if (response.IsSuccessStatusCode || (acceptedStatuses is not null && acceptedStatuses.Contains(response.StatusCode)))
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw DockerErrors.FromResponse(response.StatusCode, body);
        }
    }

    /// <summary>Sends and reads a JSON answer.</summary>
    public async Task<T> SendForJsonAsync<T>(
        HttpMethod method, string path, QueryString? query, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken,
        bool versioned = true)
    {
        using var response = await SendAsync(method, path, query, content, cancellationToken, versioned).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new DockerStreamException($"The engine answered {method} {path} with an empty JSON value.");
            }
            catch (JsonException ex)
            {
                throw new DockerStreamException($"The engine's answer to {method} {path} is not the JSON expected: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Sends and ignores the answer's body; returns the status (useful for 304 Not Modified).</summary>
    public async Task<HttpStatusCode> SendNoContentAsync(
        HttpMethod method, string path, QueryString? query, HttpContent? content, CancellationToken cancellationToken,
        HttpStatusCode[]? acceptedStatuses = null)
    {
        using var response = await SendAsync(method, path, query, content, cancellationToken, acceptedStatuses: acceptedStatuses)
            .ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>A JSON request body (serialized up front so the engine gets a Content-Length).</summary>
    public static HttpContent JsonBody<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A tar request body streamed from <paramref name="tar"/> (chunked; the caller keeps ownership of the stream).</summary>
    public static HttpContent TarBody(Stream tar)
    {
        var content = new StreamContent(new NonDisposingStream(tar), 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    public void Dispose()
    {
        _http.Dispose();
        _freshHttp.Dispose();
        _versionLock.Dispose();
    }

    /// <summary>The path prefix of the negotiated API version, e.g. <c>/v1.41</c>, negotiating it first when needed.</summary>
    public async ValueTask<string> GetVersionPrefixAsync(CancellationToken cancellationToken)
    {
        if (_versionPrefix is { } prefix)
        {
            return prefix;
        }
        await _versionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_versionPrefix is null)
            {
                var version = await SendForJsonAsync(
                    HttpMethod.Get, "/version", null, null, DockerJsonContext.Default.VersionResponse, cancellationToken, versioned: false)
                    .ConfigureAwait(false);
                var server = version.ApiVersion is { Length: > 0 } text ? ApiVersion.Parse(text) : ApiVersion.Oldest;
                _versionPrefix = "/v" + ApiVersion.Min(server, ApiVersion.Newest);
            }
            return _versionPrefix;
        }
        finally
        {
            _versionLock.Release();
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = _endpoint.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connectTimeout);
        try
        {
            await socket.ConnectAsync(_endpoint.SocketEndPoint, timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DockerUnreachableException(_endpoint.Display, _endpoint.DescribeConnectFailure(ex), ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new DockerUnreachableException(_endpoint.Display, $"no connection within {_connectTimeout.TotalSeconds:0.#} s", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (var current = ex.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }
        return null;
    }
}
