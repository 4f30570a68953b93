namespace Spaces.Docker.Models;

/// <summary>The engine's answer to <c>GET /images/{name}/json</c>.</summary>
public sealed class ImageInspectResponse
{
    public string Id { get; set; } = "";
    public List<string>? RepoTags { get; set; }
    public List<string>? RepoDigests { get; set; }
    public string? Parent { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset Created { get; set; }
    public string? DockerVersion { get; set; }
    public string? Author { get; set; }
    public ContainerConfig? Config { get; set; }
    public string? Architecture { get; set; }
    public string? Os { get; set; }
    public long Size { get; set; }
    public long VirtualSize { get; set; }
}

/// <summary>One image of <c>GET /images/json</c>.</summary>
public sealed class ImageSummary
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public List<string>? RepoTags { get; set; }
    public List<string>? RepoDigests { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public long Created { get; set; }
    public long Size { get; set; }
    public long SharedSize { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public int Containers { get; set; }
}

/// <summary>Options for <c>GET /images/json</c>.</summary>
public sealed class ImagesListParameters
{
    /// <summary>Include intermediate images. Default false.</summary>
    public bool All { get; set; }

    /// <summary>Filters such as <c>label</c>, <c>reference</c>, <c>dangling</c>. Default none.</summary>
    public DockerFilters? Filters { get; set; }
}

/// <summary>One line of <c>DELETE /images/{name}</c>'s answer: a tag removed or a layer deleted.</summary>
public sealed class ImageDeleteResponseItem
{
    public string? Untagged { get; set; }
    public string? Deleted { get; set; }
}

/// <summary>The engine's answer to <c>POST /images/prune</c>.</summary>
public sealed class ImagesPruneResponse
{
    public List<ImageDeleteResponseItem>? ImagesDeleted { get; set; }
    public long SpaceReclaimed { get; set; }
}

/// <summary>Options for <c>POST /images/create?fromSrc=-</c> (import a root filesystem tarball as an image).</summary>
public sealed class ImageImportParameters
{
    /// <summary>Repository to name the image, e.g. <c>spaces/base</c>. Default null: untagged.</summary>
    public string? Repository { get; set; }

    /// <summary>Tag, e.g. <c>bookworm</c>. Default null: <c>latest</c> when a repository is given.</summary>
    public string? Tag { get; set; }

    /// <summary>Commit message. Default none.</summary>
    public string? Message { get; set; }

    /// <summary>Dockerfile instructions to apply, e.g. <c>LABEL spaces.managed=true</c> or <c>CMD ["/bin/bash"]</c>. Default none.</summary>
    public List<string> Changes { get; set; } = [];

    /// <summary>Platform, e.g. <c>linux/amd64</c>. Default null: the engine's.</summary>
    public string? Platform { get; set; }
}
