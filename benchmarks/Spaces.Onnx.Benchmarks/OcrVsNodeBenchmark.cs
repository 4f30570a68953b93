using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Spaces.Onnx.Benchmarks;

/// <summary>
/// PaddleOCR v4 recognizer, input 1x3x48xW: Spaces.Onnx against onnxruntime-node on the same libonnxruntime.so.1, in one run,
/// rounds alternating which side goes first (the host is shared, so load drifts). Same session options on both sides.
/// </summary>
internal sealed class OcrVsNodeBenchmark(int runs, int warmup, int rounds, int threads, int width)
{
    public async Task<IReadOnlyList<(string Name, string Value)>> RunAsync()
    {
        var library = AssetCache.File("onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");
        var model = AssetCache.File("ocr-models", "assets", "ch_PP-OCRv4_rec_infer.onnx");
        var nodeDir = PrepareNodeModules();
        try
        {
            using var runtime = OrtRuntime.Load(new OnnxRuntimeOptions { NativeLibraryPath = library });
            using var session = runtime.OpenSession(model, new OrtSessionOptions { IntraOpThreads = threads, Optimization = GraphOptimizationLevel.All });
            var input = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(InputData(3 * 48 * width), 1, 3, 48, width) };
            Console.WriteLine($"OCR recognizer 1x3x48x{width}: ORT {runtime.Version} from {Path.GetFullPath(library)}; "
                + $"{rounds} rounds x {runs} runs (after {warmup} warm-up runs), intra-op threads {(threads == 0 ? "ORT default" : threads)}");

            var dotnet = new List<double>();
            var node = new List<double>();
            string? nodeLibrary = null;
            for (var round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? new[] { "dotnet", "node" } : ["node", "dotnet"];
                foreach (var side in order)
                {
                    if (side == "dotnet")
                    {
                        var times = MeasureDotnet(session, input);
                        Console.WriteLine($"  round {round + 1} Spaces.Onnx:      {Statistics.Summary(times)}");
                        dotnet.AddRange(times);
                    }
                    else
                    {
                        var (times, mapped) = await MeasureNodeAsync(nodeDir, model);
                        nodeLibrary = mapped;
                        Console.WriteLine($"  round {round + 1} onnxruntime-node: {Statistics.Summary(times)}");
                        node.AddRange(times);
                    }
                }
            }

            var sameLibrary = string.Equals(nodeLibrary, Path.GetFullPath(library), StringComparison.Ordinal);
            Console.WriteLine($"  node mapped {nodeLibrary} ({(sameLibrary ? "the same file" : "A DIFFERENT FILE")})");
            var ratio = Statistics.Percentile(dotnet, 50) / Statistics.Percentile(node, 50);
            return
            [
                ("OCR recognizer 1x3x48x" + width + ", Spaces.Onnx", Statistics.Summary(dotnet)),
                ("OCR recognizer 1x3x48x" + width + ", onnxruntime-node 1.30.0", Statistics.Summary(node)),
                ("p50 ratio Spaces.Onnx / Node (goal <= 1.1)", ratio.ToString("F3", CultureInfo.InvariantCulture)),
            ];
        }
        finally
        {
            Directory.Delete(nodeDir, recursive: true);
        }
    }

    private List<double> MeasureDotnet(OrtSession session, Dictionary<string, Tensor> input)
    {
        for (var i = 0; i < warmup; i++)
        {
            session.Run(input);
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            session.Run(input);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return times;
    }

    private async Task<(List<double> Times, string Library)> MeasureNodeAsync(string nodeDir, string model)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "node", "bench-ocr.cjs");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = nodeDir,
            ArgumentList = { script, model, runs.ToString(CultureInfo.InvariantCulture), warmup.ToString(CultureInfo.InvariantCulture),
                threads.ToString(CultureInfo.InvariantCulture), width.ToString(CultureInfo.InvariantCulture) },
        };
        start.Environment["NODE_PATH"] = Path.Combine(nodeDir, "node_modules");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (Debian's nodejs: /usr/bin/node).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node exited with {process.ExitCode}: {await stderr}");
        }

        using var json = JsonDocument.Parse(await stdout);
        var times = json.RootElement.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToList();
        return (times, json.RootElement.GetProperty("library").GetString() ?? "unknown");
    }

    /// <summary>
    /// node_modules/onnxruntime-node = the package's dist/ and package.json (asset onnxruntime-node-js) + a link to the bin/ folder the
    /// .NET side loads from (asset onnxruntime-node); node_modules/onnxruntime-common = its dist/ (asset onnxruntime-common).
    /// </summary>
    private static string PrepareNodeModules()
    {
        var root = Directory.CreateTempSubdirectory("spaces-bench-onnx-").FullName;
        var modules = Path.Combine(root, "node_modules");
        var ortNode = Path.Combine(modules, "onnxruntime-node");
        CopyDirectory(AssetCache.File("onnxruntime-node-js", "dist"), Path.Combine(ortNode, "dist"));
        File.Copy(AssetCache.File("onnxruntime-node-js", "package.json"), Path.Combine(ortNode, "package.json"));
        Directory.CreateSymbolicLink(Path.Combine(ortNode, "bin"), AssetCache.File("onnxruntime-node", "bin"));
        var common = Path.Combine(modules, "onnxruntime-common");
        CopyDirectory(AssetCache.File("onnxruntime-common", "dist"), Path.Combine(common, "dist"));
        File.Copy(AssetCache.File("onnxruntime-common", "package.json"), Path.Combine(common, "package.json"));
        return root;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The same pseudo-random values in [-1, 1] as the Node script.</summary>
    private static float[] InputData(int count)
    {
        var data = new float[count];
        var seed = 12345;
        for (var i = 0; i < count; i++)
        {
            seed = unchecked((seed * 1103515245) + 12345) & 0x7fffffff;
            data[i] = (float)(seed / (double)0x7fffffff * 2 - 1);
        }

        return data;
    }
}
