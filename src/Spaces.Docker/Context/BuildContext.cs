using System.Formats.Tar;

namespace Spaces.Docker.Context;

/// <summary>
/// A build context for <c>POST /build</c>: files from a directory or from memory, filtered by <c>.dockerignore</c> (the Dockerfile
/// and <c>.dockerignore</c> are always sent), in a deterministic order, with every path checked (no absolute paths, no <c>..</c>,
/// no links leading outside the context).
/// </summary>
public sealed class BuildContext
{
    /// <summary>Mode of in-memory files when none is given: rw-r--r--.</summary>
    public const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Mode of directories made up for in-memory files: rwxr-xr-x.</summary>
    public const UnixFileMode DefaultDirectoryMode = DefaultFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Timestamp of in-memory entries, fixed so the same files give the same tar.</summary>
    public static readonly DateTimeOffset FixedTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private BuildContext(List<BuildContextEntry> entries)
    {
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        Entries = entries;
    }

    /// <summary>The entries to send, sorted by path (ordinal).</summary>
    public IReadOnlyList<BuildContextEntry> Entries { get; }

    /// <summary>Collects a directory's files, honouring its <c>.dockerignore</c>.</summary>
    /// <param name="directory">The context root.</param>
    /// <param name="dockerfile">The Dockerfile's path in the context (always sent). Default <c>Dockerfile</c>.</param>
    public static BuildContext FromDirectory(string directory, string dockerfile = "Dockerfile")
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Build context directory '{directory}' does not exist.");
        }
        var ignore = DockerIgnore.Load(root).Keeping(NormalizePath(dockerfile), ".dockerignore");
        var entries = new List<BuildContextEntry>();
        Walk(root, root, ignore, entries);
        return new BuildContext(entries);
    }

    /// <summary>Makes a context from in-memory files; a <c>.dockerignore</c> among them is honoured too.</summary>
    public static BuildContext FromFiles(IEnumerable<BuildContextFile> files, string dockerfile = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(files);
        var byPath = new Dictionary<string, BuildContextFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = NormalizePath(file.Path);
            if (!byPath.TryAdd(path, file))
            {
                throw new BuildContextException($"Build context path '{path}' is given twice.");
            }
        }
        var ignore = byPath.TryGetValue(".dockerignore", out var ignoreFile)
            ? DockerIgnore.Parse(global::System.Text.Encoding.UTF8.GetString(ignoreFile.Content.Span)).Keeping(NormalizePath(dockerfile), ".dockerignore")
            : DockerIgnore.Empty;

        var entries = new List<BuildContextEntry>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, file) in byPath)
        {
            if (ignore.IsExcluded(path))
            {
                continue;
            }
            if (directories.Contains(path))
            {
                throw new BuildContextException($"Build context path '{path}' is both a file and a directory.");
            }
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                var parent = path[..slash];
                if (byPath.ContainsKey(parent))
                {
                    throw new BuildContextException($"Build context path '{parent}' is both a file and a directory.");
                }
                if (directories.Add(parent))
                {
                    entries.Add(new BuildContextEntry
                    {
                        Path = parent, Kind = BuildContextEntryKind.Directory, Mode = DefaultDirectoryMode, ModifiedAt = FixedTimestamp,
                    });
                }
            }
            entries.Add(new BuildContextEntry
            {
                Path = path,
                Kind = BuildContextEntryKind.File,
                Mode = file.Mode ?? DefaultFileMode,
                ModifiedAt = FixedTimestamp,
                Content = file.Content,
            });
        }
        return new BuildContext(entries);
    }

    /// <summary>Writes the context as an uncompressed tar to <paramref name="destination"/> (left open).</summary>
    public async Task WriteTarAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var writer = new TarWriter(destination, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var entry in Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteEntryAsync(writer, entry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The context as a tar in memory, positioned at its start (ready for <see cref="IImageOperations.BuildAsync"/>).</summary>
    public async Task<MemoryStream> ToTarStreamAsync(CancellationToken cancellationToken = default)
    {
        var stream = new MemoryStream();
        await WriteTarAsync(stream, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        return stream;
    }

    private static async Task WriteEntryAsync(TarWriter writer, BuildContextEntry entry, CancellationToken cancellationToken)
    {
        var (type, name) = entry.Kind switch
        {
            BuildContextEntryKind.Directory => (TarEntryType.Directory, entry.Path + "/"),
            BuildContextEntryKind.SymbolicLink => (TarEntryType.SymbolicLink, entry.Path),
            _ => (TarEntryType.RegularFile, entry.Path),
        };
        // ustar holds names up to 255 bytes (prefix + name); longer ones need PAX headers.
        TarEntry tarEntry = global::System.Text.Encoding.UTF8.GetByteCount(name) <= 100
            ? new UstarTarEntry(type, name)
            : new PaxTarEntry(type, name);
        tarEntry.Mode = entry.Mode;
        tarEntry.ModificationTime = entry.ModifiedAt;
        tarEntry.Uid = 0;
        tarEntry.Gid = 0;
        if (entry.Kind == BuildContextEntryKind.SymbolicLink)
        {
            tarEntry.LinkName = entry.LinkTarget!;
        }
        if (entry.Kind != BuildContextEntryKind.File)
        {
            await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (entry.SourcePath is { } source)
        {
            var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                tarEntry.DataStream = file;
                await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        using var content = new MemoryStream(entry.Content?.ToArray() ?? [], writable: false);
        tarEntry.DataStream = content;
        await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
    }

    private static void Walk(string root, string directory, DockerIgnore ignore, List<BuildContextEntry> entries)
    {
        var children = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .OrderBy(info => info.Name, StringComparer.Ordinal);
        foreach (var info in children)
        {
            var relative = Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            var excluded = ignore.IsExcluded(relative);
            if (info.LinkTarget is { } target)
            {
                if (!excluded)
                {
                    entries.Add(SymbolicLink(root, info, relative, target));
                }
                continue;
            }
            if (info is DirectoryInfo)
            {
                if (!excluded)
                {
                    entries.Add(new BuildContextEntry
                    {
                        Path = relative, Kind = BuildContextEntryKind.Directory, Mode = ModeOf(info), ModifiedAt = info.LastWriteTimeUtc,
                    });
                }
                // An excluded directory is still walked when some exception could bring back a file inside it.
                if (!excluded || ignore.HasExceptions)
                {
                    Walk(root, info.FullName, ignore, entries);
                }
                continue;
            }
            if (excluded || (info.Attributes & FileAttributes.Device) != 0 || info is not FileInfo { Exists: true })
            {
                continue;
            }
            entries.Add(new BuildContextEntry
            {
                Path = relative, Kind = BuildContextEntryKind.File, Mode = ModeOf(info), ModifiedAt = info.LastWriteTimeUtc,
                SourcePath = info.FullName,
            });
        }
    }

    private static BuildContextEntry SymbolicLink(string root, FileSystemInfo info, string relative, string target)
    {
        if (Path.IsPathRooted(target))
        {
            throw new BuildContextException($"Build context link '{relative}' points to the absolute path '{target}'.");
        }
        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(info.FullName)!, target));
        var rootWithSlash = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (resolved != root && !resolved.StartsWith(rootWithSlash, StringComparison.Ordinal))
        {
            throw new BuildContextException($"Build context link '{relative}' points outside the context ('{target}').");
        }
        return new BuildContextEntry
        {
            Path = relative,
            Kind = BuildContextEntryKind.SymbolicLink,
            Mode = DefaultDirectoryMode,
            ModifiedAt = info.LastWriteTimeUtc,
            LinkTarget = target.Replace(Path.DirectorySeparatorChar, '/'),
        };
    }

    private static UnixFileMode ModeOf(FileSystemInfo info) => info.UnixFileMode & (UnixFileMode)0xFFF;

    /// <summary>Checks and normalizes a context path: relative, '/'-separated, no empty, '.' or '..' parts.</summary>
    internal static string NormalizePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new BuildContextException("A build context path is empty.");
        }
        if (path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new BuildContextException($"Build context path '{path}' contains a backslash or NUL.");
        }
        if (path[0] == '/')
        {
            throw new BuildContextException($"Build context path '{path}' is absolute.");
        }
        var parts = path.Split('/').Where(p => p is not ("" or ".")).ToList();
        if (parts.Contains(".."))
        {
            throw new BuildContextException($"Build context path '{path}' climbs out with '..'.");
        }
        if (parts.Count == 0)
        {
            throw new BuildContextException($"Build context path '{path}' names no file.");
        }
        return string.Join('/', parts);
    }
}
