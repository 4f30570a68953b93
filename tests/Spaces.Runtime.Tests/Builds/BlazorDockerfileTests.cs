using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

/// <summary>The restore as its own cached layer: what the written Dockerfile copies before <c>dotnet restore</c>, and when it cannot.</summary>
public sealed class BlazorDockerfileTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    private static string Write(string projectPath, IEnumerable<string>? files) =>
        BlazorDockerfile.Write(new BlazorProject(projectPath, "App"), 7860, "sdk", "aspnet", NoLabels, offline: true, files);

    /// <summary>The lines of the build stage, from the first COPY to the publish.</summary>
    private static List<string> BuildSteps(string dockerfile)
    {
        var lines = dockerfile.Split('\n').ToList();
        var first = lines.FindIndex(l => l.StartsWith("COPY ", StringComparison.Ordinal));
        var publish = lines.FindIndex(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        return lines[first..(publish + 1)];
    }

    [Fact]
    public void Restore_inputs_are_copied_before_the_restore_the_other_files_created_empty_and_their_contents_copied_after_it()
    {
        var files = new[]
        {
            "README.md", "Directory.Build.props", "NuGet.Config", "global.json", "src/App/App.csproj", "src/App/Program.cs",
            "src/App/Components/Home.razor", "src/App/packages.lock.json", "src/Lib/Lib.fsproj", "src/Lib/Directory.Build.targets",
            "src/Lib/Library.fs", "build/Common.props", "Directory.Packages.props", "src/App/wwwroot/app.css",
        };

        var steps = BuildSteps(Write("src/App/App.csproj", files));

        Assert.Equal(
        [
            "COPY Directory.Build.props Directory.Packages.props NuGet.Config global.json ./",
            "COPY build/Common.props build/",
            "COPY src/App/App.csproj src/App/packages.lock.json src/App/",
            "COPY src/Lib/Directory.Build.targets src/Lib/Lib.fsproj src/Lib/",
            "COPY .spaces/packages/ .spaces/packages/",
            "RUN mkdir -p src/App src/App/Components src/App/wwwroot src/Lib && " +
                "touch README.md src/App/Components/Home.razor src/App/Program.cs src/App/wwwroot/app.css src/Lib/Library.fs",
            "WORKDIR /src/src/App",
            "RUN dotnet restore App.csproj -p:RestoreAdditionalProjectSources=/src/.spaces/packages || " +
                "(mkdir -p /tmp/spaces-offline-feed && dotnet restore App.csproj --source /tmp/spaces-offline-feed; exit 1)",
            "COPY . /src/",
            "RUN dotnet publish App.csproj -c Release -o /app --no-restore -p:UseAppHost=false",
        ], steps);
    }

    [Fact]
    public void A_root_project_copies_itself_its_config_and_the_feed()
    {
        var dockerfile = Write("App.csproj", ["App.csproj", "Program.cs", "nuget.config", "Pages/Index.razor"]);

        Assert.Contains(
            "WORKDIR /src\nCOPY App.csproj nuget.config ./\nCOPY .spaces/packages/ .spaces/packages/\n" +
            "RUN mkdir -p Pages && touch Pages/Index.razor Program.cs\nWORKDIR /src/\nRUN dotnet restore",
            dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY . /src/\nRUN dotnet publish", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER 1000\n", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("COPY Program.cs", dockerfile, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/My Lib/Lib.csproj")]
    [InlineData("-x/Directory.Build.props")]
    [InlineData("src/$(x).props")]
    [InlineData("my dir/NuGet.config")]
    [InlineData("docs/My Notes.md")]
    [InlineData("$weird.cs")]
    [InlineData("-rf")]
    public void An_unwritable_path_falls_back_to_one_copy_of_everything_before_the_restore(string unwritable)
    {
        var dockerfile = Write("App.csproj", ["App.csproj", "Program.cs", unwritable]);

        Assert.Equal(
        [
            "COPY . .",
            "WORKDIR /src/",
            "RUN dotnet restore App.csproj -p:RestoreAdditionalProjectSources=/src/.spaces/packages || " +
                "(mkdir -p /tmp/spaces-offline-feed && dotnet restore App.csproj --source /tmp/spaces-offline-feed; exit 1)",
            "RUN dotnet publish App.csproj -c Release -o /app --no-restore -p:UseAppHost=false",
        ], BuildSteps(dockerfile));
    }

    [Fact]
    public void A_repository_with_too_many_files_to_name_falls_back_to_one_copy()
    {
        var files = Enumerable.Range(0, 20_000).Select(i => $"data/file{i}.txt").Append("App.csproj");

        Assert.Equal("COPY . .", BuildSteps(Write("App.csproj", files))[0]);
    }

    [Fact]
    public void Too_many_folders_of_restore_inputs_fall_back_to_one_copy()
    {
        var files = Enumerable.Range(0, BlazorDockerfile.MaxRestoreCopies).Select(i => $"src/P{i}/P{i}.csproj").Append("App.csproj");

        var dockerfile = Write("App.csproj", files);

        Assert.StartsWith("COPY . .\n", string.Join('\n', BuildSteps(dockerfile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_file_list_the_whole_repository_is_copied_before_the_restore()
    {
        Assert.Equal("COPY . .", BuildSteps(Write("src/App/App.csproj", files: null))[0]);
    }

    [Theory]
    [InlineData("App.csproj", true)]
    [InlineData("a/b/Lib.FSPROJ", true)]
    [InlineData("Directory.Build.props", true)]
    [InlineData("src/Directory.Build.targets", true)]
    [InlineData("nuget.config", true)]
    [InlineData("NuGet.Config", true)]
    [InlineData("src/NUGET.CONFIG", true)]
    [InlineData("global.json", true)]
    [InlineData("src/App/packages.lock.json", true)]
    [InlineData("Program.cs", false)]
    [InlineData("Pages/Index.razor", false)]
    [InlineData("appsettings.json", false)]
    [InlineData("nuget.config.bak", false)]
    [InlineData(".props", false)]
    [InlineData(".spaces/packages/Spaces.Onnx.1.0.0.nupkg", false)]
    [InlineData(".spaces/packages/x.props", false)]
    public void Restore_inputs_are_project_msbuild_and_nuget_files_at_any_depth(string path, bool input)
    {
        Assert.Equal(input, BlazorDockerfile.RestoreInputs([path]).Count == 1);
    }
}
