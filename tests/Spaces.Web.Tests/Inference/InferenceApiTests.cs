using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Spaces.TestSupport;
using Spaces.Web.Tests.Api;
using static Spaces.Web.Tests.Inference.InferenceKit;

namespace Spaces.Web.Tests.Inference;

/// <summary>The Open Inference Protocol v2 API on the real host, with real models run by the native ONNX Runtime.</summary>
public sealed class InferenceApiTests : IAsyncLifetime
{
    private readonly SpacesWebFactory _factory = new();
    private HttpClient _ada = null!;
    private HttpClient _bob = null!;
    private string _addCommit = null!;

    public async Task InitializeAsync()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        _ada = _factory.CreateClient(adaToken);
        _bob = _factory.CreateClient(bobToken);
        _addCommit = await CreateModelAsync(_ada, "ada", "add", isPrivate: false, ("model.onnx", TestModel("node/test_add")));
    }

    public Task DisposeAsync()
    {
        _ada.Dispose();
        _bob.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private static object AddRequest(float[] x, float[] y, string? id = null) => new
    {
        id,
        inputs = new[] { Input("x", "FP32", [3, 4, 5], x), Input("y", "FP32", [3, 4, 5], y) },
    };

    [Theory]
    [InlineData("/v2/models/ada/add")]
    [InlineData("/v2/models/ada%2Fadd")]
    [InlineData("/v2/models/ada/add/versions/main")]
    public async Task Metadata_names_inputs_outputs_types_and_shapes(string url)
    {
        var metadata = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.GetAsync(url));

        Assert.Equal("ada/add", metadata.GetProperty("name").GetString());
        Assert.Equal([_addCommit], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnxruntime_onnx", metadata.GetProperty("platform").GetString());
        var inputs = metadata.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(["x", "y"], inputs.Select(i => i.GetProperty("name").GetString()));
        Assert.All(inputs, i => Assert.Equal("FP32", i.GetProperty("datatype").GetString()));
        Assert.Equal([3L, 4, 5], Shape(inputs[0]));
        var output = Assert.Single(metadata.GetProperty("outputs").EnumerateArray());
        Assert.Equal("sum", output.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Ready_answers_for_a_loadable_model_and_404_for_an_unknown_one()
    {
        var ready = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.GetAsync("/v2/models/ada/add/ready"));
        Assert.True(ready.GetProperty("ready").GetBoolean());
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.GetAsync("/v2/models/ada%2Fadd/ready"));
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await _bob.GetAsync("/v2/models/ada/nothing/ready"), "ada/nothing not found");
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.GetAsync("/v2/health/ready"));
        var server = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.GetAsync("/v2"));
        Assert.Equal("spaces", server.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/v2/models/ada/add/infer")]
    [InlineData("/v2/models/ada%2Fadd/infer")]
    public async Task Infer_runs_the_model_and_answers_in_the_protocol(string url)
    {
        var x = Enumerable.Range(0, 60).Select(i => i * 0.25f).ToArray();
        var y = Enumerable.Range(0, 60).Select(i => 1f / (i + 1)).ToArray();

        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync(url, Json(AddRequest(x, y, id: "req-1"))));

        Assert.Equal("ada/add", answer.GetProperty("model_name").GetString());
        Assert.Equal(_addCommit, answer.GetProperty("model_version").GetString());
        Assert.Equal("req-1", answer.GetProperty("id").GetString());
        var sum = Output(answer, "sum");
        Assert.Equal("FP32", sum.GetProperty("datatype").GetString());
        Assert.Equal([3L, 4, 5], Shape(sum));
        Assert.Equal(x.Zip(y, (a, b) => a + b).ToArray(), Floats(sum));
    }

    [Fact]
    public async Task Nested_data_arrays_are_read_in_row_major_order()
    {
        var x = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var nested = Enumerable.Range(0, 3).Select(a => Enumerable.Range(0, 4).Select(b => x.Skip((a * 20) + (b * 5)).Take(5).ToArray()).ToArray()).ToArray();
        var body = new { inputs = new[] { Input("x", "FP32", [3, 4, 5], nested), Input("y", "FP32", [3, 4, 5], new float[60]) } };

        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync("/v2/models/ada/add/infer", Json(body)));

        Assert.Equal(x, Floats(Output(answer, "sum")));
    }

    [Fact]
    public async Task Bool_int64_and_requested_outputs_go_through()
    {
        await CreateModelAsync(_ada, "ada", "where", false, ("model.onnx", TestModel("node/test_where_example")));
        var where = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync("/v2/models/ada/where/infer", Json(new
        {
            inputs = new[]
            {
                Input("condition", "BOOL", [2, 2], new[] { true, false, true, true }),
                Input("x", "FP32", [2, 2], new[] { 1f, 2, 3, 4 }),
                Input("y", "FP32", [2, 2], new[] { 9f, 8, 7, 6 }),
            },
        })));
        Assert.Equal([1f, 8, 3, 4], Floats(Output(where, "z")));

        await CreateModelAsync(_ada, "ada", "argmax", false, ("model.onnx", TestModel("node/test_argmax_default_axis_example")));
        var argmax = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync("/v2/models/ada/argmax/infer", Json(new
        {
            inputs = new[] { Input("data", "FP32", [2, 2], new[] { 2f, 1, 3, 10 }) },
        })));
        var result = Output(argmax, "result");
        Assert.Equal("INT64", result.GetProperty("datatype").GetString());
        Assert.Equal([1L, 1], result.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()));

        await CreateModelAsync(_ada, "ada", "split", false, ("model.onnx", TestModel("node/test_split_equal_parts_1d")));
        var split = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync("/v2/models/ada/split/infer", Json(new
        {
            inputs = new[] { Input("input", "FP32", [6], new[] { 1f, 2, 3, 4, 5, 6 }) },
            outputs = new[] { new { name = "output_3" } },
        })));
        var only = Assert.Single(split.GetProperty("outputs").EnumerateArray());
        Assert.Equal("output_3", only.GetProperty("name").GetString());
        Assert.Equal([5f, 6], Floats(only));
    }

    [Fact]
    public async Task Wrong_inputs_get_a_400_that_says_which_and_what_was_expected()
    {
        var zeros = new float[60];
        async Task Refused(object body, params string[] parts)
        {
            var error = await ApiAssert.StatusAsync(HttpStatusCode.BadRequest, await _bob.PostAsync("/v2/models/ada/add/infer", Json(body)));
            var message = error.GetProperty("error").GetString()!;
            foreach (var part in parts)
            {
                Assert.Contains(part, message, StringComparison.Ordinal);
            }
        }

        await Refused(new { inputs = new[] { Input("x", "FP32", [3, 4, 5], zeros), Input("nope", "FP32", [3, 4, 5], zeros) } },
            "'nope' is not an input of ada/add", "'x' (FP32 [3,4,5])", "'y' (FP32 [3,4,5])");
        await Refused(new { inputs = new[] { Input("x", "FP32", [3, 4, 5], zeros) } }, "'y'", "missing");
        await Refused(new { inputs = new[] { Input("x", "FP64", [3, 4, 5], zeros), Input("y", "FP32", [3, 4, 5], zeros) } },
            "'x' has datatype FP64", "expects FP32");
        await Refused(new { inputs = new[] { Input("x", "FLOAT", [3, 4, 5], zeros), Input("y", "FP32", [3, 4, 5], zeros) } },
            "'FLOAT'", "FP32");
        await Refused(new { inputs = new[] { Input("x", "FP32", [3, 5, 4], zeros), Input("y", "FP32", [3, 4, 5], zeros) } },
            "'x' has shape [3,5,4]", "expects [3,4,5]");
        await Refused(new { inputs = new[] { Input("x", "FP32", [3, 4, 5], new float[59]), Input("y", "FP32", [3, 4, 5], zeros) } },
            "'x' has 59 data elements", "holds 60");
        var bad = zeros.Cast<object>().ToArray();
        bad[7] = "seven";
        await Refused(new { inputs = new[] { Input("x", "FP32", [3, 4, 5], bad), Input("y", "FP32", [3, 4, 5], zeros) } },
            "'x' element 7 is not a valid FP32 value");
        await Refused(new { inputs = new[] { Input("x", "FP32", [3, 4, 5], zeros), Input("y", "FP32", [3, 4, 5], zeros) }, outputs = new[] { new { name = "total" } } },
            "'total' is not an output of ada/add", "'sum'");

        var notJson = await _bob.PostAsync("/v2/models/ada/add/infer", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, notJson, "not a valid inference request");
    }

    [Fact]
    public async Task Binary_tensor_data_goes_both_ways_after_the_json_part()
    {
        var x = Enumerable.Range(0, 60).Select(i => i * 0.75f).ToArray();
        var y = Enumerable.Range(0, 60).Select(i => -i / 3f).ToArray();
        var xBytes = MemoryMarshal.AsBytes(x.AsSpan()).ToArray();
        var header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new object[]
            {
                new { name = "x", datatype = "FP32", shape = new[] { 3, 4, 5 }, parameters = new { binary_data_size = xBytes.Length } },
                Input("y", "FP32", [3, 4, 5], y),
            },
            outputs = new[] { new { name = "sum", parameters = new { binary_data = true } } },
        });
        using var content = new ByteArrayContent([.. header, .. xBytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));

        using var response = await _bob.PostAsync("/v2/models/ada/add/infer", content);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        var answer = JsonDocument.Parse(body.AsMemory(0, jsonLength)).RootElement;
        var sum = Output(answer, "sum");
        Assert.Equal(240, sum.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(sum.TryGetProperty("data", out _));
        Assert.Equal(x.Zip(y, (a, b) => a + b).ToArray(), MemoryMarshal.Cast<byte, float>(body.AsSpan(jsonLength)).ToArray());

        using var wrongSize = new ByteArrayContent([.. header, .. xBytes[..200]]);
        wrongSize.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await _bob.PostAsync("/v2/models/ada/add/infer", wrongSize), "binary_data_size 240");
    }

    [Fact]
    public async Task A_private_model_is_404_to_others_and_served_to_its_owner()
    {
        await CreateModelAsync(_ada, "ada", "secret", isPrivate: true, ("model.onnx", TestModel("node/test_add")));
        using var anonymous = _factory.CreateClient();
        var body = AddRequest(new float[60], new float[60]);

        foreach (var client in new[] { _bob, anonymous })
        {
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await client.GetAsync("/v2/models/ada/secret"), "ada/secret not found");
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await client.GetAsync("/v2/models/ada%2Fsecret/ready"), "ada/secret not found");
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await client.PostAsync("/v2/models/ada/secret/infer", Json(body)), "ada/secret not found");
        }

        await ApiAssert.StatusAsync(HttpStatusCode.OK, await _ada.GetAsync("/v2/models/ada/secret"));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await _ada.PostAsync("/v2/models/ada/secret/infer", Json(body)));
    }

    [Fact]
    public async Task Each_revision_is_served_by_its_own_session()
    {
        var first = await CreateModelAsync(_ada, "ada", "evolving", false, ("model.onnx", TestModel("node/test_add")));
        var second = await UploadAsync(_ada, "ada/evolving", ("model.onnx", TestModel("node/test_sub")));
        var x = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var y = Enumerable.Repeat(1f, 60).ToArray();

        var head = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync("/v2/models/ada/evolving/infer", Json(AddRequest(x, y))));
        var old = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync($"/v2/models/ada/evolving/versions/{first}/infer", Json(AddRequest(x, y))));

        Assert.Equal(second, head.GetProperty("model_version").GetString());
        Assert.Equal(x.Select(v => v - 1).ToArray(), Floats(head.GetProperty("outputs")[0]));
        Assert.Equal(first, old.GetProperty("model_version").GetString());
        Assert.Equal(x.Select(v => v + 1).ToArray(), Floats(old.GetProperty("outputs")[0]));
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await _bob.GetAsync("/v2/models/ada/evolving/versions/nope"), "no version");
    }

    [Fact]
    public async Task Models_without_an_onnx_file_or_that_ort_refuses_are_reported()
    {
        await CreateModelAsync(_ada, "ada", "notes", false, ("notes.txt", "hello"u8.ToArray()));
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await _bob.GetAsync("/v2/models/ada/notes"), "has no .onnx file");

        await CreateModelAsync(_ada, "ada", "broken", false, ("model.onnx", "not a model"u8.ToArray()));
        await ApiAssert.ErrorAsync(HttpStatusCode.UnprocessableEntity, await _bob.GetAsync("/v2/models/ada/broken/ready"), "ONNX Runtime cannot load model.onnx");

        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await _bob.GetAsync("/v2/models/ada"), "is not an inference URL");
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await _bob.GetAsync("/v2/models/ada/add/explain"), "is not an inference URL");
    }

    [Fact]
    public async Task The_ocr_recognizer_reports_dynamic_dimensions_and_matches_an_in_process_run()
    {
        var modelPath = TestAssets.OcrRecognizer;
        await CreateModelAsync(_ada, "ada", "ocr", false, ("rec.onnx", await File.ReadAllBytesAsync(modelPath)));

        var metadata = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.GetAsync("/v2/models/ada%2Focr"));
        var x = Assert.Single(metadata.GetProperty("inputs").EnumerateArray());
        Assert.Equal([-1L, 3, 48, -1], Shape(x));

        const int Width = 16;
        var pixels = Enumerable.Range(0, 3 * 48 * Width).Select(i => (float)Math.Sin(i * 0.01)).ToArray();
        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _bob.PostAsync("/v2/models/ada/ocr/infer",
            Json(new { inputs = new[] { Input("x", "FP32", [1, 3, 48, Width], pixels) } })));
        var output = answer.GetProperty("outputs")[0];

        using var runtime = Spaces.Onnx.OrtRuntime.Load();
        using var session = runtime.OpenSession(modelPath);
        var expected = session.Run(new Dictionary<string, Spaces.Onnx.Tensor> { ["x"] = Spaces.Onnx.Tensor.Create(pixels, 1, 3, 48, Width) }).Single().Value;
        Assert.Equal(expected.Shape, Shape(output));
        Assert.Equal(expected.ToArray<float>(), Floats(output));
    }
}
