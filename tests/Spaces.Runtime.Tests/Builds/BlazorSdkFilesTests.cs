using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

public sealed class BlazorSdkFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("spaces-sdk-files-").FullName;

    private string Sdk => Path.Combine(_root, "sdk");

    private string Context => Path.Combine(_root, "context");

    public BlazorSdkFilesTests()
    {
        Directory.CreateDirectory(Path.Combine(Sdk, "signalr"));
        Directory.CreateDirectory(Path.Combine(Sdk, "packages"));
        Directory.CreateDirectory(Context);
        File.WriteAllText(Path.Combine(Sdk, "signalr", "signalr.min.js"), "// the client");
        File.WriteAllText(Path.Combine(Sdk, "packages", "Spaces.Onnx.1.0.0.nupkg"), "zip");
        File.WriteAllText(Path.Combine(Sdk, "packages", "Other.Thing.2.1.0-beta.nupkg"), "zip");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Puts_the_signalr_client_in_the_projects_wwwroot_and_only_the_referenced_packages_in_the_feed()
    {
        new BlazorSdkFiles(Sdk).AddTo(Context, "src/App/App.csproj", """<PackageReference Include="Spaces.Onnx" Version="1.0.0" />""");

        Assert.Equal("// the client", File.ReadAllText(Path.Combine(Context, "src/App/wwwroot/lib/signalr/signalr.min.js")));
        Assert.Equal(["Spaces.Onnx.1.0.0.nupkg"], Directory.GetFiles(Path.Combine(Context, BlazorSdkFiles.FeedInContext)).Select(Path.GetFileName));
    }

    [Fact]
    public void A_project_without_platform_packages_gets_an_empty_feed_and_its_own_client_file_is_kept()
    {
        Directory.CreateDirectory(Path.Combine(Context, "wwwroot/lib/signalr"));
        File.WriteAllText(Path.Combine(Context, "wwwroot/lib/signalr/signalr.min.js"), "// mine");

        new BlazorSdkFiles(Sdk).AddTo(Context, "App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");

        Assert.Equal("// mine", File.ReadAllText(Path.Combine(Context, "wwwroot/lib/signalr/signalr.min.js")));
        Assert.Empty(Directory.GetFiles(Path.Combine(Context, BlazorSdkFiles.FeedInContext)));
    }

    [Fact]
    public void A_platform_without_its_client_file_fails_naming_the_missing_file()
    {
        File.Delete(Path.Combine(Sdk, "signalr", "signalr.min.js"));

        var error = Assert.Throws<InvalidOperationException>(() => new BlazorSdkFiles(Sdk).AddTo(Context, "App.csproj", ""));

        Assert.Contains(Path.Combine(Sdk, "signalr", "signalr.min.js"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_platforms_output_ships_the_client_and_the_spaces_onnx_package_with_its_native_runtime()
    {
        var shipped = new BlazorSdkFiles(new SpaceBuildOptions().BlazorSdkFullPath);

        Assert.Contains("Spaces.Onnx.1.0.0.nupkg", shipped.Packages);
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(shipped.Directory, "packages", "Spaces.Onnx.1.0.0.nupkg"));
        Assert.Contains(package.Entries, e => e.FullName == "runtimes/linux-x64/native/libonnxruntime.so.1" && e.Length > 10_000_000);
        Assert.Contains(package.Entries, e => e.FullName == "lib/net10.0/Spaces.Onnx.dll");
    }

    [Fact]
    public void Docker_builds_get_only_the_platform_arguments_their_dockerfile_declares()
    {
        var options = new RuntimeOptions { SdkImage = "sdk:x", AspNetImage = "aspnet:y", BaseImage = "base:z" };

        var arguments = PlatformBuildArguments.For("ARG SPACES_SDK_IMAGE=default\n  arg SPACES_ASPNET_IMAGE\nFROM ${SPACES_SDK_IMAGE}\n", options);

        Assert.Equal(new Dictionary<string, string> { ["SPACES_SDK_IMAGE"] = "sdk:x", ["SPACES_ASPNET_IMAGE"] = "aspnet:y" }, arguments);
        Assert.Empty(PlatformBuildArguments.For("FROM spaces/base:bookworm\n", options));
    }
}
