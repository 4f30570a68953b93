using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Docker.Models;
using Spaces.Runtime.Runs;

namespace Spaces.Runtime.Tests.Runs;

public sealed class SpaceHostNamesTests
{
    [Theory]
    [InlineData("http://localhost:5080", "alice--my-app-v1.spaces.localhost:5080")]
    [InlineData("http://+:8080;https://+:8443", "alice--my-app-v1.spaces.localhost:8080")]
    [InlineData("http://localhost", "alice--my-app-v1.spaces.localhost")]
    [InlineData("http://0.0.0.0:80", "alice--my-app-v1.spaces.localhost")]
    [InlineData("https://[::1]:443/", "alice--my-app-v1.spaces.localhost")]
    [InlineData("", "alice--my-app-v1.spaces.localhost")]
    public void The_space_host_is_the_normalized_label_under_the_apps_domain_with_the_platform_port(string urls, string expected)
    {
        var space = new Repo { Name = "My_App.v1", NormalizedName = "my-app-v1", StorageKey = "k", Owner = new Account { Name = "Alice", NormalizedName = "alice" } };

        Assert.Equal(expected, SpaceHostNames.Host(space, "spaces.localhost", urls));
    }

    [Fact]
    public void An_oom_kill_names_the_memory_limit_and_an_exit_its_code_then_the_last_fifty_lines()
    {
        var lines = Enumerable.Range(1, 60).Select(i => $"line {i}").ToList();

        var oom = ExitReport.Describe(new ContainerState { OOMKilled = true, ExitCode = 137 }, 32, lines);
        var exit = ExitReport.Describe(new ContainerState { ExitCode = 3 }, 32, ["bye"]);
        var timeout = ExitReport.Timeout(7860, TimeSpan.FromMinutes(30), []);

        Assert.StartsWith("Memory limit exceeded (32 MiB)", oom, StringComparison.Ordinal);
        Assert.DoesNotContain("line 10\n", oom, StringComparison.Ordinal);
        Assert.Contains("line 11\n", oom, StringComparison.Ordinal);
        Assert.EndsWith("line 60", oom, StringComparison.Ordinal);
        Assert.Equal("The app exited with code 3.\n\nLast log lines:\nbye", exit);
        Assert.Contains("port 7860 within 30 min", timeout, StringComparison.Ordinal);
    }
}
