using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Spaces.Web.Hubs;

/// <summary>
/// Browsers cannot set headers on WebSocket (and EventSource) requests, so SignalR clients send the access token as
/// <c>?access_token=</c>. For <c>/hubs/*</c> only, this moves it into <c>Authorization: Bearer</c> — where the token scheme reads
/// it — and out of the query string (so it is not logged with the URL). It runs first in the pipeline (a startup filter).
/// </summary>
internal sealed class HubAccessTokens : IStartupFilter
{
    /// <summary>The query parameter SignalR clients use.</summary>
    public const string QueryKey = "access_token";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            MoveToHeader(context.Request);
            return nextMiddleware(context);
        });
        next(app);
    };

    private static void MoveToHeader(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments("/hubs") || !request.Query.TryGetValue(QueryKey, out var token))
        {
            return;
        }

        if (request.Headers.Authorization.Count == 0 && !StringValues.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = $"Bearer {token}";
        }

        var rest = request.Query.Where(pair => pair.Key != QueryKey).SelectMany(pair => pair.Value.Select(value => (pair.Key, value)));
        var query = "";
        foreach (var (key, value) in rest)
        {
            query = QueryHelpers.AddQueryString(query, key, value ?? "");
        }

        request.QueryString = new QueryString(query.Length == 0 ? null : query);
    }
}
