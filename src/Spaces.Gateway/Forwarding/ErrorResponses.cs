using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>The gateway's own 502/504/413 answers: a small HTML page for browsers, one line of text for everyone else.</summary>
internal static class ErrorResponses
{
    /// <summary>Writes the answer for <paramref name="statusCode"/> unless the response has started (then it does nothing).</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = statusCode;
        response.Headers.CacheControl = "no-store";
        var (contentType, body) = Page(statusCode, WantsHtml(context.Request));
        try
        {
            response.ContentType = contentType;
            await response.WriteAsync(body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left while the page was written: nothing more to do.
        }
    }

    /// <summary>
    /// Writes the whole answer for <paramref name="statusCode"/> (head, with <paramref name="added"/>, and body) to a client connection
    /// the gateway serves itself.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, int statusCode, bool html, AddedResponseHeaders added)
    {
        var (contentType, body) = Page(statusCode, html);
        var bytes = Encoding.UTF8.GetBytes(body);
        output.Write(ForwardedResponse.StatusLine(statusCode));
        output.Write(Encoding.ASCII.GetBytes($"Cache-Control: no-store\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n"));
        output.Write(added.Lines);
        output.Write(HttpDate.Line());
        output.Write("\r\n"u8);
        output.Write(bytes);
    }

    /// <summary>The page's content type and text: a small HTML page for browsers, one line of text for everyone else.</summary>
    private static (string ContentType, string Body) Page(int statusCode, bool html)
    {
        var (title, detail) = statusCode switch
        {
            StatusCodes.Status502BadGateway => ("Bad gateway", "The Space's app could not be reached. It may be starting, restarting or stopped; try again in a moment."),
            StatusCodes.Status504GatewayTimeout => ("Gateway timeout", "The Space's app did not answer in time."),
            StatusCodes.Status413PayloadTooLarge => ("Request too large", "The request body is larger than the gateway accepts."),
            _ => ("Error", "The request could not be forwarded."),
        };

        return html
            ? ("text/html; charset=utf-8",
                $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{statusCode} {WebUtility.HtmlEncode(title)}</title>" +
                "<style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:36rem;color:#333}h1{font-size:1.4rem}</style></head>" +
                $"<body><h1>{statusCode} {WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p></body></html>")
            : ("text/plain; charset=utf-8", $"{statusCode} {title}: {detail}\n");
    }

    private static bool WantsHtml(HttpRequest request)
    {
        foreach (var accept in request.Headers[HeaderNames.Accept])
        {
            if (accept is not null && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
