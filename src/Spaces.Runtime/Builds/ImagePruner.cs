using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Docker;
using Spaces.Docker.Models;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Keeps the newest images of a Space and removes the older ones. Recency comes from the builds that made them (ids increase), then
/// from the image's creation time. An image a container still uses is left alone: the engine refuses to remove it.
/// </summary>
internal sealed partial class ImagePruner(
    IDockerClient docker, BuildRecords records, SpaceResources resources, IOptions<SpaceBuildOptions> buildOptions, ILogger<ImagePruner> logger)
{
    /// <summary>The role label of Space images.</summary>
    public const string ImageRole = "image";

    /// <summary>Removes all but the newest <paramref name="keep"/> (at least 1) images of the Space; returns the ids removed.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(long spaceId, int keep, CancellationToken cancellationToken)
    {
        var filters = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, spaceId.ToString(CultureInfo.InvariantCulture))
            .Label(SpaceResources.RoleLabel, ImageRole)
            .Label(SpaceResources.InstanceLabel, resources.Instance);
        foreach (var (key, value) in buildOptions.Value.ExtraLabels)
        {
            filters.Label(key, value);
        }

        var images = await docker.Images.ListAsync(new ImagesListParameters { Filters = filters }, cancellationToken);
        var built = await records.BuiltImagesAsync(spaceId, cancellationToken);
        var old = images
            .OrderByDescending(i => built.TryGetValue(i.Id, out var buildId) ? buildId : 0)
            .ThenByDescending(i => i.Created)
            .Skip(Math.Max(1, keep));
        var removed = new List<string>();
        foreach (var image in old)
        {
            if (await TryRemoveAsync(image, cancellationToken))
            {
                removed.Add(image.Id);
            }
        }

        return removed;
    }

    private async Task<bool> TryRemoveAsync(ImageSummary image, CancellationToken cancellationToken)
    {
        try
        {
            // Untag each name (the last one deletes the image); by id only when it has none. No force: an image in use stays.
            var names = image.RepoTags?.Where(t => t != "<none>:<none>").ToList() ?? [];
            if (names.Count == 0)
            {
                names.Add(image.Id);
            }

            foreach (var name in names)
            {
                await docker.Images.RemoveAsync(name, cancellationToken: cancellationToken);
            }

            Log.Removed(logger, image.Id, string.Join(", ", names));
            return true;
        }
        catch (DockerConflictException ex)
        {
            Log.InUse(logger, image.Id, ex.EngineMessage);
            return false;
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Removed old Space image {ImageId} ({Names})")]
        public static partial void Removed(ILogger logger, string imageId, string names);

        [LoggerMessage(2, LogLevel.Debug, "Kept old Space image {ImageId}: {Reason}")]
        public static partial void InUse(ILogger logger, string imageId, string reason);
    }
}
