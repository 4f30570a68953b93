using Spaces.Core.Spaces;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>Which panel the App tab shows instead of the frame while the app does not answer (js/space/app.js mirrors it).</summary>
public static class AppPanels
{
    /// <summary><c>serving</c>, <c>building</c>, <c>sleeping</c>, <c>paused</c> or <c>error</c>.</summary>
    public static string Of(SpaceStage stage) => stage switch
    {
        SpaceStage.Running or SpaceStage.RunningBuilding or SpaceStage.RunningAppStarting => "serving",
        SpaceStage.Building or SpaceStage.AppStarting => "building",
        SpaceStage.Sleeping => "sleeping",
        SpaceStage.Paused or SpaceStage.Stopped or SpaceStage.Deleting => "paused",
        _ => "error",
    };

    /// <summary>The heading of the error panel.</summary>
    public static string ErrorTitle(SpaceStage stage) => stage switch
    {
        SpaceStage.BuildError => "The build failed",
        SpaceStage.RuntimeError => "The app stopped with an error",
        SpaceStage.ConfigError => "README.md has a configuration error",
        SpaceStage.NoAppFile => "There is no app to run yet",
        _ => "The app is not running",
    };
}
