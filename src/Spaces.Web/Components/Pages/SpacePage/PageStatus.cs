namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>Status codes for pages that render their own explanation.</summary>
internal static class PageStatus
{
    /// <summary>
    /// Answers with <paramref name="status"/> and the page's own body. A 404 is set as the response starts: a Razor component
    /// endpoint that ends with 404 leaves the body to the status-code-pages middleware, which would replace the page's message
    /// (the Space's own "does not exist" page) with the generic one.
    /// </summary>
    public static void Set(HttpContext http, int status)
    {
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
