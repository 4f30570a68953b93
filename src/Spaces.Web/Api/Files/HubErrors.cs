using Spaces.Core.Problems;

namespace Spaces.Web.Api.Files;

/// <summary>
/// A 404 on the read endpoints, with the Hub's <c>X-Error-Code</c> (<c>RepoNotFound</c>, <c>RevisionNotFound</c>,
/// <c>EntryNotFound</c>) so Hub clients raise the matching error.
/// </summary>
internal sealed class HubNotFoundException(string code, string message) : Exception(message)
{
    public const string RepoNotFound = "RepoNotFound";
    public const string RevisionNotFound = "RevisionNotFound";
    public const string EntryNotFound = "EntryNotFound";

    /// <summary>The Hub's error code.</summary>
    public string Code { get; } = code;
}

/// <summary>Turns not-found refusals of the read endpoints into 404s that carry the Hub's error code.</summary>
internal static class HubErrors
{
    /// <summary>The endpoint filter: a missing (or hidden) repository, revision or file becomes a coded 404.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (HubNotFoundException missing)
        {
            return new CodedNotFound(missing.Code, missing.Message);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.NotFound)
        {
            return new CodedNotFound(HubNotFoundException.RepoNotFound, problem.Message);
        }
    }

    private sealed class CodedNotFound(string code, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Clear();
            response.StatusCode = StatusCodes.Status404NotFound;
            response.Headers["X-Error-Code"] = code;
            response.Headers["X-Error-Message"] = Uri.EscapeDataString(message);
            return response.WriteAsJsonAsync(new ApiError(message, null), ApiJsonContext.Default.ApiError, cancellationToken: httpContext.RequestAborted);
        }
    }
}
