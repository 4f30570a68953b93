namespace Spaces.Gateway.Routing;

/// <summary>What a gateway page says: a headline, an optional detail (plain text, encoded here) and where the Space's page is.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Headline">One line, plain text.</param>
/// <param name="Explanation">A sentence or two, plain text.</param>
/// <param name="Stage">The Space's stage as the Hub names it (also sent as <c>X-Spaces-Stage</c>), or null.</param>
/// <param name="Message">The stage's message (build error, exit code and log lines...), or null.</param>
/// <param name="SpacePageUrl">The Space's page on the platform (logs, settings), or null.</param>
/// <param name="RefreshSeconds">When set, browsers reload the page after this many seconds and clients get it as <c>Retry-After</c>.</param>
internal sealed record GatewayPage(
    int Status, string Headline, string Explanation, string? Stage = null, string? Message = null, string? SpacePageUrl = null, int? RefreshSeconds = null);
