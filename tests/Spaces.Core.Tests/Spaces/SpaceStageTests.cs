using Spaces.Core.Spaces;

namespace Spaces.Core.Tests.Spaces;

public sealed class SpaceStageTests
{
    [Theory]
    [InlineData(SpaceStage.NoAppFile, "NO_APP_FILE")]
    [InlineData(SpaceStage.ConfigError, "CONFIG_ERROR")]
    [InlineData(SpaceStage.Building, "BUILDING")]
    [InlineData(SpaceStage.BuildError, "BUILD_ERROR")]
    [InlineData(SpaceStage.AppStarting, "APP_STARTING")]
    [InlineData(SpaceStage.Running, "RUNNING")]
    [InlineData(SpaceStage.RunningBuilding, "RUNNING_BUILDING")]
    [InlineData(SpaceStage.RunningAppStarting, "RUNNING_APP_STARTING")]
    [InlineData(SpaceStage.RuntimeError, "RUNTIME_ERROR")]
    [InlineData(SpaceStage.Sleeping, "SLEEPING")]
    [InlineData(SpaceStage.Paused, "PAUSED")]
    [InlineData(SpaceStage.Stopped, "STOPPED")]
    [InlineData(SpaceStage.Deleting, "DELETING")]
    public void Hub_names_round_trip(SpaceStage stage, string name)
    {
        Assert.Equal(name, stage.ToHubName());
        Assert.True(SpaceStageNames.TryParse(name, out var parsed));
        Assert.Equal(stage, parsed);
    }

    [Fact]
    public void Every_stage_has_a_hub_name()
    {
        Assert.Equal(13, Enum.GetValues<SpaceStage>().Select(stage => stage.ToHubName()).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("running")]
    [InlineData("Running")]
    [InlineData("NoAppFile")]
    public void Unknown_names_do_not_parse(string? name)
    {
        Assert.False(SpaceStageNames.TryParse(name, out _));
    }

    [Fact]
    public void Undefined_value_has_no_name()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SpaceStage)99).ToHubName());
    }
}
