using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Spaces.Web.Live;

/// <summary>
/// Writes a <c>text/event-stream</c> response: unbuffered (also through nginx: <c>X-Accel-Buffering: no</c>), one
/// <c>data: {json}</c> event at a time, each flushed as soon as it is written.
/// </summary>
public sealed class ServerSentEventWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    private readonly HttpResponse _response;

    private ServerSentEventWriter(HttpResponse response) => _response = response;

    /// <summary>Sends the headers at once, so the client sees the stream open before the first event.</summary>
    public static async Task<ServerSentEventWriter> StartAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        return new ServerSentEventWriter(response);
    }

    /// <summary>Writes <c>data: {json}</c> and flushes (JSON escapes line breaks, so the event is one line).</summary>
    public async Task WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var body = _response.Body;
        await body.WriteAsync(DataPrefix, cancellationToken);
        await JsonSerializer.SerializeAsync(body, value, typeInfo, cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes a comment line (<c>: text</c>), which clients ignore; used as keep-alive.</summary>
    public async Task WriteCommentAsync(string text, CancellationToken cancellationToken)
    {
        await _response.Body.WriteAsync(Encoding.UTF8.GetBytes($": {text.ReplaceLineEndings(" ")}\n\n"), cancellationToken);
        await _response.Body.FlushAsync(cancellationToken);
    }
}
