using System.Globalization;
using Xunit.Abstractions;
using static Spaces.Onnx.Tests.OnnxModelBuilder;

namespace Spaces.Onnx.Tests;

[Collection(OrtCollection.Name)]
public sealed class OrtConcurrencyTests(OrtRuntimeFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Many_threads_run_one_session_and_each_gets_its_own_answer()
    {
        var model = SingleNode("Mul",
            [new Value("a", TensorElementType.Float, "n"), new Value("b", TensorElementType.Float, "n")],
            [new Value("product", TensorElementType.Float, "n")]);
        using var session = fixture.Runtime.OpenSession(model);
        const int Threads = 8;
        const int RunsPerThread = 300;
        var errors = 0;

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            for (var run = 0; run < RunsPerThread; run++)
            {
                // Each thread and run uses its own length and values, so a mixed-up buffer shows.
                var length = 1 + ((thread * 31) + run) % 500;
                var a = Enumerable.Range(0, length).Select(i => (float)(thread + 1)).ToArray();
                var b = Enumerable.Range(0, length).Select(i => (float)(i + run)).ToArray();
                var product = session.Run(new Dictionary<string, Tensor> { ["a"] = Tensor.Create(a, length), ["b"] = Tensor.Create(b, length) })["product"];
                var expected = a.Zip(b, (x, y) => x * y).ToArray();
                if (!expected.SequenceEqual(product.ToArray<float>()))
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });

        Assert.Equal(0, errors);
    }

    [Fact]
    public void Ten_thousand_runs_do_not_grow_resident_memory()
    {
        const int Elements = 16 * 1024; // 64 KiB per tensor: a leaked input or output value per run would add 640 MB or more.
        var model = SingleNode("Add",
            [new Value("a", TensorElementType.Float, "n"), new Value("b", TensorElementType.Float, "n")],
            [new Value("sum", TensorElementType.Float, "n")]);
        using var session = fixture.Runtime.OpenSession(model);
        var a = Enumerable.Range(0, Elements).Select(i => (float)i).ToArray();
        var inputs = new Dictionary<string, Tensor> { ["a"] = Tensor.Create(a, Elements), ["b"] = Tensor.Create(a, Elements) };

        for (var i = 0; i < 1_000; i++)
        {
            session.Run(inputs);
        }

        var before = ResidentKilobytes();
        for (var i = 0; i < 10_000; i++)
        {
            session.Run(inputs);
        }

        var after = ResidentKilobytes();
        var growth = after - before;
        output.WriteLine($"VmRSS after 1,000 warm-up runs: {before:N0} kB; after 10,000 more: {after:N0} kB; growth {growth:N0} kB");
        Assert.True(growth < 32 * 1024, $"Resident memory grew by {growth:N0} kB over 10,000 runs ({before:N0} -> {after:N0} kB).");
    }

    private static long ResidentKilobytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
