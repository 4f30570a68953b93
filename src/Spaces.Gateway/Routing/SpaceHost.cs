using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Routing;

/// <summary>A Space's app host <c>{owner}--{name}.{AppsDomain}</c> read back: the owner and the (normalised) repository name.</summary>
/// <param name="Owner">The owner's name, lower case.</param>
/// <param name="Name">The repository's normalised name: lower case, '_' and '.' written as '-'.</param>
internal readonly record struct SpaceHost(string Owner, string Name)
{
    private const string Separator = "--";

    /// <summary>The DNS label, as <c>SpaceHostNames.Label</c> builds it.</summary>
    public string Label { get; } = Owner + Separator + Name;

    /// <summary>
    /// Reads <paramref name="host"/> (port ignored, case-insensitive, a trailing dot allowed) as one label directly under
    /// <paramref name="appsDomain"/>; false for any other host, which then belongs to the platform.
    /// </summary>
    public static bool TryParse(HostString host, string appsDomain, out SpaceHost space) => TryParse(host.Host, appsDomain, out space);

    /// <inheritdoc cref="TryParse(HostString, string, out SpaceHost)"/>
    public static bool TryParse(string? host, string appsDomain, out SpaceHost space)
    {
        space = default;
        var domain = appsDomain.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(host) || domain.Length == 0)
        {
            return false;
        }

        var name = host.EndsWith('.') ? host[..^1] : host;
        // The label, the dot before the domain, then the domain.
        if (name.Length <= domain.Length + 1
            || name[^(domain.Length + 1)] != '.'
            || !name.EndsWith(domain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var label = name[..^(domain.Length + 1)].ToLowerInvariant();
        // Owners never contain "--" (account names have single hyphens), so the first one separates owner and name; a normalised
        // name may contain it ("a_-b" becomes "a--b").
        var separator = label.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator + Separator.Length >= label.Length || !IsLabel(label))
        {
            return false;
        }

        space = new SpaceHost(label[..separator], label[(separator + Separator.Length)..]);
        return true;
    }

    // One DNS label of letters, digits and hyphens (anything else cannot come from SpaceHostNames).
    private static bool IsLabel(string label)
    {
        foreach (var c in label)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
