using Spaces.Onnx.Native;
using static Spaces.Onnx.Tests.OnnxModelBuilder;

namespace Spaces.Onnx.Tests;

[Collection(OrtCollection.Name)]
public sealed class OrtErrorTests(OrtRuntimeFixture fixture)
{
    private readonly OrtRuntime _runtime = fixture.Runtime;

    private OrtSession OpenAdd() => _runtime.OpenSession(TestData.Model("node/test_add"));

    [Fact]
    public void Unknown_input_name_is_invalid_argument_naming_it()
    {
        using var session = OpenAdd();
        var ex = Assert.Throws<OnnxException>(() => session.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Create(new float[60], 3, 4, 5),
            ["nope"] = Tensor.Create(new float[60], 3, 4, 5),
        }));
        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_is_invalid_argument_with_the_dimensions()
    {
        using var session = OpenAdd();
        var ex = Assert.Throws<OnnxException>(() => session.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Create(new float[60], 3, 4, 5),
            ["y"] = Tensor.Create(new float[60], 3, 5, 4),
        }));
        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("dimensions", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_element_type_is_invalid_argument_naming_both_types()
    {
        using var session = OpenAdd();
        var ex = Assert.Throws<OnnxException>(() => session.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Create(new float[60], 3, 4, 5),
            ["y"] = Tensor.Create(new double[60], 3, 4, 5),
        }));
        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("double", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_input_and_unknown_output_are_reported()
    {
        using var session = OpenAdd();
        var missing = Assert.Throws<OnnxException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new float[60], 3, 4, 5) }));
        Assert.Contains("y", missing.Message, StringComparison.Ordinal);

        var inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new float[60], 3, 4, 5), ["y"] = Tensor.Create(new float[60], 3, 4, 5) };
        var unknown = Assert.Throws<OnnxException>(() => session.Run(inputs, ["missing_output"]));
        Assert.Equal(OrtErrorCode.InvalidArgument, unknown.Code);
        Assert.Contains("missing_output", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_file_and_invalid_model_bytes_are_reported()
    {
        var noFile = Assert.Throws<OnnxException>(() => _runtime.OpenSession("/nonexistent/model.onnx"));
        Assert.Equal(OrtErrorCode.NoSuchFile, noFile.Code);
        Assert.Contains("/nonexistent/model.onnx", noFile.Message, StringComparison.Ordinal);

        var garbage = Assert.Throws<OnnxException>(() => _runtime.OpenSession("this is not a model"u8));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, garbage.Code);
    }

    [Fact]
    public void Model_with_an_unknown_operator_is_refused()
    {
        var model = SingleNode("NoSuchOperator", [new Value("a", TensorElementType.Float, 1)], [new Value("b", TensorElementType.Float, 1)]);
        var ex = Assert.Throws<OnnxException>(() => _runtime.OpenSession(model));
        Assert.Contains("NoSuchOperator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_rejects_a_shape_that_does_not_match_its_data()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Create(new float[5], 2, 3));
        Assert.Contains("6 elements but the data has 5", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tensor.Create(new float[0], -1));
        Assert.Throws<InvalidOperationException>(() => Tensor.Create(new float[1], 1).AsSpan<double>());
    }

    [Fact]
    public void Disposed_session_refuses_to_run()
    {
        var session = OpenAdd();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new float[60], 3, 4, 5) }));
    }

    [Fact]
    public void Missing_native_library_lists_every_place_tried()
    {
        var empty = Directory.CreateTempSubdirectory("spaces-onnx-missing-");
        try
        {
            var environment = new Dictionary<string, string?>
            {
                [OnnxRuntimeOptions.EnvironmentVariable] = "/nowhere/libonnxruntime.so.1",
                ["SPACES_ASSETS_DIR"] = empty.FullName,
            };
            // Default probing is left out: in this process the library is already loaded, and dlopen would find it by its soname.
            var locator = new NativeLibraryLocator(name => environment.GetValueOrDefault(name), empty.FullName, useDefaultProbing: false);

            var ex = Assert.Throws<OnnxException>(() => OrtRuntime.Load(new OnnxRuntimeOptions { NativeLibraryPath = "/configured/libonnxruntime.so.1" }, locator));

            Assert.Equal(OrtErrorCode.Fail, ex.Code);
            Assert.Contains("configuration Spaces:Onnx:NativeLibraryPath: /configured/libonnxruntime.so.1 (no such file)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("environment SPACES_ONNXRUNTIME: /nowhere/libonnxruntime.so.1 (no such file)", ex.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(empty.FullName, "onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1"), ex.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(empty.FullName, ".cache", "assets", "onnxruntime-node"), ex.Message, StringComparison.Ordinal);
            Assert.Contains("SPACES_ONNXRUNTIME to the file", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_onnx_runtime_is_reported_as_such()
    {
        var locator = new NativeLibraryLocator(_ => null, Path.GetTempPath(), useDefaultProbing: false);
        // libc is a real shared library without OrtGetApiBase.
        var ex = Assert.Throws<OnnxException>(() => locator.Load("/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.Contains("/lib/x86_64-linux-gnu/libc.so.6 (the library does not export OrtGetApiBase", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_path_and_environment_variable_are_used_in_that_order()
    {
        var library = fixture.Runtime.LibraryPath;
        var fromConfiguration = new NativeLibraryLocator(_ => "/nowhere.so", "/", useDefaultProbing: false).Load(library);
        Assert.Equal(library, fromConfiguration.Location);

        var fromEnvironment = new NativeLibraryLocator(
            name => name == OnnxRuntimeOptions.EnvironmentVariable ? library : null, "/", useDefaultProbing: false).Load(null);
        Assert.Equal(library, fromEnvironment.Location);
        Assert.Equal("1.30.0", fromEnvironment.Api.Version);
    }
}
