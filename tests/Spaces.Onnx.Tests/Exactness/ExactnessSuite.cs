using System.Globalization;

namespace Spaces.Onnx.Tests.Exactness;

internal enum CaseOutcome
{
    Passed,

    /// <summary>ORT refused the model when opening the session (missing kernel or op, old opset, initialisation error).</summary>
    RefusedByOrt,

    /// <summary>The session ran but failed, or gave outputs other than the expected ones.</summary>
    Failed,

    /// <summary>An input or output has a type the binding does not support (not tried).</summary>
    Unsupported,
}

internal sealed record CaseResult(string Name, CaseOutcome Outcome, string? Detail);

/// <summary>
/// Runs the cases of Debian's libonnx-testdata (model.onnx + test_data_set_0/input_N.pb, output_N.pb) through Spaces.Onnx and compares
/// the outputs with the expected tensors: exactly for integers, booleans and strings; within ONNX's backend-test tolerance for floats.
/// </summary>
internal static class ExactnessSuite
{
    /// <summary>ONNX's backend test runner compares with numpy's assert_allclose(rtol=1e-3, atol=1e-7).</summary>
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    public static IEnumerable<string> Cases(string root) =>
        Directory.EnumerateFiles(root, "model.onnx", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .OfType<string>()
            .Where(d => Directory.Exists(Path.Combine(d, "test_data_set_0")))
            .Order(StringComparer.Ordinal);

    public static CaseResult Run(OrtRuntime runtime, string root, string directory)
    {
        var name = Path.GetRelativePath(root, directory);
        var modelPath = Path.Combine(directory, "model.onnx");
        var signature = ModelSignature.Read(File.ReadAllBytes(modelPath));
        var unsupported = signature.Inputs.Concat(signature.Outputs).FirstOrDefault(v => !Supported(v));
        if (unsupported is not null)
        {
            return new CaseResult(name, CaseOutcome.Unsupported,
                $"{unsupported.Name}: {unsupported.NonTensorKind ?? $"element type {unsupported.ElementType}"}");
        }

        var data = Path.Combine(directory, "test_data_set_0");
        var inputs = ReadAll(data, "input_");
        var expected = ReadAll(data, "output_");
        OrtSession session;
        try
        {
            session = runtime.OpenSession(modelPath);
        }
        catch (OnnxException ex)
        {
            return new CaseResult(name, CaseOutcome.RefusedByOrt, $"ORT {ex.Code}: {FirstLine(ex.Message)}");
        }

        try
        {
            var feeds = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (var i = 0; i < inputs.Count; i++)
            {
                feeds[NameFor(inputs[i].Name, i, session.Inputs)] = inputs[i].Tensor!;
            }

            var outputNames = expected.Select((e, i) => NameFor(e.Name, i, session.Outputs)).ToArray();
            var actual = session.Run(feeds, outputNames);
            for (var i = 0; i < expected.Count; i++)
            {
                var problem = Compare(expected[i].Tensor!, actual[outputNames[i]]);
                if (problem is not null)
                {
                    return new CaseResult(name, CaseOutcome.Failed, $"output {outputNames[i]}: {problem}");
                }
            }

            return new CaseResult(name, CaseOutcome.Passed, null);
        }
        catch (OnnxException ex)
        {
            return new CaseResult(name, CaseOutcome.Failed, $"ORT {ex.Code}: {FirstLine(ex.Message)}");
        }
        finally
        {
            session.Dispose();
        }
    }

    /// <summary>Element types the binding handles: 1..13 (float .. uint64, with string, bool and float16); not bfloat16, complex, float8, int4.</summary>
    private static bool Supported(ValueSignature value) =>
        value.NonTensorKind is null && value.ElementType is >= 1 and <= 13;

    private static List<TensorProtoData> ReadAll(string directory, string prefix) =>
        [.. Directory.EnumerateFiles(directory, prefix + "*.pb")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[prefix.Length..], CultureInfo.InvariantCulture))
            .Select(f => TensorProtoReader.Read(File.ReadAllBytes(f)))];

    /// <summary>The .pb file's own name when the model has it, else the model's value at the same position.</summary>
    private static string NameFor(string? protoName, int index, IReadOnlyList<TensorMetadata> values) =>
        !string.IsNullOrEmpty(protoName) && values.Any(v => v.Name == protoName) ? protoName : values[index].Name;

    private static string? Compare(Tensor expected, Tensor actual)
    {
        if (expected.ElementType != actual.ElementType)
        {
            return $"element type {actual.ElementType}, expected {expected.ElementType}";
        }

        if (!expected.Shape.SequenceEqual(actual.Shape))
        {
            return $"shape [{string.Join(',', actual.Shape)}], expected [{string.Join(',', expected.Shape)}]";
        }

        return expected.ElementType switch
        {
            TensorElementType.Float => CompareFloats(expected.ToArray<float>().Select(v => (double)v), actual.ToArray<float>().Select(v => (double)v)),
            TensorElementType.Double => CompareFloats(expected.ToArray<double>(), actual.ToArray<double>()),
            TensorElementType.Float16 => CompareFloats(expected.ToArray<Half>().Select(v => (double)v), actual.ToArray<Half>().Select(v => (double)v), 1e-3),
            TensorElementType.String => CompareExact(expected.ToStringArray(), actual.ToStringArray()),
            TensorElementType.Int64 => CompareExact(expected.ToArray<long>(), actual.ToArray<long>()),
            TensorElementType.Int32 => CompareExact(expected.ToArray<int>(), actual.ToArray<int>()),
            TensorElementType.Int16 => CompareExact(expected.ToArray<short>(), actual.ToArray<short>()),
            TensorElementType.Int8 => CompareExact(expected.ToArray<sbyte>(), actual.ToArray<sbyte>()),
            TensorElementType.UInt64 => CompareExact(expected.ToArray<ulong>(), actual.ToArray<ulong>()),
            TensorElementType.UInt32 => CompareExact(expected.ToArray<uint>(), actual.ToArray<uint>()),
            TensorElementType.UInt16 => CompareExact(expected.ToArray<ushort>(), actual.ToArray<ushort>()),
            TensorElementType.UInt8 => CompareExact(expected.ToArray<byte>(), actual.ToArray<byte>()),
            TensorElementType.Bool => CompareExact(expected.ToArray<bool>(), actual.ToArray<bool>()),
            _ => $"cannot compare {expected.ElementType}",
        };
    }

    private static string? CompareExact<T>(T[] expected, T[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
            {
                return $"element {i} is {actual[i]}, expected {expected[i]}";
            }
        }

        return null;
    }

    private static string? CompareFloats(IEnumerable<double> expected, IEnumerable<double> actual, double absolute = AbsoluteTolerance)
    {
        var i = 0;
        foreach (var (e, a) in expected.Zip(actual))
        {
            var same = (double.IsNaN(e) && double.IsNaN(a)) || e == a || Math.Abs(a - e) <= absolute + RelativeTolerance * Math.Abs(e);
            if (!same)
            {
                return $"element {i} is {a:R}, expected {e:R} (difference {Math.Abs(a - e):G3})";
            }

            i++;
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
