using Microsoft.AspNetCore.Http;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;

namespace Spaces.Gateway.Routing;

/// <summary>The page a Space's origin shows while nothing serves the app, chosen from the Space's stage.</summary>
internal static class SpaceStatusPages
{
    /// <summary>
    /// The page for <paramref name="space"/> in <paramref name="runtime"/>'s stage (null: the Space never ran yet). Every answer is a 503:
    /// the app is unavailable; transient stages (building, starting) carry a refresh, errors the stage's message and a link to the logs.
    /// </summary>
    public static GatewayPage For(Repo space, SpaceRuntime? runtime, string spacePageUrl, int refreshSeconds)
    {
        const int Unavailable = StatusCodes.Status503ServiceUnavailable;
        var stage = runtime?.Stage;
        var name = stage?.ToHubName();
        var message = runtime?.ErrorMessage;
        return stage switch
        {
            SpaceStage.Building or SpaceStage.RunningBuilding => new(Unavailable, $"{space.FullName} is building",
                "Its image is being built; this page reloads itself and shows the app once it runs.", name, null, spacePageUrl, refreshSeconds),
            SpaceStage.AppStarting or SpaceStage.RunningAppStarting or SpaceStage.Running or null => new(Unavailable, $"{space.FullName} is starting",
                "The app is starting; this page reloads itself and shows the app once it answers.", name, null, spacePageUrl, refreshSeconds),
            SpaceStage.Sleeping => Waking(space, runtime, spacePageUrl, refreshSeconds),
            SpaceStage.BuildError => new(Unavailable, $"{space.FullName} failed to build",
                "The build of its current revision failed. The build log on the Space's page says why.", name, message, spacePageUrl),
            SpaceStage.RuntimeError => new(Unavailable, $"{space.FullName} has a runtime error",
                "The app stopped or did not become healthy. The run log on the Space's page says why.", name, message, spacePageUrl),
            SpaceStage.ConfigError => new(Unavailable, $"{space.FullName} has a configuration error",
                "The YAML front matter of its README.md cannot be used.", name, message ?? space.ConfigMessage, spacePageUrl),
            SpaceStage.NoAppFile => new(Unavailable, $"{space.FullName} has no app yet",
                "The repository does not hold the app its sdk needs.", name, message ?? space.ConfigMessage, spacePageUrl),
            SpaceStage.Paused => new(Unavailable, $"{space.FullName} is paused",
                "Its owner paused it. Someone with write access to the Space can resume it from the Space's page.", name, null, spacePageUrl),
            SpaceStage.Stopped => new(Unavailable, $"{space.FullName} is stopped",
                "It is not running. Someone with write access to the Space can start it again from the Space's page.", name, null, spacePageUrl),
            _ => GatewayPages.NotFound,
        };
    }

    /// <summary>The page a browser gets at once while a sleeping Space wakes in the background.</summary>
    public static GatewayPage Waking(Repo space, SpaceRuntime? runtime, string spacePageUrl, int refreshSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, $"{space.FullName} is waking up",
            "It was asleep after a while without visitors and is starting now; this page reloads itself and shows the app once it answers.",
            runtime?.Stage.ToHubName(), null, spacePageUrl, refreshSeconds);
}
