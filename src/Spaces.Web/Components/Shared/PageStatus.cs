namespace Spaces.Web.Components.Shared;

/// <summary>Status codes for pages that render their own explanation.</summary>
internal static class PageStatus
{
    /// <summary>
    /// Answers with <paramref name="status"/> and the page's own body. A 404 is set as the response starts: a Razor component
    /// endpoint that ends with 404 leaves the body to the status-code-pages middleware, which would replace the page's message
    /// (the Space's own "does not exist" page, an unknown profile, a missing or private model) with the generic one. Nothing happens
    /// without an <paramref name="http"/> context (a component rendered outside a request).
    /// </summary>
    public static void Set(HttpContext? http, int status)
    {
        if (http is null)
        {
            return;
        }

        if (status != StatusCodes.Status404NotFound)
        {
            http.Response.StatusCode = status;
            return;
        }

        http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
