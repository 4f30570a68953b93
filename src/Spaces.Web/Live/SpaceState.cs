using Spaces.Core.Spaces;

namespace Spaces.Web.Live;

/// <summary>
/// A Space's runtime as viewers see it: the stage (from the runtime row, else the config's stage, else what comes next) with the
/// reason of the last transition, the hardware it runs on and asked for, and its sleep time.
/// </summary>
public sealed record SpaceState(
    long SpaceId,
    string FullName,
    SpaceStage Stage,
    string Reason,
    string? ErrorMessage,
    DateTime Since,
    string? CurrentHardware,
    string RequestedHardware,
    int SleepTimeSeconds,
    bool HasContainer,
    string AppHost);
