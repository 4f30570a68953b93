namespace Spaces.Runtime.Builds;

/// <summary>A build accepted by <see cref="BuildQueue"/>: its id at once, and its result when it ends.</summary>
public sealed class BuildTicket
{
    internal BuildTicket(long buildId, long spaceId, string revision, Task<SpaceBuildResult> completion)
    {
        BuildId = buildId;
        SpaceId = spaceId;
        Revision = revision;
        Completion = completion;
    }

    /// <summary>The build's row id (and the name of its log).</summary>
    public long BuildId { get; }

    /// <summary>The Space being built.</summary>
    public long SpaceId { get; }

    /// <summary>The commit being built.</summary>
    public string Revision { get; }

    /// <summary>
    /// Completes when the build ends — succeeded, failed or cancelled (by a newer revision, a timeout or shutdown); it never faults.
    /// </summary>
    public Task<SpaceBuildResult> Completion { get; }
}
