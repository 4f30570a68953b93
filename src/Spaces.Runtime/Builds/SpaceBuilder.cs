using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Config;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Docker.Context;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Builds one revision of a Space: reads its config at that commit, then builds the repo's Dockerfile (docker), a Dockerfile the
/// platform writes (blazor) or only checks the entry page (static). Logs every line to the build's log and live; stores the build row;
/// keeps the newest images. Stages are not its business: the lifecycle turns the result into BUILDING/BUILD_ERROR.
/// </summary>
internal sealed partial class SpaceBuilder(
    IDockerClient docker,
    RepoStorage storage,
    BuildRecords records,
    BuildLogStore logs,
    SpaceNotifications notifications,
    ImagePruner pruner,
    SpaceResources resources,
    EngineProbe engine,
    ImageBuildGuard guard,
    IOptions<RuntimeOptions> runtimeOptions,
    IOptions<SpaceBuildOptions> buildOptions,
    IOptions<SpacesOptions> spacesOptions,
    TimeProvider time,
    ILogger<SpaceBuilder> logger)
{
    /// <summary>Where revisions are exported and build contexts packed while a build runs.</summary>
    public string TempRoot { get; } = Path.Combine(spacesOptions.Value.DataDirFullPath, "tmp", "builds");

    /// <summary>
    /// Runs the build of a started job to its end and records it; never throws for a failed build. The build is aborted when the job is
    /// cancelled (a newer revision), when <see cref="RuntimeOptions.BuildTimeout"/> passes (a failure) or when <paramref name="stoppingToken"/> fires.
    /// </summary>
    public async Task<SpaceBuildResult> BuildAsync(BuildJob job, CancellationToken stoppingToken)
    {
        var options = runtimeOptions.Value;
        var space = job.Space;
        await records.MarkRunningAsync(job.BuildId, CancellationToken.None);
        notifications.ClearBacklog(space.Id, LogKind.Build);
        using var timeout = new CancellationTokenSource(options.BuildTimeout, time);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(job.Token, timeout.Token, stoppingToken);
        var started = time.GetTimestamp();
        SpaceBuildResult result;
        var log = new BuildLog(logs, notifications, space.Id, job.BuildId);
        await using (log)
        {
            logs.Trim(space.Id, Math.Max(1, options.KeepBuildLogsPerSpace));
            Log.Started(logger, job.BuildId, space.Id, job.Revision);
            log.Line($"Building {space.FullName} at {job.Revision}{(job.NoCache ? " without cache" : "")} (build {job.BuildId}).");
            if (job.Note is not null)
            {
                log.Line(job.Note);
            }

            try
            {
                result = await RunAsync(job, log, aborted.Token);
            }
            catch (Exception) when (aborted.IsCancellationRequested)
            {
                result = Aborted(job, stoppingToken, options.BuildTimeout);
            }
            catch (Exception ex) when (ex is DockerException or BuildContextException or RepoEntryNotFoundException or IOException
                or InvalidOperationException or HttpRequestException)
            {
                // The engine refusing or cutting the connection, and then not answering a new one: the engine's outage, not the build's.
                result = ex is DockerException or IOException or HttpRequestException && await EngineGoneAsync() is { } problem
                    ? EngineLost(job, ex, problem)
                    : End(job, SpaceBuildStatus.Failed, ex.Message);
            }

            if (aborted.IsCancellationRequested && result.Status == SpaceBuildStatus.Failed)
            {
                // An engine build aborted midway can also end as an error object in the stream: the abort is the reason.
                result = Aborted(job, stoppingToken, options.BuildTimeout);
            }

            var elapsed = Describe(time.GetElapsedTime(started));
            log.Line(result.Status switch
            {
                SpaceBuildStatus.Succeeded when result.ImageId is not null => $"Build succeeded in {elapsed}: {result.ImageId} tagged {resources.ImageTag(space.Id, job.Revision)}.",
                SpaceBuildStatus.Succeeded => $"Build succeeded in {elapsed}.",
                SpaceBuildStatus.Cancelled => $"Build cancelled after {elapsed}: {result.ErrorMessage}",
                _ when result.EngineLost => $"Build cut by the Docker engine after {elapsed}: {result.ErrorMessage}",
                _ => $"Build failed after {elapsed}: {result.ErrorMessage}",
            }, isError: result.Status == SpaceBuildStatus.Failed);
        }

        await records.FinishAsync(job.BuildId, result.Status, result.ImageId, result.ErrorMessage);
        Log.Finished(logger, job.BuildId, space.Id, result.Status, result.ErrorMessage);
        if (result.ImageId is not null)
        {
            await PruneAsync(space.Id, options.KeepImagesPerSpace);
        }

        return result;
    }

    /// <summary>Why an aborted build ended: superseded or cancelled (Cancelled), the platform stopping (Cancelled), or the timeout (Failed).</summary>
    private static SpaceBuildResult Aborted(BuildJob job, CancellationToken stoppingToken, TimeSpan timeout) =>
        job.Token.IsCancellationRequested
            ? End(job, SpaceBuildStatus.Cancelled, job.CancelReason ?? "The build was cancelled.")
            : stoppingToken.IsCancellationRequested
                ? End(job, SpaceBuildStatus.Cancelled, "The platform stopped during the build.")
                : End(job, SpaceBuildStatus.Failed, $"The build took longer than the limit of {Describe(timeout)} and was stopped.");

    private async Task<SpaceBuildResult> RunAsync(BuildJob job, BuildLog log, CancellationToken cancellationToken)
    {
        var git = storage.Open(job.Space);
        var commit = await git.ResolveAsync(job.Revision, cancellationToken);
        if (commit is null)
        {
            return End(job, SpaceBuildStatus.Failed, $"Revision {job.Revision} does not exist in {job.Space.FullName}.");
        }

        var files = (await git.ListTreeAsync(commit, recursive: true, cancellationToken: cancellationToken))
            .Where(e => e.Type == TreeEntryType.File).Select(e => e.Path).ToList();
        var readme = await git.ReadFileAsync(commit, "README.md", cancellationToken);
        var parsed = SpaceConfig.Parse(readme is null ? null : Encoding.UTF8.GetString(readme), job.Space.Name, files);
        if (!parsed.IsSuccess)
        {
            return End(job, SpaceBuildStatus.Failed, parsed.ErrorMessage, parsed.Config);
        }

        var config = parsed.Config;
        log.Line($"sdk: {config.Sdk.ToString().ToLowerInvariant()}, app_port: {config.AppPort}, {files.Count} files.");
        return config.Sdk switch
        {
            SpaceSdk.Static => CheckStatic(job, config, files, log),
            SpaceSdk.Blazor => await BuildBlazorAsync(job, commit, config, files, git, log, cancellationToken),
            _ => await BuildImageAsync(
                job, commit, config, "Dockerfile", await BuildArgumentsAsync(job, commit, git, log, cancellationToken), prepare: null, log,
                cancellationToken),
        };
    }

    private static SpaceBuildResult CheckStatic(BuildJob job, SpaceConfig config, List<string> files, BuildLog log)
    {
        var entry = config.AppFile ?? "index.html";
        if (!files.Contains(entry, StringComparer.Ordinal))
        {
            return End(job, SpaceBuildStatus.Failed, $"The static Space's entry page '{entry}' is not in the repository.", config);
        }

        log.Line($"Static Space: no image to build; '{entry}' is there, the files of this revision are served as they are.");
        return End(job, SpaceBuildStatus.Succeeded, null, config);
    }

    private async Task<SpaceBuildResult> BuildBlazorAsync(
        BuildJob job, string commit, SpaceConfig config, List<string> files, GitRepository git, BuildLog log,
        CancellationToken cancellationToken)
    {
        var path = BlazorProject.Choose(files, config.AppFile, out var error);
        if (path is null)
        {
            return End(job, SpaceBuildStatus.Failed, error, config);
        }

        if (!BlazorDockerfile.IsWritable(path))
        {
            return End(job, SpaceBuildStatus.Failed,
                $"The project path '{path}' may only hold letters, digits, '.', '-', '_' and '/' (and no part may start with '-').", config);
        }

        var xml = await git.ReadFileAsync(commit, path, cancellationToken);
        var project = BlazorProject.Read(path, xml is null ? "" : Encoding.UTF8.GetString(xml));
        var options = runtimeOptions.Value;
        var stageLabels = Labels(job, "build-stage", withRevision: false);
        var dockerfile = BlazorDockerfile.Write(
            project, config.AppPort, options.SdkImage, options.AspNetImage, stageLabels, offline: IsOffline(options),
            await ContextFilesAsync(commit, files, git, cancellationToken));
        log.Line($"Publishing {project.Path} ({project.AssemblyName}.dll) with {options.SdkImage}, running on {options.AspNetImage}.");
        var sdkFiles = new BlazorSdkFiles(buildOptions.Value.BlazorSdkFullPath);
        var projectXml = xml is null ? "" : Encoding.UTF8.GetString(xml);
        if (sdkFiles.Referenced(projectXml) is { Count: > 0 } packages)
        {
            log.Line($"Platform packages offered to the restore: {string.Join(", ", packages)}.");
        }

        return await BuildImageAsync(job, commit, config, BlazorDockerfile.PathInContext, [], directory =>
        {
            sdkFiles.AddTo(directory, project.Path, projectXml);
            var target = Path.Combine(directory, BlazorDockerfile.PathInContext);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Delete(target);
            File.WriteAllText(target, dockerfile);
        }, log, cancellationToken);
    }

    /// <summary>
    /// The repository's files the build context will hold: all of them, less what its <c>.dockerignore</c> excludes. Null (one COPY of
    /// everything before the restore) when that file excludes the platform's feed folder.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> ContextFilesAsync(
        string commit, List<string> files, GitRepository git, CancellationToken cancellationToken)
    {
        if (!files.Contains(".dockerignore", StringComparer.Ordinal))
        {
            return files;
        }

        var content = await git.ReadFileAsync(commit, ".dockerignore", cancellationToken);
        var ignore = DockerIgnore.Parse(content is null ? "" : Encoding.UTF8.GetString(content));
        return ignore.IsExcluded(BlazorSdkFiles.FeedInContext) ? null : [.. files.Where(file => !ignore.IsExcluded(file))];
    }

    private async Task<SpaceBuildResult> BuildImageAsync(
        BuildJob job,
        string commit,
        SpaceConfig config,
        string dockerfile,
        Dictionary<string, string> buildArgs,
        Action<string>? prepare,
        BuildLog log,
        CancellationToken cancellationToken)
    {
        var options = runtimeOptions.Value;
        Directory.CreateDirectory(TempRoot);
        using var export = await RevisionExport.CreateAsync(storage.PathOf(job.Space), commit, TempRoot, cancellationToken);
        prepare?.Invoke(export.Directory);
        var labels = Labels(job, ImagePruner.ImageRole, withRevision: true);
        var labelled = DockerfileLabels.TryAppendToFile(export.Directory, dockerfile, labels);
        if (!labelled)
        {
            log.Line("The image labels go to the engine one by one: the Dockerfile ends inside a line continuation, or a label cannot be written in it.");
        }

        var context = BuildContext.FromDirectory(export.Directory, dockerfile);
        var tar = new FileStream(
            export.Directory + ".tar", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using (tar)
        {
            await context.WriteTarAsync(tar, cancellationToken);
            tar.Position = 0;
            var parameters = new Docker.Models.ImageBuildParameters
            {
                Tags = [resources.ImageTag(job.Space.Id, commit)],
                Dockerfile = dockerfile,
                BuildArgs = buildArgs,
                // One LABEL line appended to the Dockerfile is one build step; the API's labels are a step each.
                Labels = labelled ? [] : labels,
                NoCache = job.NoCache,
                NetworkMode = options.BuildNetworkMode,
                Remove = true,
                ForceRemove = true,
            };
            try
            {
                using var building = await guard.EnterBuildAsync(cancellationToken);
                var built = await docker.Images.BuildAsync(tar, parameters, log, cancellationToken);
                return End(job, SpaceBuildStatus.Succeeded, null, config, built.ImageId);
            }
            catch (DockerBuildException failed)
            {
                // A step killed by a stopping engine fails like any step: only an engine that no longer answers tells them apart.
                return await EngineGoneAsync() is { } problem
                    ? EngineLost(job, failed, problem) with { Config = config }
                    : End(job, SpaceBuildStatus.Failed, BuildFailureMessage.Describe(failed, config.Sdk, IsOffline(options)), config);
            }
        }
    }

    /// <summary>
    /// The platform's image arguments the Dockerfile declares, then the Space's variables as build arguments (names logged, never
    /// values). Secrets are never read for a build.
    /// </summary>
    private async Task<Dictionary<string, string>> BuildArgumentsAsync(
        BuildJob job, string commit, GitRepository git, BuildLog log, CancellationToken cancellationToken)
    {
        var dockerfile = await git.ReadFileAsync(commit, "Dockerfile", cancellationToken);
        var arguments = dockerfile is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : PlatformBuildArguments.For(Encoding.UTF8.GetString(dockerfile), runtimeOptions.Value);
        if (arguments.Count > 0)
        {
            log.Line($"Platform build arguments: {string.Join(", ", arguments.Select(a => $"{a.Key}={a.Value}"))}.");
        }

        var variables = await records.VariablesAsync(job.Space.Id, cancellationToken);
        if (variables.Count > 0)
        {
            log.Line($"Build arguments from the Space's variables: {string.Join(", ", variables.Keys.Order(StringComparer.Ordinal))}.");
        }

        foreach (var (key, value) in variables)
        {
            arguments[key] = value;
        }

        return arguments;
    }

    private Dictionary<string, string> Labels(BuildJob job, string role, bool withRevision)
    {
        var labels = resources.Labels(job.Space, role);
        if (withRevision)
        {
            labels[SpaceResources.RevisionLabel] = job.Revision;
        }

        foreach (var (key, value) in buildOptions.Value.ExtraLabels)
        {
            labels[key] = value;
        }

        return labels;
    }

    private async Task PruneAsync(long spaceId, int keep)
    {
        try
        {
            await pruner.PruneAsync(spaceId, keep, CancellationToken.None);
        }
        catch (DockerException ex)
        {
            Log.PruneFailed(logger, spaceId, ex.Message);
        }
    }

    private static bool IsOffline(RuntimeOptions options) => string.Equals(options.BuildNetworkMode, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the engine does not answer a ping on a new connection now; null when it answers (the failure was the build's own).</summary>
    private async Task<DockerException?> EngineGoneAsync() => await engine.ProblemAsync(CancellationToken.None);

    private SpaceBuildResult EngineLost(BuildJob job, Exception failure, DockerException problem) =>
        End(job, SpaceBuildStatus.Failed,
            $"The Docker engine at {engine.Endpoint} went away during the build ({failure.Message.TrimEnd('.')}; a new connection: {problem.EngineMessage}).")
        with { EngineLost = true };

    private static SpaceBuildResult End(
        BuildJob job, SpaceBuildStatus status, string? errorMessage, SpaceConfig? config = null, string? imageId = null) =>
        new(job.BuildId, job.Revision, status, imageId, errorMessage, config);

    private static string Describe(TimeSpan duration) => duration.TotalMinutes >= 1
        ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Build {BuildId} of Space {SpaceId} at {Revision} started")]
        public static partial void Started(ILogger logger, long buildId, long spaceId, string revision);

        [LoggerMessage(2, LogLevel.Information, "Build {BuildId} of Space {SpaceId} ended {Status}: {Message}")]
        public static partial void Finished(ILogger logger, long buildId, long spaceId, SpaceBuildStatus status, string? message);

        [LoggerMessage(3, LogLevel.Warning, "Pruning old images of Space {SpaceId} failed: {Message}")]
        public static partial void PruneFailed(ILogger logger, long spaceId, string message);
    }
}
