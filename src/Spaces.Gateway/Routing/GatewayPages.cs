using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Spaces.Gateway.Routing;

/// <summary>Writes the gateway's own small HTML pages (not found, building, errors, paused, waking up) on a Space's origin.</summary>
internal static class GatewayPages
{
    /// <summary>The stage header API clients can read instead of the page.</summary>
    public const string StageHeader = "X-Spaces-Stage";

    /// <summary>The one answer for unknown Spaces and private Spaces the visitor may not see: the two are indistinguishable.</summary>
    public static GatewayPage NotFound { get; } = new(StatusCodes.Status404NotFound, "404: no Space here",
        "There is no Space at this address, or you may not see it. If you were given a link to a private Space, open it from the platform while logged in.");

    /// <summary>Writes <paramref name="page"/> as the response (which must not have started).</summary>
    public static Task WriteAsync(HttpContext context, GatewayPage page, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = page.Status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (page.Stage is not null)
        {
            response.Headers[StageHeader] = page.Stage;
        }

        if (page.RefreshSeconds is { } refresh)
        {
            response.Headers[HeaderNames.RetryAfter] = refresh.ToString(CultureInfo.InvariantCulture);
        }

        var body = Encoding.UTF8.GetBytes(Render(page));
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    /// <summary>The page's HTML.</summary>
    public static string Render(GatewayPage page)
    {
        var html = HtmlEncoder.Default;
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        text.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (page.RefreshSeconds is { } refresh)
        {
            text.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{refresh}\">\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"<title>{html.Encode(page.Headline)}</title>\n");
        text.Append("<style>body{font-family:system-ui,sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;")
            .Append("background:#f8f9fa;color:#212529}main{max-width:40rem;padding:2rem}h1{font-size:1.4rem}")
            .Append("pre{white-space:pre-wrap;background:#fff;border:1px solid #dee2e6;border-radius:.375rem;padding:1rem;max-height:50vh;overflow:auto}")
            .Append(".stage{font-family:monospace;background:#e9ecef;border-radius:.25rem;padding:.1rem .4rem}</style>\n");
        text.Append("</head>\n<body>\n<main>\n");
        text.Append(CultureInfo.InvariantCulture, $"<h1>{html.Encode(page.Headline)}</h1>\n");
        text.Append(CultureInfo.InvariantCulture, $"<p>{html.Encode(page.Explanation)}</p>\n");
        if (page.Stage is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"<p>Stage: <span class=\"stage\" id=\"stage\">{html.Encode(page.Stage)}</span></p>\n");
        }

        if (!string.IsNullOrEmpty(page.Message))
        {
            text.Append(CultureInfo.InvariantCulture, $"<pre id=\"message\">{html.Encode(page.Message)}</pre>\n");
        }

        if (page.SpacePageUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"<p><a href=\"{html.Encode(page.SpacePageUrl)}\" target=\"_top\">Open the Space's page for its logs and settings</a></p>\n");
        }

        text.Append("</main>\n</body>\n</html>\n");
        return text.ToString();
    }
}
