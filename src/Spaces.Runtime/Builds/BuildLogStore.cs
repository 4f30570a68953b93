using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;

namespace Spaces.Runtime.Builds;

/// <summary>
/// The build log files: one UTF-8 text file per build, <c>{DataDir}/logs/builds/{spaceId}/{buildId}.log</c>, one output line a line.
/// Only the newest logs of a Space are kept (<see cref="Trim"/>); their build rows stay.
/// </summary>
public sealed class BuildLogStore(IOptions<SpacesOptions> options)
{
    private const string Extension = ".log";

    /// <summary>The folder holding every Space's build logs.</summary>
    public string Root { get; } = Path.Combine(options.Value.DataDirFullPath, "logs", "builds");

    /// <summary>The log file of one build (it may not exist: never started, or trimmed).</summary>
    public string PathOf(long spaceId, long buildId) =>
        Path.Combine(FolderOf(spaceId), buildId.ToString(CultureInfo.InvariantCulture) + Extension);

    /// <summary>Whether the build's log is kept.</summary>
    public bool Exists(long spaceId, long buildId) => File.Exists(PathOf(spaceId, buildId));

    /// <summary>Appends lines to a build's log, creating it (and its folder) when needed.</summary>
    public async Task AppendAsync(long spaceId, long buildId, IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Directory.CreateDirectory(FolderOf(spaceId));
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        await File.AppendAllTextAsync(PathOf(spaceId, buildId), text.ToString(), cancellationToken);
    }

    /// <summary>Opens a build's log for appending; others may read it meanwhile.</summary>
    internal FileStream OpenForAppend(long spaceId, long buildId)
    {
        Directory.CreateDirectory(FolderOf(spaceId));
        return new FileStream(PathOf(spaceId, buildId), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
    }

    /// <summary>Every line of a build's log, oldest first; empty when the log is not kept.</summary>
    public async Task<IReadOnlyList<string>> ReadAllAsync(long spaceId, long buildId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(spaceId, buildId);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var lines = new List<string>();
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
            {
                lines.Add(line);
            }

            return lines;
        }
        catch (FileNotFoundException)
        {
            // Trimmed meanwhile.
            return [];
        }
    }

    /// <summary>The last <paramref name="count"/> lines of a build's log, oldest first.</summary>
    public async Task<IReadOnlyList<string>> TailAsync(long spaceId, long buildId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var path = PathOf(spaceId, buildId);
        if (count == 0 || !File.Exists(path))
        {
            return [];
        }

        var tail = new Queue<string>(count);
        try
        {
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
            {
                if (tail.Count == count)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line);
            }
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        return [.. tail];
    }

    /// <summary>Ids of the builds of a Space whose logs are kept, newest first.</summary>
    public IReadOnlyList<long> ListBuilds(long spaceId)
    {
        var folder = FolderOf(spaceId);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(file => long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0)
            .OrderDescending()];
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> logs of a Space; returns how many were deleted.</summary>
    public int Trim(long spaceId, int keep)
    {
        var deleted = 0;
        foreach (var buildId in ListBuilds(spaceId).Skip(Math.Max(0, keep)))
        {
            File.Delete(PathOf(spaceId, buildId));
            deleted++;
        }

        return deleted;
    }

    /// <summary>Deletes every build log of a Space (the Space is deleted).</summary>
    public void DeleteAll(long spaceId)
    {
        var folder = FolderOf(spaceId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string FolderOf(long spaceId) => Path.Combine(Root, spaceId.ToString(CultureInfo.InvariantCulture));
}
