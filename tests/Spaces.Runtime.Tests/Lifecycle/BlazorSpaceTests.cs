using System.Text;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class BlazorSpaceTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    [Fact]
    public async Task A_blazor_space_built_offline_with_the_sdk_image_reaches_running_and_answers()
    {
        var space = await CreateSpaceAsync("blazor", new Dictionary<string, byte[]>
        {
            ["Hello.csproj"] = Encoding.UTF8.GetBytes("""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                </Project>
                """),
            ["Program.cs"] = Encoding.UTF8.GetBytes("""
                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/", () => $"hello from {Environment.GetEnvironmentVariable("SPACE_ID")}");
                app.Run();
                """),
        });

        var running = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running, timeout: TimeSpan.FromMinutes(4));

        Assert.Equal($"hello from {space.FullName}", await TestApps.GetAsync(running.HostPort!.Value));
        Assert.Equal(
            [SpaceStage.Building, SpaceStage.AppStarting, SpaceStage.Running],
            (await Fixture.Stages.HistoryAsync(space.Id)).Select(e => e.Stage).Reverse().SkipWhile(s => s != SpaceStage.Building));
    }
}
