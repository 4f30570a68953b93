using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Runtime.Runs;

/// <summary>
/// The model repositories a Space's config names, exported once per commit to <c>{DataDir}/models/{repo id}/{commit}/</c> and
/// bind-mounted read-only at <c>/models/{owner}/{name}</c>. A model the Space's owner cannot read is reported like a missing one.
/// </summary>
public sealed class ModelExports(IServiceScopeFactory scopes, RepoStorage storage, IOptions<SpacesOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _exporting = new(StringComparer.Ordinal);

    /// <summary>The folder all exports live in.</summary>
    public string Root { get; } = Path.Combine(options.Value.DataDirFullPath, "models");

    /// <summary>Exports (or reuses) each model at its head; throws <see cref="SpaceRunException"/> naming a model that cannot be used.</summary>
    public async Task<IReadOnlyList<ModelMount>> PrepareAsync(Repo space, IReadOnlyList<string> modelIds, CancellationToken cancellationToken)
    {
        if (modelIds.Count == 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var access = scope.ServiceProvider.GetRequiredService<RepoAccess>();
        var reader = space.Owner is { } owner ? new Actor(owner, CanWrite: false) : null;
        var mounts = new List<ModelMount>();
        foreach (var modelId in modelIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var parts = modelId.Split('/');
            var model = parts.Length == 2 ? await repos.FindAsync(RepoType.Model, parts[0], parts[1], cancellationToken) : null;
            if (model is null || !await access.CanReadAsync(reader, model, cancellationToken))
            {
                throw new SpaceRunException(
                    $"The model '{modelId}' named in README.md (models) does not exist or {space.Owner?.Name} cannot read it.");
            }

            if (model.HeadCommit is not { } commit)
            {
                throw new SpaceRunException($"The model '{modelId}' named in README.md (models) has no files yet.");
            }

            var folder = await ExportAsync(model, commit, cancellationToken);
            mounts.Add(new ModelMount(modelId, commit, folder, $"/models/{parts[0]}/{parts[1]}"));
        }

        return mounts;
    }

    /// <summary>The export folder of a model at a commit, written once (to a temporary folder, then renamed).</summary>
    private async Task<string> ExportAsync(Repo model, string commit, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Root, model.Id.ToString(CultureInfo.InvariantCulture), commit);
        if (Directory.Exists(target))
        {
            return target;
        }

        var gate = _exporting.GetOrAdd(target, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(target))
            {
                return target;
            }

            var temporary = $"{target}.tmp-{Guid.NewGuid():N}";
            try
            {
                await WriteFilesAsync(storage.Open(model), commit, temporary, cancellationToken);
                Directory.Move(temporary, target);
            }
            finally
            {
                if (Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }

            return target;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task WriteFilesAsync(GitRepository git, string commit, string folder, CancellationToken cancellationToken)
    {
        CreateReadableDirectory(folder);
        foreach (var entry in await git.ListTreeAsync(commit, recursive: true, cancellationToken: cancellationToken))
        {
            if (entry.Type != TreeEntryType.File)
            {
                continue;
            }

            var path = Path.Combine(folder, entry.Path);
            CreateReadableDirectory(Path.GetDirectoryName(path)!);
            await using (var source = git.OpenBlob(entry.Oid))
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                await source.CopyToAsync(file, cancellationToken);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, ReadableFile);
            }
        }
    }

    // Readable by uid 1000 inside the container whatever the platform's umask; writable by nobody there (the mount is read-only anyway).
    private const UnixFileMode ReadableFile = (UnixFileMode)0b110_100_100;

    private static void CreateReadableDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }
}
