using static Spaces.Onnx.Tests.OnnxModelBuilder;
using Spaces.TestSupport;

namespace Spaces.Onnx.Tests;

[Collection(OrtCollection.Name)]
public sealed class OrtSessionTests(OrtRuntimeFixture fixture)
{
    private readonly OrtRuntime _runtime = fixture.Runtime;

    [Fact]
    public void Runtime_reports_its_version_and_library()
    {
        Assert.Equal("1.30.0", _runtime.Version);
        Assert.EndsWith("libonnxruntime.so.1", _runtime.LibraryPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_model_adds_elementwise()
    {
        using var session = _runtime.OpenSession(TestData.Model("node/test_add"));
        Assert.Equal(["x", "y"], session.Inputs.Select(i => i.Name));
        Assert.Equal(TensorElementType.Float, session.Inputs[0].ElementType);
        Assert.Equal([3L, 4, 5], session.Inputs[0].Shape);

        var x = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var y = Enumerable.Range(0, 60).Select(i => i * 0.5f).ToArray();
        var outputs = session.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Create(x, 3, 4, 5),
            ["y"] = Tensor.Create(y, 3, 4, 5),
        });

        var sum = Assert.Single(outputs).Value;
        Assert.Equal([3L, 4, 5], sum.Shape);
        Assert.Equal(x.Zip(y, (a, b) => a + b).ToArray(), sum.ToArray<float>());
    }

    [Fact]
    public void Metadata_has_names_types_and_symbolic_dimensions()
    {
        var model = SingleNode("Add",
            [new Value("a", TensorElementType.Int64, "batch", 3), new Value("b", TensorElementType.Int64, "batch", 3)],
            [new Value("sum", TensorElementType.Int64, "batch", 3)]);
        using var session = _runtime.OpenSession(model);

        Assert.Equal(["a", "b"], session.Inputs.Select(i => i.Name));
        var a = session.Inputs[0];
        Assert.Equal(TensorElementType.Int64, a.ElementType);
        Assert.Equal([-1L, 3], a.Shape);
        Assert.Equal(["batch", null], a.SymbolicDimensions);
        var sum = Assert.Single(session.Outputs);
        Assert.Equal("sum", sum.Name);
        Assert.Equal(["batch", null], sum.SymbolicDimensions);

        var outputs = session.Run(new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.Create(new long[] { 1, 2, 3, long.MaxValue - 1, 5, 6 }, 2, 3),
            ["b"] = Tensor.Create(new long[] { 10, 20, 30, 1, 50, 60 }, 2, 3),
        });
        Assert.Equal([11L, 22, 33, long.MaxValue, 55, 66], outputs["sum"].ToArray<long>());
        Assert.Equal([2L, 3], outputs["sum"].Shape);
    }

    [Fact]
    public void Ocr_recognizer_metadata_matches_the_model_card()
    {
        using var session = _runtime.OpenSession(TestAssets.OcrRecognizer);
        var x = Assert.Single(session.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(TensorElementType.Float, x.ElementType);
        Assert.Equal([-1L, 3, 48, -1], x.Shape);
        Assert.NotNull(x.SymbolicDimensions[0]);
        Assert.Null(x.SymbolicDimensions[1]);
        var output = Assert.Single(session.Outputs);
        Assert.Equal(6625, output.Shape[2]);
    }

    [Theory]
    [InlineData(TensorElementType.Float)]
    [InlineData(TensorElementType.Double)]
    [InlineData(TensorElementType.Int64)]
    [InlineData(TensorElementType.Int32)]
    [InlineData(TensorElementType.Int8)]
    [InlineData(TensorElementType.UInt8)]
    [InlineData(TensorElementType.Bool)]
    [InlineData(TensorElementType.String)]
    public void Identity_returns_each_supported_type_unchanged(TensorElementType type)
    {
        var model = SingleNode("Identity", [new Value("in", type, 2, "n")], [new Value("out", type, 2, "n")]);
        using var session = _runtime.OpenSession(model);
        var input = type switch
        {
            TensorElementType.Float => Tensor.Create(new[] { 1.5f, -0f, float.NaN, float.MaxValue, float.Epsilon, -3f }, 2, 3),
            TensorElementType.Double => Tensor.Create(new[] { 1.5, -0d, double.NaN, double.MaxValue, double.Epsilon, -3 }, 2, 3),
            TensorElementType.Int64 => Tensor.Create(new[] { long.MinValue, -1, 0, 1, 2, long.MaxValue }, 2, 3),
            TensorElementType.Int32 => Tensor.Create(new[] { int.MinValue, -1, 0, 1, 2, int.MaxValue }, 2, 3),
            TensorElementType.Int8 => Tensor.Create(new sbyte[] { sbyte.MinValue, -1, 0, 1, 2, sbyte.MaxValue }, 2, 3),
            TensorElementType.UInt8 => Tensor.Create(new byte[] { 0, 1, 2, 127, 128, 255 }, 2, 3),
            TensorElementType.Bool => Tensor.Create(new[] { true, false, false, true, true, false }, 2, 3),
            _ => Tensor.FromStrings(["", "a", "héllo", "日本", "x\ty", new string('z', 1000)], 2, 3),
        };

        var output = session.Run(new Dictionary<string, Tensor> { ["in"] = input })["out"];

        Assert.Equal(type, output.ElementType);
        Assert.Equal([2L, 3], output.Shape);
        switch (type)
        {
            case TensorElementType.Float: Assert.Equal(input.ToArray<float>(), output.ToArray<float>()); break;
            case TensorElementType.Double: Assert.Equal(input.ToArray<double>(), output.ToArray<double>()); break;
            case TensorElementType.Int64: Assert.Equal(input.ToArray<long>(), output.ToArray<long>()); break;
            case TensorElementType.Int32: Assert.Equal(input.ToArray<int>(), output.ToArray<int>()); break;
            case TensorElementType.Int8: Assert.Equal(input.ToArray<sbyte>(), output.ToArray<sbyte>()); break;
            case TensorElementType.UInt8: Assert.Equal(input.ToArray<byte>(), output.ToArray<byte>()); break;
            case TensorElementType.Bool: Assert.Equal(input.ToArray<bool>(), output.ToArray<bool>()); break;
            default: Assert.Equal(input.ToStringArray(), output.ToStringArray()); break;
        }
    }

    [Fact]
    public void Scalars_and_empty_tensors_pass_through()
    {
        var model = SingleNode("Identity", [new Value("in", TensorElementType.Float, "n")], [new Value("out", TensorElementType.Float, "n")]);
        using var session = _runtime.OpenSession(model);

        var empty = session.Run(new Dictionary<string, Tensor> { ["in"] = Tensor.Create(Array.Empty<float>(), 0) })["out"];
        Assert.Equal([0L], empty.Shape);
        Assert.Equal(0, empty.ElementCount);

        var scalarModel = SingleNode("Identity", [new Value("in", TensorElementType.Int64)], [new Value("out", TensorElementType.Int64)]);
        using var scalarSession = _runtime.OpenSession(scalarModel);
        var scalar = scalarSession.Run(new Dictionary<string, Tensor> { ["in"] = Tensor.Create(new[] { 42L }) })["out"];
        Assert.Empty(scalar.Shape);
        Assert.Equal([42L], scalar.ToArray<long>());
    }

    [Fact]
    public void Session_from_bytes_equals_session_from_file()
    {
        var path = TestData.Model("node/test_relu");
        using var fromFile = _runtime.OpenSession(path);
        using var fromBytes = _runtime.OpenSession(File.ReadAllBytes(path), new OrtSessionOptions
        {
            IntraOpThreads = 1, InterOpThreads = 2, Optimization = GraphOptimizationLevel.Disabled,
        });
        Assert.Equal(fromFile.Inputs, fromBytes.Inputs, TensorMetadataComparer.Instance);
        var x = Enumerable.Range(-30, 60).Select(i => i / 7f).ToArray();
        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(x, 3, 4, 5) };
        Assert.Equal(fromFile.Run(input)["y"].ToArray<float>(), fromBytes.Run(input)["y"].ToArray<float>());
        Assert.Equal(x.Select(v => Math.Max(v, 0)).ToArray(), fromBytes.Run(input)["y"].ToArray<float>());
    }

    [Fact]
    public void Requested_outputs_are_the_only_ones_computed()
    {
        var path = TestData.Model("node/test_split_equal_parts_1d");
        using var session = _runtime.OpenSession(path);
        Assert.True(session.Outputs.Count > 1);
        var input = new Dictionary<string, Tensor> { ["input"] = Tensor.Create(new[] { 1f, 2, 3, 4, 5, 6 }, 6) };
        var last = session.Outputs[^1].Name;

        var outputs = session.Run(input, [last]);

        Assert.Equal([last], outputs.Keys);
        Assert.Equal([5f, 6], outputs[last].ToArray<float>());
    }

    [Fact]
    public void RunInto_writes_the_outputs_into_the_callers_arrays()
    {
        using var session = _runtime.OpenSession(TestData.Model("node/test_add"));
        var x = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var sum = new float[60];
        var inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(x, 3, 4, 5), ["y"] = Tensor.Create(x, 3, 4, 5) };

        session.RunInto(inputs, new Dictionary<string, Tensor> { ["sum"] = Tensor.Create(sum, 3, 4, 5) });

        Assert.Equal(x.Select(v => v * 2).ToArray(), sum);
        var wrongShape = Assert.Throws<OnnxException>(() => session.RunInto(inputs, new Dictionary<string, Tensor> { ["sum"] = Tensor.Create(new float[60], 60) }));
        Assert.Contains("sum", wrongShape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_a_run_stops_it_with_OperationCanceledException()
    {
        using var session = _runtime.OpenSession(TestAssets.OcrRecognizer);
        const int Width = 8000; // a few hundred milliseconds or more of work
        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new float[3 * 48 * Width], 1, 3, 48, Width) };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        Assert.ThrowsAny<OperationCanceledException>(() => session.Run(input, null, cancellation.Token));

        // The same session still runs afterwards.
        var small = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new float[3 * 48 * 16], 1, 3, 48, 16) };
        Assert.Equal(6625, session.Run(small).Single().Value.Shape[2]);
    }

    private sealed class TensorMetadataComparer : IEqualityComparer<TensorMetadata>
    {
        public static readonly TensorMetadataComparer Instance = new();

        public bool Equals(TensorMetadata? x, TensorMetadata? y) =>
            x is not null && y is not null && x.Name == y.Name && x.ElementType == y.ElementType
            && x.Shape.SequenceEqual(y.Shape) && x.SymbolicDimensions.SequenceEqual(y.SymbolicDimensions);

        public int GetHashCode(TensorMetadata obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
