using Spaces.Core.Spaces;

namespace Spaces.Web.Components.Shared;

/// <summary>How a stage is grouped in filters: the four things a visitor cares about.</summary>
public enum StageGroup
{
    /// <summary>The app answers (RUNNING, RUNNING_BUILDING, RUNNING_APP_STARTING).</summary>
    Running,

    /// <summary>On its way (BUILDING, APP_STARTING).</summary>
    Starting,

    /// <summary>Something is wrong (NO_APP_FILE, CONFIG_ERROR, BUILD_ERROR, RUNTIME_ERROR).</summary>
    Error,

    /// <summary>Not running on purpose (SLEEPING, PAUSED, STOPPED, DELETING).</summary>
    Idle,
}

/// <summary>A stage as the UI shows it: a short label, a colour tone (a <c>stage-*</c> CSS class) and its filter group.</summary>
/// <param name="Label">Human label, e.g. "Running", "Build error".</param>
/// <param name="Tone">CSS tone: <c>running</c>, <c>progress</c>, <c>error</c>, <c>warning</c> or <c>idle</c>.</param>
/// <param name="Group">The filter group.</param>
public sealed record StageLook(string Label, string Tone, StageGroup Group)
{
    /// <summary>
    /// The look of every stage. <c>wwwroot/js/stages.js</c> holds the same table for live updates; a test keeps them equal.
    /// </summary>
    public static StageLook Of(SpaceStage stage) => stage switch
    {
        SpaceStage.Running => new("Running", "running", StageGroup.Running),
        SpaceStage.RunningBuilding => new("Running · building", "running", StageGroup.Running),
        SpaceStage.RunningAppStarting => new("Running · starting", "running", StageGroup.Running),
        SpaceStage.Building => new("Building", "progress", StageGroup.Starting),
        SpaceStage.AppStarting => new("Starting", "progress", StageGroup.Starting),
        SpaceStage.NoAppFile => new("No app file", "warning", StageGroup.Error),
        SpaceStage.ConfigError => new("Config error", "error", StageGroup.Error),
        SpaceStage.BuildError => new("Build error", "error", StageGroup.Error),
        SpaceStage.RuntimeError => new("Runtime error", "error", StageGroup.Error),
        SpaceStage.Sleeping => new("Sleeping", "idle", StageGroup.Idle),
        SpaceStage.Paused => new("Paused", "idle", StageGroup.Idle),
        SpaceStage.Stopped => new("Stopped", "idle", StageGroup.Idle),
        SpaceStage.Deleting => new("Deleting", "idle", StageGroup.Idle),
        _ => new(stage.ToString(), "idle", StageGroup.Idle),
    };

    /// <summary>Reads a filter group name (<c>running</c>, <c>starting</c>, <c>error</c>, <c>idle</c>); null for anything else.</summary>
    public static StageGroup? ParseGroup(string? value) =>
        Enum.TryParse<StageGroup>(value, ignoreCase: true, out var group) && Enum.IsDefined(group) && !int.TryParse(value, out _) ? group : null;
}
