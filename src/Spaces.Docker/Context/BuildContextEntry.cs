namespace Spaces.Docker.Context;

/// <summary>What a build-context entry is.</summary>
public enum BuildContextEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link to a path inside the context.</summary>
    SymbolicLink,
}

/// <summary>One entry of a build context, as it will be written into the tar.</summary>
public sealed record BuildContextEntry
{
    /// <summary>Path inside the context, '/'-separated, relative (e.g. <c>src/app.cs</c>).</summary>
    public required string Path { get; init; }

    public required BuildContextEntryKind Kind { get; init; }

    /// <summary>Permission bits, e.g. 0644 for files.</summary>
    public required UnixFileMode Mode { get; init; }

    public required DateTimeOffset ModifiedAt { get; init; }

    /// <summary>For files read from disk: the file's full path.</summary>
    public string? SourcePath { get; init; }

    /// <summary>For in-memory files: the bytes.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>For symbolic links: the target, relative to the link.</summary>
    public string? LinkTarget { get; init; }
}

/// <summary>An in-memory file for a build context.</summary>
/// <param name="Path">Path inside the context, '/'-separated, relative.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Mode">Permission bits; default 0644 (<see cref="BuildContext.DefaultFileMode"/>) when null.</param>
public sealed record BuildContextFile(string Path, ReadOnlyMemory<byte> Content, UnixFileMode? Mode = null)
{
    /// <summary>A UTF-8 text file.</summary>
    public static BuildContextFile Text(string path, string text, UnixFileMode? mode = null) =>
        new(path, global::System.Text.Encoding.UTF8.GetBytes(text), mode);
}

/// <summary>A build context path that is unsafe or unusable: absolute, with <c>..</c>, or a link leading outside.</summary>
public sealed class BuildContextException(string message) : Exception(message);
