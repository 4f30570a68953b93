namespace Spaces.Core.Spaces;

/// <summary>
/// Where a Space is in its lifecycle. The names on the wire are the Hugging Face Hub's (<c>NO_APP_FILE</c>, <c>RUNNING</c>, ...),
/// so its clients understand them; see <see cref="SpaceStageNames"/>.
/// </summary>
public enum SpaceStage
{
    /// <summary><c>NO_APP_FILE</c>: no README.md, no front matter, no <c>sdk</c>, or the app the sdk needs is not in the repo.</summary>
    NoAppFile,

    /// <summary><c>CONFIG_ERROR</c>: the README.md front matter has a key with a wrong type or value, or is not valid YAML.</summary>
    ConfigError,

    /// <summary><c>BUILDING</c>: the image of the current revision is being built.</summary>
    Building,

    /// <summary><c>BUILD_ERROR</c>: the build of the current revision failed.</summary>
    BuildError,

    /// <summary><c>APP_STARTING</c>: the container runs and the health probe has not answered yet.</summary>
    AppStarting,

    /// <summary><c>RUNNING</c>: the app answers.</summary>
    Running,

    /// <summary><c>RUNNING_BUILDING</c>: an older revision serves while a newer one builds.</summary>
    RunningBuilding,

    /// <summary><c>RUNNING_APP_STARTING</c>: an older revision serves while a newer one starts.</summary>
    RunningAppStarting,

    /// <summary><c>RUNTIME_ERROR</c>: the app exited, crashed, or did not become healthy in time.</summary>
    RuntimeError,

    /// <summary><c>SLEEPING</c>: stopped after <c>sleep_time</c> without requests; the next request wakes it.</summary>
    Sleeping,

    /// <summary><c>PAUSED</c>: stopped by its owner; requests do not wake it.</summary>
    Paused,

    /// <summary><c>STOPPED</c>: not running and not expected to run (for example after a platform-side stop).</summary>
    Stopped,

    /// <summary><c>DELETING</c>: the Space is being removed.</summary>
    Deleting,
}

/// <summary>The Hub's names of <see cref="SpaceStage"/> values (<c>SCREAMING_SNAKE_CASE</c>).</summary>
public static class SpaceStageNames
{
    private static readonly Dictionary<SpaceStage, string> _names = new()
    {
        [SpaceStage.NoAppFile] = "NO_APP_FILE",
        [SpaceStage.ConfigError] = "CONFIG_ERROR",
        [SpaceStage.Building] = "BUILDING",
        [SpaceStage.BuildError] = "BUILD_ERROR",
        [SpaceStage.AppStarting] = "APP_STARTING",
        [SpaceStage.Running] = "RUNNING",
        [SpaceStage.RunningBuilding] = "RUNNING_BUILDING",
        [SpaceStage.RunningAppStarting] = "RUNNING_APP_STARTING",
        [SpaceStage.RuntimeError] = "RUNTIME_ERROR",
        [SpaceStage.Sleeping] = "SLEEPING",
        [SpaceStage.Paused] = "PAUSED",
        [SpaceStage.Stopped] = "STOPPED",
        [SpaceStage.Deleting] = "DELETING",
    };

    private static readonly Dictionary<string, SpaceStage> _stages = _names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The Hub's name of <paramref name="stage"/>, e.g. <c>NO_APP_FILE</c>.</summary>
    public static string ToHubName(this SpaceStage stage) =>
        _names.TryGetValue(stage, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown stage.");

    /// <summary>Reads a Hub stage name such as <c>RUNNING</c> (exact, upper case); false for anything else.</summary>
    public static bool TryParse(string? name, out SpaceStage stage)
    {
        if (name is not null && _stages.TryGetValue(name, out stage))
        {
            return true;
        }

        stage = default;
        return false;
    }
}
