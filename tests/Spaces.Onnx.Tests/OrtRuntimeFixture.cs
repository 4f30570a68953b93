namespace Spaces.Onnx.Tests;

/// <summary>One ORT runtime for the whole test assembly, loaded from the asset cache like the platform does.</summary>
public sealed class OrtRuntimeFixture : IDisposable
{
    public OrtRuntimeFixture()
    {
        // Fails (with the list of places tried and how to fetch the library) when the asset cache is empty.
        Runtime = OrtRuntime.Load();
    }

    public OrtRuntime Runtime { get; }

    public void Dispose() => Runtime.Dispose();
}

[CollectionDefinition(Name)]
public sealed class OrtCollection : ICollectionFixture<OrtRuntimeFixture>
{
    public const string Name = "ort";
}
