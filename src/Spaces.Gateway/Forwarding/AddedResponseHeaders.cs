using System.Text;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// Header fields a caller adds to every response it has the gateway forward over a connection it reads itself
/// (<see cref="GatewayForwarder"/>'s direct path): written as ready bytes, replacing the upstream's fields of the same names, except
/// those only appended (a second policy next to the app's own).
/// </summary>
internal sealed class AddedResponseHeaders
{
    private readonly string[] _replaced;
    private readonly byte[] _lines;

    /// <summary>
    /// <paramref name="replacing"/> take the place of the upstream's fields of their names; <paramref name="appended"/> go after the
    /// upstream's fields of their names.
    /// </summary>
    public AddedResponseHeaders(IReadOnlyList<KeyValuePair<string, string>> replacing, IReadOnlyList<KeyValuePair<string, string>> appended)
    {
        _replaced = [.. replacing.Select(h => h.Key)];
        var lines = new StringBuilder();
        foreach (var (name, value) in replacing.Concat(appended))
        {
            lines.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        _lines = Encoding.Latin1.GetBytes(lines.ToString());
    }

    /// <summary>None.</summary>
    public static AddedResponseHeaders None { get; } = new([], []);

    /// <summary>The fields, one <c>name: value</c> line each, CRLF included.</summary>
    public ReadOnlySpan<byte> Lines => _lines;

    /// <summary>Whether the upstream's field <paramref name="name"/> is left out for one of these.</summary>
    public bool Replaces(string name)
    {
        foreach (var replaced in _replaced)
        {
            if (replaced.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
