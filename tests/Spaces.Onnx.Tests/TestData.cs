namespace Spaces.Onnx.Tests;

/// <summary>Debian's libonnx-testdata (installed by scripts/lib/prepare.sh).</summary>
internal static class TestData
{
    public const string Root = "/usr/share/libonnx-testdata/data";

    /// <summary>The model file of one case, e.g. <c>node/test_add</c>; fails with how to install the package when it is missing.</summary>
    public static string Model(string testCase)
    {
        var path = Path.Combine(Root, testCase, "model.onnx");
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's libonnx-testdata (apt-get install libonnx-testdata, done by scripts/test).");
        return path;
    }
}
