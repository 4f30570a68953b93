namespace Spaces.Docker.Models;

/// <summary>Options for <c>POST /build</c> (the classic builder).</summary>
public sealed class ImageBuildParameters
{
    /// <summary>Names to tag the image with, e.g. <c>spaces/alice--demo:3f2a1c</c>. Default none.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Path of the Dockerfile inside the context. Default null: <c>Dockerfile</c>.</summary>
    public string? Dockerfile { get; set; }

    /// <summary>Values for <c>ARG</c>s. Default none.</summary>
    public Dictionary<string, string> BuildArgs { get; set; } = [];

    /// <summary>Labels set on the image. Default none.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>Do not use the build cache. Default false.</summary>
    public bool NoCache { get; set; }

    /// <summary>Remove intermediate containers after a successful build. Default true.</summary>
    public bool Remove { get; set; } = true;

    /// <summary>Always remove intermediate containers, even after a failure. Default true.</summary>
    public bool ForceRemove { get; set; } = true;

    /// <summary>Try to pull newer base images. Default false (no registry is reachable offline).</summary>
    public bool Pull { get; set; }

    /// <summary>Network for <c>RUN</c> steps, e.g. <c>none</c>. Default null: the engine's default bridge.</summary>
    public string? NetworkMode { get; set; }

    /// <summary>Build stage to stop at. Default null: the last stage.</summary>
    public string? Target { get; set; }

    /// <summary>Memory limit for <c>RUN</c> steps, in bytes. Default null: none.</summary>
    public long? Memory { get; set; }

    /// <summary>Total memory+swap for <c>RUN</c> steps, in bytes (-1 unlimited swap). Default null.</summary>
    public long? MemorySwap { get; set; }

    /// <summary>Suppress the verbose build output. Default false.</summary>
    public bool Quiet { get; set; }

    /// <summary>Images to use as cache sources. Default none.</summary>
    public List<string> CacheFrom { get; set; } = [];
}
