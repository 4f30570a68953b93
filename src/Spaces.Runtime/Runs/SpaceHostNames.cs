using System.Globalization;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Runtime.Runs;

/// <summary>The host a Space's app is served at: <c>{owner}--{name}.{AppsDomain}</c>, plus the platform's port when it is not the scheme's default.</summary>
public static class SpaceHostNames
{
    /// <summary>The DNS label of a Space: lower-case <c>owner--name</c>, '_' and '.' as '-' (see <see cref="AccountNames.NormalizeRepo"/>).</summary>
    public static string Label(string owner, string name) =>
        $"{AccountNames.NormalizeAccount(owner)}--{AccountNames.NormalizeRepo(name)}";

    /// <summary>The label of <paramref name="space"/> (its owner must be loaded).</summary>
    public static string Label(Repo space) => Label(space.Owner?.Name ?? "", space.Name);

    /// <summary>
    /// <c>SPACE_HOST</c>: the Space's host with the platform's port, e.g. <c>alice--demo.spaces.localhost:5080</c>; the port is left out
    /// when <paramref name="urls"/> (the platform's <c>urls</c>, first one wins) uses 80 for http or 443 for https, or names none.
    /// </summary>
    public static string Host(Repo space, string appsDomain, string? urls)
    {
        var host = $"{Label(space)}.{appsDomain.Trim().TrimEnd('.')}";
        return PortOf(urls) is { } port ? $"{host}:{port.ToString(CultureInfo.InvariantCulture)}" : host;
    }

    /// <summary>The explicit, non-default port of the first URL in <paramref name="urls"/> (<c>;</c>-separated), or null.</summary>
    public static int? PortOf(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        // Parsed by hand: Kestrel accepts hosts such as '+' and '*' that System.Uri refuses.
        var schemeEnd = first.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? first[..schemeEnd].ToLowerInvariant() : "http";
        var authority = schemeEnd > 0 ? first[(schemeEnd + 3)..] : first;
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        var colon = authority.LastIndexOf(':');
        if (colon < 0 || authority.EndsWith(']')
            || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return (scheme, port) is ("http", 80) or ("https", 443) ? null : port;
    }
}
