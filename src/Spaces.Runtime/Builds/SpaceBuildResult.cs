using Spaces.Core.Config;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Builds;

/// <summary>How a build of one revision of a Space ended.</summary>
/// <param name="BuildId">The <see cref="SpaceBuild"/> row; its log is kept by <see cref="BuildLogStore"/> under this id.</param>
/// <param name="Revision">The commit built.</param>
/// <param name="Status"><see cref="SpaceBuildStatus.Succeeded"/>, <see cref="SpaceBuildStatus.Failed"/> or <see cref="SpaceBuildStatus.Cancelled"/>.</param>
/// <param name="ImageId">The image (<c>sha256:...</c>, tagged <see cref="SpaceResources.ImageTag"/>); null for static Spaces and failures.</param>
/// <param name="ErrorMessage">Why it failed or was cancelled: for a failed step, the step and the engine's message (BUILD_ERROR shows it).</param>
/// <param name="Config">The Space's config at that revision, when README.md could be read.</param>
public sealed record SpaceBuildResult(
    long BuildId,
    string Revision,
    SpaceBuildStatus Status,
    string? ImageId,
    string? ErrorMessage,
    SpaceConfig? Config)
{
    /// <summary>True when the revision can run: an image was built, or a static Space's files were validated.</summary>
    public bool Succeeded => Status == SpaceBuildStatus.Succeeded;

    /// <summary>
    /// True when the build failed because the Docker engine went away (its socket refused or cut the build, and a ping on a new
    /// connection then failed), not because of the Space's Dockerfile: the lifecycle waits for the engine and builds again.
    /// </summary>
    public bool EngineLost { get; init; }
}
