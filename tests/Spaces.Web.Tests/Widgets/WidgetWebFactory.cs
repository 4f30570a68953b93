using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.TestSupport;

namespace Spaces.Web.Tests.Widgets;

/// <summary>The real host with model repos seeded from the real models of the asset cache.</summary>
public sealed class WidgetWebFactory : SpacesWebFactory
{
    /// <summary>How long the inference hub's tests wait to connect, for an answer or a whole stream (a first call loads its model).</summary>
    internal static readonly TimeSpan HubTimeout = TimeSpan.FromSeconds(30);

    public const string OcrCard = """
        ---
        license: apache-2.0
        library_name: onnx
        pipeline_tag: image-to-text
        inference:
          inputs:
            - {name: x, shape: [N, 3, 48, W], datatype: float32}
          preprocessing:
            resize_height: 48
            mean: [0.5, 0.5, 0.5]
            std: [0.5, 0.5, 0.5]
            channel_order: BGR
            alphabet: assets/ppocr_keys_v1.txt
          decode: ctc-greedy
        ---
        # PP-OCRv4 text-line recognizer
        """;

    public const string VadCard = """
        ---
        license: mit
        library_name: onnx
        pipeline_tag: voice-activity-detection
        inference:
          inputs:
            - {name: input, shape: [N, S], datatype: float32}
            - {name: state, shape: [2, N, 128], datatype: float32}
            - {name: sr, shape: [], datatype: int64}
          preprocessing:
            sample_rate: 16000
            chunk_samples: 512
        ---
        # Silero VAD v5
        """;

    /// <summary>Creates a model repo owned by <paramref name="owner"/> holding <paramref name="files"/> (path -> bytes).</summary>
    public async Task CreateModelAsync(Account owner, string name, bool isPrivate, params (string Path, byte[] Content)[] files)
    {
        await using var scope = Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var actor = Actor.Session(owner);
        var repo = await repos.CreateAsync(actor, new CreateRepoRequest(RepoType.Model, owner.Name, name, isPrivate));
        var puts = files.Select(f => (CommitOperation)new PutFile(f.Path, new MemoryStream(f.Content))).ToList();
        await repos.CommitAsync(actor, repo, new CommitRequest("Add the model", RepoService.AuthorOf(owner), puts));
    }

    public Task CreateOcrModelAsync(Account owner, string name, bool isPrivate = false) => CreateModelAsync(owner, name, isPrivate,
        ("README.md", System.Text.Encoding.UTF8.GetBytes(OcrCard)),
        ("model.onnx", File.ReadAllBytes(TestAssets.OcrRecognizer)),
        ("assets/ppocr_keys_v1.txt", File.ReadAllBytes(TestAssets.OcrKeys)));

    public Task CreateVadModelAsync(Account owner, string name, bool isPrivate = false) => CreateModelAsync(owner, name, isPrivate,
        ("README.md", System.Text.Encoding.UTF8.GetBytes(VadCard)),
        ("silero_vad_v5.onnx", File.ReadAllBytes(TestAssets.SileroVad)));
}
