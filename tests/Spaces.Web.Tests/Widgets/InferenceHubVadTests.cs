using Spaces.Web.Tests.Live;

namespace Spaces.Web.Tests.Widgets;

public sealed class InferenceHubVadTests : IAsyncLifetime
{
    private readonly WidgetWebFactory _factory = new();

    public async Task InitializeAsync()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await _factory.CreateVadModelAsync(ada, "vad");
        await _factory.CreateVadModelAsync(ada, "secret-vad", isPrivate: true);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Streamed_audio_gets_one_probability_per_32_ms_chunk_as_it_is_computed()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);
        // 1 s of silence, the sentence, 1 s of silence, at 16 kHz.
        var samples = WidgetAssets.SpokenSamples("Voice activity detection streams its answer while the audio arrives.", padSeconds: 1);
        var (items, upload) = await hub.StreamWithUploadAsync("DetectVoice", "ada/vad");

        // The first block's chunks come back before the rest of the audio is sent.
        await hub.SendStreamItemAsync(upload, samples[..3000]);
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.True(await items.WaitToReadAsync(first.Token));
        }
        for (var at = 3000; at < samples.Length; at += 3000)
        {
            await hub.SendStreamItemAsync(upload, samples[at..Math.Min(at + 3000, samples.Length)]);
        }
        await hub.CompleteStreamAsync(upload);
        var chunks = await items.ReadAllAsync();

        Assert.Equal((samples.Length + 511) / 512, chunks.Count);
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => (long)i), chunks.Select(c => c.GetProperty("index").GetInt64()));
        Assert.Equal(32.0 * 10, chunks[10].GetProperty("startMs").GetDouble(), 6);
        var probabilities = chunks.Select(c => c.GetProperty("probability").GetSingle()).ToList();
        Assert.True(probabilities.Take(25).Max() < 0.5, $"leading silence: {probabilities.Take(25).Max()}");
        Assert.True(probabilities.TakeLast(25).Max() < 0.5, $"trailing silence: {probabilities.TakeLast(25).Max()}");
        var speech = probabilities.Skip(31).SkipLast(31).ToList();
        Assert.True(speech.Count(p => p > 0.5) > speech.Count / 2, $"{speech.Count(p => p > 0.5)} of {speech.Count} speech chunks above 0.5");
    }

    [Fact]
    public async Task A_private_model_is_not_found_and_bad_blocks_end_the_stream_with_the_reason()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);

        var (secret, _) = await hub.StreamWithUploadAsync("DetectVoice", "ada/secret-vad");
        var hidden = await Assert.ThrowsAsync<HubErrorException>(() => secret.ReadAllAsync());
        Assert.EndsWith("HubException: Model ada/secret-vad not found.", hidden.Message);

        var (items, upload) = await hub.StreamWithUploadAsync("DetectVoice", "ada/vad");
        await hub.SendStreamItemAsync(upload, new float[70_000]);
        var tooLong = await Assert.ThrowsAsync<HubErrorException>(() => items.ReadAllAsync());
        Assert.Contains("70000 samples", tooLong.Message);

        var (more, upload2) = await hub.StreamWithUploadAsync("DetectVoice", "ada/vad");
        await hub.SendStreamItemAsync(upload2, new float[1024]);
        await hub.CompleteStreamAsync(upload2);
        Assert.Equal(2, (await more.ReadAllAsync()).Count);
    }

    [Fact]
    public async Task Silence_streams_back_low_probabilities_and_a_partial_last_chunk_is_answered()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);
        var (items, upload) = await hub.StreamWithUploadAsync("DetectVoice", "ada/vad");

        await hub.SendStreamItemAsync(upload, new float[16_000]);
        await hub.CompleteStreamAsync(upload);
        var chunks = await items.ReadAllAsync();

        // 31 full chunks and one padded (16000 = 31 * 512 + 128).
        Assert.Equal(32, chunks.Count);
        Assert.All(chunks, c => Assert.InRange(c.GetProperty("probability").GetSingle(), 0f, 0.5f));
    }
}
