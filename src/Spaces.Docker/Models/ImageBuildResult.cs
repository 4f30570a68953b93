namespace Spaces.Docker.Models;

/// <summary>A finished, successful build.</summary>
/// <param name="ImageId">The built image's id (<c>sha256:...</c>).</param>
/// <param name="Output">All build output text, in order.</param>
public sealed record ImageBuildResult(string ImageId, string Output);
