using System.Runtime.CompilerServices;
using BlazorOnnx.Models;
using Microsoft.AspNetCore.SignalR;

namespace BlazorOnnx.Hubs;

/// <summary>The page's live channel: streams what the model does, one message at a time, as it happens.</summary>
public sealed class ModelHub(ModelFolder models, ModelRunner runner) : Hub
{
    /// <summary>For each model: its inputs and outputs, then <paramref name="runs"/> timed runs on generated inputs (1 to 20).</summary>
    public async IAsyncEnumerable<string> Run(int runs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (models.Files.Count == 0)
        {
            yield return $"No model under {models.Root}: name one under models: in README.md.";
            yield break;
        }

        yield return $"ONNX Runtime {runner.RuntimeVersion}";
        foreach (var file in models.Files)
        {
            foreach (var line in runner.Describe(file))
            {
                yield return $"{file.Name}: {line}";
            }

            for (var i = 1; i <= Math.Clamp(runs, 1, 20); i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (elapsed, outputs) = await Task.Run(() => runner.Run(file, i), cancellationToken);
                yield return $"{file.Name}: run {i} took {elapsed.TotalMilliseconds:0.00} ms; {string.Join("; ", outputs)}";
            }
        }
    }
}
