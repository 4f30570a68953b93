using System.Text;

namespace Spaces.Docker.Models;

/// <summary>Which output a piece of container output came from.</summary>
public enum LogStreamKind
{
    /// <summary>Standard input (only in attach streams).</summary>
    Stdin = 0,

    /// <summary>Standard output.</summary>
    Stdout = 1,

    /// <summary>Standard error.</summary>
    Stderr = 2,

    /// <summary>Raw output of a container with a TTY: stdout and stderr mixed, as a terminal would show them.</summary>
    Tty = 3,
}

/// <summary>
/// One piece of container output: the payload of one multiplexed frame (or a piece of raw TTY output).
/// Frames are not lines: a line may span frames and a frame may hold several lines; see <see cref="LogLine"/> for lines.
/// </summary>
/// <param name="Stream">Where the output came from.</param>
/// <param name="Payload">The bytes, owned by this frame.</param>
public readonly record struct LogFrame(LogStreamKind Stream, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>One line of container output, without its line ending.</summary>
/// <param name="Stream">Where the line came from.</param>
/// <param name="Text">The line, decoded as UTF-8, without the trailing <c>\n</c> / <c>\r\n</c>.</param>
/// <param name="Timestamp">The engine's timestamp of the line when timestamps were requested; otherwise null.</param>
public readonly record struct LogLine(LogStreamKind Stream, string Text, DateTimeOffset? Timestamp = null);
