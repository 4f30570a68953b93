using Spaces.Core.Config;
using Spaces.Docker;
using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

public sealed class BuildFailureMessageTests
{
    private const string Step = "Step 7/21 : RUN dotnet restore App.csproj";

    [Fact]
    public void Packages_named_by_an_offline_restore_are_named_in_the_message()
    {
        const string output = """
              Determining projects to restore...
            /src/App.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.
            /src/App.csproj : error NU1101: Unable to find package Microsoft.AspNetCore.App.Internal.Assets. No packages exist with this id in source(s): /tmp/spaces-offline-feed
            /src/App.csproj : error NU1102: Unable to find package Some.Lib with version (>= 2.0.0)
            /src/App.csproj : error NU1101: Unable to find package Microsoft.AspNetCore.App.Internal.Assets. No packages exist with this id in source(s): x
            """;

        var message = BuildFailureMessage.Describe(Failure(output), SpaceSdk.Blazor, offline: true);

        Assert.Equal(
            "The build needs the NuGet packages Microsoft.AspNetCore.App.Internal.Assets, Some.Lib, which the builder cannot reach " +
            $"(builds run without network). Failed at {Step}",
            message);
    }

    [Fact]
    public void An_unreachable_source_without_package_names_still_says_what_happened()
    {
        var message = BuildFailureMessage.Describe(
            Failure("/src/App.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json."),
            SpaceSdk.Blazor, offline: false);

        Assert.Equal($"The build needs NuGet packages, which the builder cannot find in its package sources. Failed at {Step}", message);
    }

    [Fact]
    public void A_failed_publish_quotes_the_compiler_errors_and_a_docker_build_the_engine()
    {
        const string output = """
            /src/Program.cs(1,11): error CS0103: The name 'WebApplication' does not exist in the current context [/src/App.csproj]
            /src/Program.cs(1,11): error CS0103: The name 'WebApplication' does not exist in the current context [/src/App.csproj]
            """;

        var blazor = BuildFailureMessage.Describe(Failure(output), SpaceSdk.Blazor, offline: true);
        var docker = BuildFailureMessage.Describe(Failure(output), SpaceSdk.Docker, offline: true);

        Assert.Equal(
            $"Build failed at {Step}: The command returned a non-zero code: 1\n" +
            "/src/Program.cs(1,11): error CS0103: The name 'WebApplication' does not exist in the current context [/src/App.csproj]",
            blazor);
        Assert.Equal($"Build failed at {Step}: The command returned a non-zero code: 1", docker);
    }

    private static DockerBuildException Failure(string output) => new(Step, "The command returned a non-zero code: 1", output);
}
