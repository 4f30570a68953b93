using Spaces.Core.Spaces;
using Spaces.Docker.Models;

namespace Spaces.Runtime.Tests.Builds;

[Collection(BuildCollection.Name)]
public sealed class BlazorSpaceBuildTests(BuildFixture fixture)
{
    private static readonly TimeSpan BuildWait = TimeSpan.FromMinutes(4);

    private const string Program = """
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/", () => "hello from a blazor space");
        app.Run();
        """;

    [Fact]
    public async Task A_minimal_aspnet_app_publishes_offline_into_an_image_that_serves_on_app_port()
    {
        var space = await fixture.CreateSpaceAsync("blazor", new Dictionary<string, string>
        {
            ["MiniApp.csproj"] = """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <AssemblyName>Mini.Server</AssemblyName>
                  </PropertyGroup>
                </Project>
                """,
            ["Program.cs"] = Program,
        });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.True(result.Succeeded, result.ErrorMessage + "\n" + string.Join('\n', await fixture.Logs.TailAsync(space.Id, ticket.BuildId, 30)));
        var image = await fixture.Docker.Images.InspectAsync(fixture.Resources.ImageTag(space.Id, space.HeadCommit!));
        Assert.Equal(["dotnet", "Mini.Server.dll"], image.Config?.Entrypoint);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=7860", image.Config?.Env ?? []);
        Assert.Equal("1000", image.Config?.User);
        Assert.Equal(space.HeadCommit, image.Config?.Labels?[SpaceResources.RevisionLabel]);
        Assert.Equal("image", image.Config?.Labels?[SpaceResources.RoleLabel]);
        // The generated Dockerfile (.spaces/Dockerfile) ends with the platform's labels as one step, on top of the final stage.
        var history = (await BuildFixture.DockerCliAsync("history", "--no-trunc", "--format", "{{.CreatedBy}}", result.ImageId!))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(SpaceResources.RevisionLabel, history[0], StringComparison.Ordinal);
        Assert.Single(history, step => step.Contains(SpaceResources.InstanceLabel, StringComparison.Ordinal));
        Assert.Contains("ENTRYPOINT", history[1], StringComparison.Ordinal);
        Assert.Equal("hello from a blazor space", await AnswerAsync(result.ImageId!));
    }

    [Fact]
    public async Task An_interactive_blazor_app_needing_an_unreachable_package_fails_naming_the_package()
    {
        // A .razor file makes the Web SDK require Microsoft.AspNetCore.App.Internal.Assets (blazor.web.js), as `dotnet new blazor` does.
        var space = await fixture.CreateSpaceAsync("blazor", new Dictionary<string, string>
        {
            ["Interactive.csproj"] = """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                </Project>
                """,
            ["Program.cs"] = Program,
            ["Components/App.razor"] = "<h1>Hello</h1>\n",
        });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.Equal(SpaceBuildStatus.Failed, result.Status);
        Assert.StartsWith(
            "The build needs the NuGet package Microsoft.AspNetCore.App.Internal.Assets, which the builder cannot reach (builds run without network).",
            result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Failed at Step ", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("dotnet restore", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await fixture.ImagesOfAsync(space));
    }

    [Fact]
    public async Task A_commit_changing_only_code_reuses_the_cached_restore_and_serves_the_new_code()
    {
        // A nested project with a root Directory.Build.props; the nonce keeps the first restore out of other tests' cache.
        var space = await fixture.CreateSpaceAsync("blazor", new Dictionary<string, string>
        {
            ["Directory.Build.props"] = $"""
                <Project>
                  <PropertyGroup>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <SpacesTestNonce>{Guid.NewGuid():N}</SpacesTestNonce>
                  </PropertyGroup>
                </Project>
                """,
            ["src/Cached/Cached.csproj"] = """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                </Project>
                """,
            ["src/Cached/Program.cs"] = Program,
        }, appFile: "src/Cached/Cached.csproj");
        var first = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var firstResult = await first.Completion.WaitAsync(BuildWait);
        Assert.True(firstResult.Succeeded, firstResult.ErrorMessage);

        var head = await fixture.CommitAsync(space, new Dictionary<string, string>
        {
            ["src/Cached/Program.cs"] = Program.Replace("hello from a blazor space", "hello again", StringComparison.Ordinal),
        });
        var second = await fixture.Queue.EnqueueAsync(space, head);
        var secondResult = await second.Completion.WaitAsync(BuildWait);

        var firstLog = await fixture.Logs.ReadAllAsync(space.Id, first.BuildId);
        var secondLog = await fixture.Logs.ReadAllAsync(space.Id, second.BuildId);
        Assert.True(secondResult.Succeeded, secondResult.ErrorMessage + "\n" + string.Join('\n', secondLog));
        Assert.False(RestoreUsedCache(firstLog), string.Join('\n', firstLog));
        Assert.True(RestoreUsedCache(secondLog), string.Join('\n', secondLog));
        Assert.Equal("hello again", await AnswerAsync(secondResult.ImageId!));
    }

    /// <summary>Whether the classic builder reported the restore step as taken from the layer cache.</summary>
    private static bool RestoreUsedCache(IReadOnlyList<string> log)
    {
        var step = log.ToList().FindIndex(line => line.Contains(" : RUN dotnet restore ", StringComparison.Ordinal));
        Assert.True(step >= 0, "The build log has no restore step:\n" + string.Join('\n', log));
        return step + 1 < log.Count && log[step + 1].Contains("---> Using cache", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_projects_without_app_file_fail_asking_for_app_file()
    {
        var project = "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />";
        var space = await fixture.CreateSpaceAsync("blazor", new Dictionary<string, string>
        {
            ["One.csproj"] = project,
            ["Two.csproj"] = project,
        });

        var result = await (await fixture.Queue.EnqueueAsync(space, space.HeadCommit!)).Completion.WaitAsync(BuildWait);

        Assert.Equal(SpaceBuildStatus.Failed, result.Status);
        Assert.Contains("One.csproj, Two.csproj", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("app_file", result.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>Starts the image with its port published on 127.0.0.1 and returns the first answer to GET /.</summary>
    private async Task<string> AnswerAsync(string imageId)
    {
        var created = await fixture.Docker.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = imageId,
            Labels = new() { [BuildFixture.RunLabel] = fixture.RunId, [SpaceResources.ManagedLabel] = "true" },
            ExposedPorts = new() { ["7860/tcp"] = new() },
            HostConfig = new HostConfig { PortBindings = new() { ["7860/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] } },
        });
        try
        {
            await fixture.Docker.Containers.StartAsync(created.ID);
            var port = (await fixture.Docker.Containers.InspectAsync(created.ID)).GetPublishedPort("7860/tcp")
                ?? throw new InvalidOperationException("no published port");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    return await http.GetStringAsync($"http://127.0.0.1:{port}/");
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
                catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }
        }
        finally
        {
            await fixture.Docker.Containers.RemoveAsync(created.ID, force: true);
        }
    }
}
