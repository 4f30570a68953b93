using System.Net;
using System.Runtime.CompilerServices;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Images;

internal sealed class ImageOperations(DockerTransport transport) : IImageOperations
{
    public async IAsyncEnumerable<BuildProgress> StreamBuildAsync(
        Stream context, ImageBuildParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameters);
        var query = BuildQuery(parameters);
        using var content = DockerTransport.TarBody(context);
        using var response = await transport.SendAsync(HttpMethod.Post, "/build", query, content, cancellationToken, streamResponse: true)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var item in JsonObjectStream.ReadAllAsync(body, DockerJsonContext.Default.BuildProgress, cancellationToken)
                .ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    public async Task<ImageBuildResult> BuildAsync(
        Stream context, ImageBuildParameters parameters, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var tracker = new BuildOutcome();
        await foreach (var item in StreamBuildAsync(context, parameters, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(item);
            tracker.Observe(item);
        }
        return tracker.Finish();
    }

    public Task<ImageInspectResponse> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Get, $"/images/{PathSegment.Escape(name)}/json", null, null, DockerJsonContext.Default.ImageInspectResponse,
            cancellationToken);

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await InspectAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(ImagesListParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new ImagesListParameters();
        var query = new QueryString().AddIfTrue("all", parameters.All).AddFilters(parameters.Filters);
        return await transport.SendForJsonAsync(
            HttpMethod.Get, "/images/json", query, null, DockerJsonContext.Default.ListImageSummary, cancellationToken).ConfigureAwait(false);
    }

    public async Task TagAsync(string name, string repository, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        var query = new QueryString().Add("repo", repository).Add("tag", tag);
        await transport.SendNoContentAsync(HttpMethod.Post, $"/images/{PathSegment.Escape(name)}/tag", query, null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ImageDeleteResponseItem>> RemoveAsync(
        string name, bool force = false, bool noPrune = false, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().AddIfTrue("force", force).AddIfTrue("noprune", noPrune);
        return await transport.SendForJsonAsync(
            HttpMethod.Delete, $"/images/{PathSegment.Escape(name)}", query, null, DockerJsonContext.Default.ListImageDeleteResponseItem,
            cancellationToken).ConfigureAwait(false);
    }

    public Task<ImagesPruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Post, "/images/prune", new QueryString().AddFilters(filters), null, DockerJsonContext.Default.ImagesPruneResponse,
            cancellationToken);

    public async Task<string> ImportAsync(Stream rootfs, ImageImportParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(parameters);
        var query = new QueryString()
            .Add("fromSrc", "-")
            .Add("repo", parameters.Repository)
            .Add("tag", parameters.Tag)
            .Add("message", parameters.Message)
            .Add("platform", parameters.Platform);
        foreach (var change in parameters.Changes)
        {
            query.Add("changes", change);
        }
        string? imageId = null;
        await foreach (var item in ReadProgressAsync("/images/create", query, rootfs, cancellationToken).ConfigureAwait(false))
        {
            if (item.Status is { } status && status.StartsWith("sha256:", StringComparison.Ordinal))
            {
                imageId = status.Trim();
            }
        }
        return imageId ?? throw new DockerStreamException("The engine finished the import without naming the imported image.");
    }

    public async Task<IReadOnlyList<string>> LoadAsync(Stream images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var messages = new List<string>();
        await foreach (var item in ReadProgressAsync("/images/load", new QueryString().Add("quiet", "1"), images, cancellationToken)
            .ConfigureAwait(false))
        {
            if ((item.Stream ?? item.Status)?.Trim() is { Length: > 0 } message)
            {
                messages.Add(message);
            }
        }
        return messages;
    }

    /// <summary>Posts a tar body and reads the JSON progress answer; an error object in it throws.</summary>
    private async IAsyncEnumerable<BuildProgress> ReadProgressAsync(
        string path, QueryString query, Stream tar, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var content = DockerTransport.TarBody(tar);
        using var response = await transport.SendAsync(HttpMethod.Post, path, query, content, cancellationToken, streamResponse: true)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var item in JsonObjectStream.ReadAllAsync(body, DockerJsonContext.Default.BuildProgress, cancellationToken)
                .ConfigureAwait(false))
            {
                if (item.IsError)
                {
                    throw new DockerException(HttpStatusCode.OK, item.ErrorMessage!);
                }
                yield return item;
            }
        }
    }

    private static QueryString BuildQuery(ImageBuildParameters parameters)
    {
        var query = new QueryString();
        foreach (var tag in parameters.Tags)
        {
            query.Add("t", tag);
        }
        query.Add("dockerfile", parameters.Dockerfile)
            .AddIfTrue("nocache", parameters.NoCache)
            .Add("rm", parameters.Remove)
            .Add("forcerm", parameters.ForceRemove)
            .Add("pull", parameters.Pull ? "1" : null)
            .Add("networkmode", parameters.NetworkMode)
            .Add("target", parameters.Target)
            .Add("memory", parameters.Memory)
            .Add("memswap", parameters.MemorySwap)
            .AddIfTrue("q", parameters.Quiet)
            // The classic builder: its JSON progress is what this client reads.
            .Add("version", "1");
        if (parameters.BuildArgs.Count > 0)
        {
            query.AddJson("buildargs", parameters.BuildArgs, DockerJsonContext.Default.DictionaryStringString);
        }
        if (parameters.Labels.Count > 0)
        {
            query.AddJson("labels", parameters.Labels, DockerJsonContext.Default.DictionaryStringString);
        }
        if (parameters.CacheFrom.Count > 0)
        {
            query.AddJson("cachefrom", parameters.CacheFrom, DockerJsonContext.Default.ListString);
        }
        return query;
    }
}
