using Microsoft.AspNetCore.StaticFiles;

namespace Spaces.Gateway.Files;

/// <summary>
/// The Content-Type of a repository file from its name (for downloads and for static Spaces alike); text types carry
/// <c>charset=utf-8</c>, and module scripts and WebAssembly get the types browsers insist on.
/// </summary>
public static class RepoContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = CreateProvider();

    private static readonly HashSet<string> TextNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Dockerfile", "LICENSE", "Makefile", ".gitattributes", ".gitignore", ".dockerignore", ".editorconfig",
    };

    /// <summary>The Content-Type for <paramref name="path"/>'s file name.</summary>
    public static string For(string path)
    {
        var fileName = Path.GetFileName(path);
        if (!Provider.TryGetContentType(fileName, out var type))
        {
            return TextNames.Contains(fileName) ? "text/plain; charset=utf-8" : "application/octet-stream";
        }

        var isText = type.StartsWith("text/", StringComparison.Ordinal)
            || type is "application/json" or "application/javascript" or "application/xml" or "image/svg+xml" or "application/toml"
                or "application/manifest+json";
        return isText ? type + "; charset=utf-8" : type;
    }

    private static FileExtensionContentTypeProvider CreateProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".py"] = "text/x-python";
        provider.Mappings[".yaml"] = "text/yaml";
        provider.Mappings[".yml"] = "text/yaml";
        provider.Mappings[".toml"] = "application/toml";
        provider.Mappings[".cs"] = "text/plain";
        provider.Mappings[".csproj"] = "application/xml";
        provider.Mappings[".razor"] = "text/plain";
        provider.Mappings[".ipynb"] = "application/json";
        provider.Mappings[".onnx"] = "application/octet-stream";
        provider.Mappings[".zip"] = "application/zip";
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }
}
