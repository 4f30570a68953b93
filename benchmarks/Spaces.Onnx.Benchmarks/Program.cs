using System.Globalization;
using Spaces.Onnx.Benchmarks;

// Stopwatch harness (docs/benchmarks.md, "ONNX"): every figure next to its baseline measured in the same run.
//   ocr [--runs 100] [--warmup 10] [--rounds 4] [--threads 0] [--width 320]   Spaces.Onnx vs onnxruntime-node, OCR recognizer
var command = args.Length > 0 ? args[0] : "ocr";
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, "--" + name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

Console.WriteLine($"Spaces.Onnx benchmarks: {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, load average {LoadAverage()}");
IReadOnlyList<(string Name, string Value)> rows = command switch
{
    "ocr" => await new OcrVsNodeBenchmark(Option("runs", 100), Option("warmup", 10), Option("rounds", 4), Option("threads", 0), Option("width", 320)).RunAsync(),
    _ => throw new ArgumentException($"Unknown benchmark '{command}'; use ocr."),
};

Console.WriteLine($"load average at the end {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| Benchmark | Result |");
Console.WriteLine("|---|---|");
foreach (var (name, value) in rows)
{
    Console.WriteLine($"| {name} | {value} |");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
