namespace Spaces.Onnx.Tests;

[Collection(OrtCollection.Name)]
public sealed class OrtSessionTests(OrtRuntimeFixture fixture)
{
    private readonly OrtRuntime _runtime = fixture.Runtime;

    [Fact]
    public void Runtime_reports_its_version()
    {
        Assert.Equal("1.30.0", _runtime.Version);
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
}
