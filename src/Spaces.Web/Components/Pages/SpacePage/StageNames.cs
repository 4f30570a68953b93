using Spaces.Core.Spaces;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>How the page names and colours a stage (the live script, js/space/stage.js, keeps the same table).</summary>
public static class StageNames
{
    /// <summary>A short human label, e.g. "Build error".</summary>
    public static string Label(SpaceStage stage) => stage switch
    {
        SpaceStage.NoAppFile => "No app file",
        SpaceStage.ConfigError => "Config error",
        SpaceStage.Building => "Building",
        SpaceStage.BuildError => "Build error",
        SpaceStage.AppStarting => "Starting",
        SpaceStage.Running => "Running",
        SpaceStage.RunningBuilding => "Running · building",
        SpaceStage.RunningAppStarting => "Running · starting",
        SpaceStage.RuntimeError => "Runtime error",
        SpaceStage.Sleeping => "Sleeping",
        SpaceStage.Paused => "Paused",
        SpaceStage.Stopped => "Stopped",
        SpaceStage.Deleting => "Deleting",
        _ => stage.ToString(),
    };

    /// <summary>The Bootstrap badge class of a stage.</summary>
    public static string BadgeClass(SpaceStage stage) => stage switch
    {
        SpaceStage.Running or SpaceStage.RunningBuilding or SpaceStage.RunningAppStarting => "text-bg-success",
        SpaceStage.Building or SpaceStage.AppStarting => "text-bg-warning",
        SpaceStage.BuildError or SpaceStage.RuntimeError or SpaceStage.ConfigError or SpaceStage.NoAppFile => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
