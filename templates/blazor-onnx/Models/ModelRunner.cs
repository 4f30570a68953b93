using System.Collections.Concurrent;
using System.Diagnostics;
using Spaces.Onnx;

namespace BlazorOnnx.Models;

/// <summary>
/// Opens the Space's models with ONNX Runtime (one runtime per process, one session per file, opened on first use) and runs them on
/// generated inputs: dynamic dimensions become 1, values are deterministic noise. Replace <see cref="InputsFor"/> with your own
/// pre-processing and read the outputs your way.
/// </summary>
public sealed class ModelRunner : IDisposable
{
    private readonly Lazy<OrtRuntime> _runtime = new(() => OrtRuntime.Load());
    private readonly ConcurrentDictionary<string, Lazy<OrtSession>> _sessions = new(StringComparer.Ordinal);

    /// <summary>The ONNX Runtime version, loading it if needed.</summary>
    public string RuntimeVersion => _runtime.Value.Version;

    /// <summary>The session of a model file (opened once).</summary>
    public OrtSession SessionOf(ModelFile file) =>
        _sessions.GetOrAdd(file.Path, path => new Lazy<OrtSession>(() => _runtime.Value.OpenSession(path))).Value;

    /// <summary>One line per input and output: name, element type and shape (-1 for a dynamic dimension).</summary>
    public IEnumerable<string> Describe(ModelFile file)
    {
        var session = SessionOf(file);
        foreach (var input in session.Inputs)
        {
            yield return $"input {input.Name}: {input.ElementType}[{string.Join(", ", input.Shape)}]";
        }

        foreach (var output in session.Outputs)
        {
            yield return $"output {output.Name}: {output.ElementType}[{string.Join(", ", output.Shape)}]";
        }
    }

    /// <summary>Runs the model once on generated inputs; returns how long the run took and a summary of each output.</summary>
    public (TimeSpan Elapsed, IReadOnlyList<string> Outputs) Run(ModelFile file, int seed)
    {
        var session = SessionOf(file);
        var inputs = InputsFor(session, seed);
        var watch = Stopwatch.StartNew();
        var outputs = session.Run(inputs);
        watch.Stop();
        return (watch.Elapsed, [.. outputs.Select(o => $"{o.Key}: {o.Value} {Summary(o.Value)}")]);
    }

    /// <summary>Generated inputs for every input the model declares.</summary>
    public static Dictionary<string, Tensor> InputsFor(OrtSession session, int seed)
    {
        var random = new Random(seed);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var input in session.Inputs)
        {
            var shape = input.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            inputs[input.Name] = input.ElementType switch
            {
                TensorElementType.Float => Tensor.Create(Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray(), shape),
                TensorElementType.Double => Tensor.Create(Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray(), shape),
                TensorElementType.Int64 => Tensor.Create(new long[count], shape),
                TensorElementType.Int32 => Tensor.Create(new int[count], shape),
                TensorElementType.UInt8 => Tensor.Create(new byte[count], shape),
                _ => throw new NotSupportedException($"Input {input.Name} is {input.ElementType}: write its values yourself in InputsFor."),
            };
        }

        return inputs;
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values.Where(s => s.IsValueCreated))
        {
            session.Value.Dispose();
        }

        if (_runtime.IsValueCreated)
        {
            _runtime.Value.Dispose();
        }
    }

    private static string Summary(Tensor tensor) => tensor.ElementType switch
    {
        TensorElementType.Float => "first values " + string.Join(", ", tensor.AsSpan<float>()[..Math.Min(4, (int)tensor.ElementCount)].ToArray().Select(v => v.ToString("0.####"))),
        TensorElementType.Int64 => "first values " + string.Join(", ", tensor.AsSpan<long>()[..Math.Min(4, (int)tensor.ElementCount)].ToArray()),
        _ => "",
    };
}
