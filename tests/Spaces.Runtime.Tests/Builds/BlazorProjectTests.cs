using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

public sealed class BlazorProjectTests
{
    [Fact]
    public void The_single_project_at_the_root_is_chosen_over_deeper_ones()
    {
        Assert.Equal("App.csproj", BlazorProject.Choose(["README.md", "App.csproj", "tests/App.Tests.csproj"], null, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Without_a_root_project_the_single_one_in_the_repository_is_chosen()
    {
        Assert.Equal("src/App/App.csproj", BlazorProject.Choose(["src/App/App.csproj", "src/App/Program.cs"], null, out _));
    }

    [Fact]
    public void Several_projects_need_app_file_and_app_file_must_name_a_project_in_the_repository()
    {
        Assert.Null(BlazorProject.Choose(["A.csproj", "B.csproj"], null, out var several));
        Assert.Contains("set app_file", several, StringComparison.Ordinal);
        Assert.Equal("B.csproj", BlazorProject.Choose(["A.csproj", "B.csproj"], "B.csproj", out _));
        Assert.Null(BlazorProject.Choose(["A.csproj", "Program.cs"], "Program.cs", out var notProject));
        Assert.Contains("must name the .csproj", notProject, StringComparison.Ordinal);
        Assert.Null(BlazorProject.Choose(["A.csproj"], "C.csproj", out var missing));
        Assert.Contains("is not in the repository", missing, StringComparison.Ordinal);
        Assert.Null(BlazorProject.Choose(["Program.cs"], null, out var none));
        Assert.Contains("needs a .csproj", none, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<Project><PropertyGroup><AssemblyName>My.Server</AssemblyName></PropertyGroup></Project>", "My.Server")]
    [InlineData("<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>", "Demo")]
    [InlineData("<Project><PropertyGroup><AssemblyName>$(MSBuildProjectName).App</AssemblyName></PropertyGroup></Project>", "Demo")]
    [InlineData("<Project><PropertyGroup><AssemblyName>bad name\"</AssemblyName></PropertyGroup></Project>", "Demo")]
    [InlineData("<Project", "Demo")]
    public void The_assembly_is_the_literal_assembly_name_else_the_file_name(string xml, string expected)
    {
        Assert.Equal(expected, BlazorProject.Read("src/Demo.csproj", xml).AssemblyName);
    }

    [Fact]
    public void The_dockerfile_publishes_with_the_sdk_and_runs_the_assembly_on_app_port()
    {
        var labels = new Dictionary<string, string> { ["spaces.space"] = "alice/\"quoted\" $HOME" };

        var dockerfile = BlazorDockerfile.Write(
            new BlazorProject("src/App/App.csproj", "App.Server"), 8080, "sdk:10", "aspnet:10", labels, offline: true, files: null);

        Assert.StartsWith("# Written by Spaces", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM sdk:10 AS build\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("LABEL \"spaces.space\"=\"alice/\\\"quoted\\\" \\$HOME\"\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("WORKDIR /src/src/App\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("dotnet restore App.csproj --source /tmp/spaces-offline-feed", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN dotnet publish App.csproj -c Release -o /app --no-restore", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM aspnet:10\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENV ASPNETCORE_HTTP_PORTS=8080\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER 1000\n", dockerfile, StringComparison.Ordinal);
        Assert.EndsWith("ENTRYPOINT [\"dotnet\", \"App.Server.dll\"]\n", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("--source", BlazorDockerfile.Write(
            new BlazorProject("App.csproj", "App"), 7860, "sdk", "aspnet", labels, offline: false, files: null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("App.csproj", true)]
    [InlineData("src/My-App_1.0/App.csproj", true)]
    [InlineData("src/My App/App.csproj", false)]
    [InlineData("-rf.csproj", false)]
    [InlineData("src/$(x).csproj", false)]
    public void Only_plain_project_paths_are_written_into_the_dockerfile(string path, bool writable)
    {
        Assert.Equal(writable, BlazorDockerfile.IsWritable(path));
    }
}
