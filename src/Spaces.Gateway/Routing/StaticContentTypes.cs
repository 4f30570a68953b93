using Microsoft.AspNetCore.StaticFiles;

namespace Spaces.Gateway.Routing;

/// <summary>The Content-Type of a static Space's file from its name; text types carry <c>charset=utf-8</c>.</summary>
internal static class StaticContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = CreateProvider();

    public static string For(string path)
    {
        if (!Provider.TryGetContentType(Path.GetFileName(path), out var type))
        {
            return "application/octet-stream";
        }

        var isText = type.StartsWith("text/", StringComparison.Ordinal)
            || type is "application/json" or "application/javascript" or "text/javascript" or "application/xml" or "image/svg+xml"
                or "application/manifest+json";
        return isText ? type + "; charset=utf-8" : type;
    }

    private static FileExtensionContentTypeProvider CreateProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        // Module scripts and WebAssembly must carry the types browsers insist on.
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".onnx"] = "application/octet-stream";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }
}
