using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BlazorOnnx.Models;
using Microsoft.AspNetCore.SignalR;

namespace BlazorOnnx.Hubs;

/// <summary>The page's live channel: streams what happens to the model, one message at a time.</summary>
public sealed class ModelHub(ModelFolder models) : Hub
{
    /// <summary>Streams one line per model file as it is read (name, size, SHA-256 and how long reading took).</summary>
    public async IAsyncEnumerable<string> Run([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (models.Files.Count == 0)
        {
            yield return $"No model under {models.Root}.";
            yield break;
        }

        foreach (var file in models.Files)
        {
            var watch = Stopwatch.StartNew();
            await using var stream = File.OpenRead(file.Path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            yield return $"{file.Name}: {file.SizeText}, sha256 {hash[..16]}…, read in {watch.Elapsed.TotalMilliseconds:0.0} ms";
        }
    }
}
