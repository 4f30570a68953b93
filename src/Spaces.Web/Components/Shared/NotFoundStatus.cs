namespace Spaces.Web.Components.Shared;

/// <summary>A 404 for a page that explains itself (an unknown profile, a missing or private model).</summary>
internal static class NotFoundStatus
{
    /// <summary>
    /// Answers 404 with the page's own body: the status is set as the response starts, because a component endpoint that ends with
    /// 404 hands the body to the status-code-pages middleware, which would replace the page's message with the generic one.
    /// </summary>
    public static void Set(HttpContext? http) =>
        http?.Response.OnStarting(() =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
}
