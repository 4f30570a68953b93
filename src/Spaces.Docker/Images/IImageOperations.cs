using Spaces.Docker.Models;

namespace Spaces.Docker;

/// <summary>Images: build, inspect, list, tag, remove, prune, import and load.</summary>
public interface IImageOperations
{
    /// <summary>
    /// Builds an image from a tar build context (<c>POST /build</c>), yielding each progress object as it arrives. A failed build
    /// yields an object with <see cref="BuildProgress.IsError"/> set (the engine still answers HTTP 200); this method does not throw
    /// for it — use <see cref="BuildAsync"/> for that.
    /// </summary>
    IAsyncEnumerable<BuildProgress> StreamBuildAsync(Stream context, ImageBuildParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds an image and returns its id, reporting progress as it comes; a failed build throws <see cref="DockerBuildException"/>
    /// naming the failing step (e.g. <c>Step 3/5 : RUN false</c>) and the engine's message.
    /// </summary>
    Task<ImageBuildResult> BuildAsync(
        Stream context, ImageBuildParameters parameters, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Inspects an image by name or id (<c>GET /images/{name}/json</c>); <see cref="DockerNotFoundException"/> when absent.</summary>
    Task<ImageInspectResponse> InspectAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>True when an image with this name or id exists locally.</summary>
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists images, e.g. by label (<c>GET /images/json</c>).</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(ImagesListParameters? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Adds a name to an image (<c>POST /images/{name}/tag</c>).</summary>
    Task TagAsync(string name, string repository, string? tag = null, CancellationToken cancellationToken = default);

    /// <summary>Removes an image or one of its names (<c>DELETE /images/{name}</c>).</summary>
    Task<IReadOnlyList<ImageDeleteResponseItem>> RemoveAsync(
        string name, bool force = false, bool noPrune = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes unused images (<c>POST /images/prune</c>). Filters such as <c>label</c> narrow it;
    /// <c>dangling=false</c> removes every unused image, not only untagged ones.
    /// </summary>
    Task<ImagesPruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary>Imports a root filesystem tarball as an image (<c>POST /images/create?fromSrc=-</c>) and returns the image id.</summary>
    Task<string> ImportAsync(Stream rootfs, ImageImportParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Loads images saved with <c>docker save</c> (<c>POST /images/load</c>); returns the engine's messages (e.g. <c>Loaded image: x:y</c>).</summary>
    Task<IReadOnlyList<string>> LoadAsync(Stream images, CancellationToken cancellationToken = default);
}
