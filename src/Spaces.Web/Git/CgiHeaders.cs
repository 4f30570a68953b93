using System.Globalization;
using System.Text;

namespace Spaces.Web.Git;

/// <summary>The header block a CGI program writes before its body: <c>Status:</c> plus ordinary response headers, ended by an empty line.</summary>
internal sealed class CgiHeaders
{
    // Headers the server itself owns; a CGI program does not get to set them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Status", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Server", "Date",
    };

    private CgiHeaders(int status, IReadOnlyList<(string Name, string Value)> fields, int length)
    {
        Status = status;
        Fields = fields;
        Length = length;
    }

    /// <summary>The status from <c>Status: 404 Not Found</c>; 200 when absent (302 when only <c>Location</c> is given).</summary>
    public int Status { get; }

    /// <summary>The other headers, in order.</summary>
    public IReadOnlyList<(string Name, string Value)> Fields { get; }

    /// <summary>Bytes the header block took, including the empty line ending it; the body starts there.</summary>
    public int Length { get; }

    /// <summary>The headers at the start of <paramref name="output"/>, or null when the empty line ending them has not arrived yet.</summary>
    public static CgiHeaders? TryParse(ReadOnlySpan<byte> output)
    {
        var end = FindEnd(output, out var separatorLength);
        if (end < 0)
        {
            return null;
        }

        var status = 0;
        var fields = new List<(string, string)>();
        var text = Encoding.Latin1.GetString(output[..end]);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"Malformed CGI header line: '{line}'.");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                var code = value.Split(' ', 2)[0];
                if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 100 or > 599)
                {
                    throw new InvalidDataException($"Malformed CGI status: '{value}'.");
                }
            }
            else if (!Reserved.Contains(name))
            {
                fields.Add((name, value));
            }
        }

        if (status == 0)
        {
            status = fields.Any(f => f.Item1.Equals("Location", StringComparison.OrdinalIgnoreCase)) ? 302 : 200;
        }

        return new CgiHeaders(status, fields, end + separatorLength);
    }

    // Where the header block ends: the first "\r\n\r\n" or "\n\n" (the CGI spec allows bare newlines).
    private static int FindEnd(ReadOnlySpan<byte> output, out int separatorLength)
    {
        for (var i = 0; i < output.Length; i++)
        {
            if (output[i] != '\n')
            {
                continue;
            }

            if (i + 1 < output.Length && output[i + 1] == '\n')
            {
                separatorLength = 2;
                return i;
            }

            if (i + 2 < output.Length && output[i + 1] == '\r' && output[i + 2] == '\n')
            {
                separatorLength = 3;
                return i;
            }
        }

        separatorLength = 0;
        return -1;
    }
}
