using System.Globalization;
using Spaces.Core.Repositories;

namespace Spaces.Runtime;

/// <summary>
/// Names and labels of everything this platform creates in the engine for a Space, so the builder, runner, reconciler and
/// cleanup agree: every resource carries <c>spaces.managed=true</c>, <c>spaces.instance</c> (this platform: several may share an
/// engine, e.g. a test run beside a running platform), <c>spaces.space=owner/name</c> and <c>spaces.space-id</c>; names carry the
/// instance too, so Space ids of two platforms never clash.
/// </summary>
/// <param name="instance">This platform's id (<see cref="RuntimeOptions.Instance"/>): lower-case letters and digits.</param>
public sealed class SpaceResources(string instance)
{
    /// <summary>On everything the platform creates.</summary>
    public const string ManagedLabel = "spaces.managed";

    /// <summary><c>owner/name</c> of the Space (informative: names change on rename; ids do not).</summary>
    public const string SpaceLabel = "spaces.space";

    /// <summary>The platform instance that created a resource: the reconciler only ever touches its own.</summary>
    public const string InstanceLabel = "spaces.instance";

    /// <summary>The Space's repository id: what the reconciler matches on.</summary>
    public const string SpaceIdLabel = "spaces.space-id";

    /// <summary>The commit a container or image was made from.</summary>
    public const string RevisionLabel = "spaces.revision";

    /// <summary>Comma-separated GPU device ids a container holds.</summary>
    public const string GpusLabel = "spaces.gpus";

    /// <summary>The hardware flavor a container runs on.</summary>
    public const string HardwareLabel = "spaces.hardware";

    /// <summary>What a resource is: <c>app</c>, <c>image</c>, <c>network</c>, <c>data</c>.</summary>
    public const string RoleLabel = "spaces.role";

    /// <summary>This platform's instance id.</summary>
    public string Instance { get; } = instance;

    /// <summary>The labels every resource of <paramref name="space"/> carries, plus <paramref name="role"/>.</summary>
    public Dictionary<string, string> Labels(Repo space, string role) => new(StringComparer.Ordinal)
    {
        [ManagedLabel] = "true",
        [InstanceLabel] = Instance,
        [SpaceLabel] = space.FullName,
        [SpaceIdLabel] = space.Id.ToString(CultureInfo.InvariantCulture),
        [RoleLabel] = role,
    };

    /// <summary>The image repository of a Space; images are tagged with the commit.</summary>
    public string ImageRepository(long spaceId) => $"spaces/{Instance}-space-{spaceId}";

    /// <summary>The image of one revision.</summary>
    public string ImageTag(long spaceId, string revision) => $"{ImageRepository(spaceId)}:{revision}";

    /// <summary>A container of one revision; <paramref name="attempt"/> keeps names unique across restarts.</summary>
    public string ContainerName(long spaceId, string revision, int attempt) =>
        $"spaces-{Instance}-{spaceId}-{revision[..Math.Min(12, revision.Length)]}-{attempt}";

    /// <summary>The Space's own bridge network (no masquerade, no inter-container traffic).</summary>
    public string NetworkName(long spaceId) => $"spaces-{Instance}-net-{spaceId}";

    /// <summary>The Space's persistent <c>/data</c> volume.</summary>
    public string DataVolumeName(long spaceId) => $"spaces-{Instance}-data-{spaceId}";
}
