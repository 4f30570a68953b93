using System.Text.Json;
using Spaces.Core.Problems;

namespace Spaces.Web.Api;

/// <summary>
/// Turns expected refusals (<see cref="ProblemException"/>) and unreadable requests into a status code with a JSON body the Hub's
/// clients understand: <c>{"error": "...", "field": "..."}</c>. Nothing is changed by a refused request.
/// </summary>
public static class ProblemHandling
{
    /// <summary>The status code for a kind of refusal.</summary>
    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Adds the middleware that writes problems as JSON.</summary>
    public static IApplicationBuilder UseSpacesProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (ProblemException problem) when (!context.Response.HasStarted)
        {
            if (problem.Kind == ProblemKind.Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"Spaces\"";
            }

            await WriteAsync(context, StatusOf(problem.Kind), problem.Message, problem.Field);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            var message = bad.InnerException is JsonException json
                ? $"The request body is not valid JSON for this endpoint: {json.Message}"
                : bad.Message;
            await WriteAsync(context, bad.StatusCode, message, field: null);
        }
    });

    /// <summary>Writes <c>{"error", "field"}</c> with a status code.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string? field)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(message, field), ApiJsonContext.Default.ApiError, cancellationToken: context.RequestAborted);
    }
}
