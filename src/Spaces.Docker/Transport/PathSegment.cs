namespace Spaces.Docker.Transport;

/// <summary>Escapes an id or name for use in an engine URL path; image references keep their '/' and ':'.</summary>
internal static class PathSegment
{
    public static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        // Uri normalises dot segments, so a name like "../containers/x" would address another endpoint.
        foreach (var part in value.Split('/'))
        {
            if (part is "" or "." or "..")
            {
                throw new ArgumentException($"'{value}' is not a valid id or name.", nameof(value));
            }
        }
        return Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal);
    }
}
