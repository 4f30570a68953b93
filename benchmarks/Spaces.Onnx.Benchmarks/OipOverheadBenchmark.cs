using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Spaces.Onnx.Benchmarks;

/// <summary>
/// Extra latency of an Open Inference Protocol v2 call (HTTP/1.1 on loopback to the real platform, JSON both ways) over a Run of the
/// same model in process, same run, alternating rounds. The client sends a request body serialized once in advance and reads and parses
/// the whole answer (JsonDocument), as a client must. Two models: the OCR recognizer 1x3x48x320 (46,080 input and 530,000 output floats)
/// and libonnx-testdata's node/test_add (two 3x4x5 inputs), whose cost is almost all per-call overhead.
/// </summary>
internal sealed class OipOverheadBenchmark(string webDll, int runs, int warmup, int rounds)
{
    public async Task<IReadOnlyList<(string Name, string Value)>> RunAsync()
    {
        var ocrModel = AssetCache.File("ocr-models", "assets", "ch_PP-OCRv4_rec_infer.onnx");
        const string AddModel = "/usr/share/libonnx-testdata/data/node/test_add/model.onnx";
        if (!File.Exists(AddModel))
        {
            throw new FileNotFoundException($"{AddModel} is missing: apt-get install libonnx-testdata.");
        }

        await using var platform = await PlatformProcess.StartAsync(webDll);
        using var http = new HttpClient { BaseAddress = platform.Address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.Token);
        await CreateModelAsync(http, "ocr", "rec.onnx", ocrModel);
        await CreateModelAsync(http, "add", "model.onnx", AddModel);

        var library = AssetCache.File("onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");
        using var runtime = OrtRuntime.Load(new OnnxRuntimeOptions { NativeLibraryPath = library });
        Console.WriteLine($"OIP v2 over HTTP to the platform at {platform.Address} vs in-process Run; ORT {runtime.Version}; "
            + $"{rounds} rounds x {runs} calls after {warmup} warm-up calls");

        var rows = new List<(string, string)>();
        var pixels = new float[3 * 48 * 320];
        var random = new Random(7);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)(random.NextDouble() * 2 - 1);
        }

        rows.AddRange(await CompareAsync(http, runtime, "OCR recognizer 1x3x48x320", "bench/ocr", ocrModel, "x", pixels, [1, 3, 48, 320]));
        rows.AddRange(await CompareAsync(http, runtime, "OCR recognizer 1x3x48x320, binary data extension", "bench/ocr", ocrModel, "x", pixels, [1, 3, 48, 320], binary: true));
        var x = Enumerable.Range(0, 60).Select(i => i * 0.5f).ToArray();
        rows.AddRange(await CompareAsync(http, runtime, "node/test_add 3x4x5", "bench/add", AddModel, null, x, [3, 4, 5]));
        return rows;
    }

    private async Task<IEnumerable<(string, string)>> CompareAsync(
        HttpClient http, OrtRuntime runtime, string label, string modelId, string modelPath, string? inputName, float[] data, long[] shape,
        bool binary = false)
    {
        using var session = runtime.OpenSession(modelPath);
        var names = inputName is null ? session.Inputs.Select(i => i.Name).ToArray() : [inputName];
        var inputs = names.ToDictionary(n => n, _ => Tensor.Create(data, shape));
        var raw = MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        var body = binary
            ? JsonSerializer.SerializeToUtf8Bytes(new
            {
                inputs = names.Select(n => new { name = n, datatype = "FP32", shape, parameters = new { binary_data_size = raw.Length } }).ToArray(),
                parameters = new { binary_data_output = true },
            })
            : JsonSerializer.SerializeToUtf8Bytes(new { inputs = names.Select(n => new { name = n, datatype = "FP32", shape, data }).ToArray() });
        var headerLength = binary ? body.Length : -1;
        if (binary)
        {
            body = [.. body, .. raw];
        }
        var url = $"/v2/models/{modelId}/infer";

        var inProcess = new List<double>();
        var overHttp = new List<double>();
        for (var i = 0; i < warmup; i++)
        {
            session.Run(inputs);
            await CallAsync(http, url, body, headerLength);
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                var http_ = (side + round) % 2 == 0;
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (http_)
                    {
                        await CallAsync(http, url, body, headerLength);
                        overHttp.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    else
                    {
                        session.Run(inputs);
                        inProcess.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }
        }

        var extra = Statistics.Percentile(overHttp, 50) - Statistics.Percentile(inProcess, 50);
        Console.WriteLine($"  {label}: in process {Statistics.Summary(inProcess)}");
        Console.WriteLine($"  {label}: OIP over HTTP {Statistics.Summary(overHttp)}; request {body.Length:N0} bytes");
        return
        [
            ($"{label}, in-process Run", Statistics.Summary(inProcess)),
            ($"{label}, OIP v2 HTTP call (request {body.Length / 1024.0:N0} KiB)", Statistics.Summary(overHttp)),
            ($"{label}, extra latency of the OIP call (p50 difference)", $"{extra:F2} ms"),
        ];
    }

    /// <summary>One call; with <paramref name="headerLength"/> >= 0 the body uses the binary data extension, and so does the answer.</summary>
    private static async Task CallAsync(HttpClient http, string url, byte[] body, int headerLength)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(headerLength >= 0 ? "application/octet-stream" : "application/json");
        if (headerLength >= 0)
        {
            content.Headers.Add("Inference-Header-Content-Length", headerLength.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await http.PostAsync(url, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        }

        var jsonLength = response.Headers.TryGetValues("Inference-Header-Content-Length", out var values)
            ? int.Parse(values.Single(), CultureInfo.InvariantCulture)
            : bytes.Length;
        using var answer = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        // The binary outputs' floats, as a client would take them.
        _ = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(jsonLength)).ToArray();
    }

    private static async Task CreateModelAsync(HttpClient http, string name, string fileName, string path)
    {
        var created = await http.PostAsJsonAsync("/api/repos/create", new { name, type = "model" });
        created.EnsureSuccessStatusCode();
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "files", fileName);
        var uploaded = await http.PostAsync($"/api/models/bench/{name}/upload/main", form);
        if (!uploaded.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Upload of {fileName} failed: {(int)uploaded.StatusCode} {Encoding.UTF8.GetString(await uploaded.Content.ReadAsByteArrayAsync())}");
        }
    }
}
