using System.Globalization;

namespace Spaces.Docker.Transport;

/// <summary>An Engine API version such as 1.41, compared numerically.</summary>
internal readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The newest API version whose behaviour this client knows.</summary>
    public static readonly ApiVersion Newest = new(1, 43);

    /// <summary>The oldest engine API this client is written for (dockerd 20.10).</summary>
    public static readonly ApiVersion Oldest = new(1, 41);

    public static ApiVersion Parse(string text)
    {
        var parts = text.Trim().TrimStart('v').Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw new FormatException($"'{text}' is not an API version like 1.41.");
        }
        return new ApiVersion(major, minor);
    }

    public static ApiVersion Min(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0 ? a : b;

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
