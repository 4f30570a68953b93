using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Spaces.Onnx.Pipelines.Imaging;
using Spaces.Onnx.Pipelines.Vad;

namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// The model page's live widgets over SignalR at <c>/hubs/inference</c> (JSON protocol; cookie session or access token, like
/// <c>/hubs/spaces</c>). A model the caller may not read (private, or absent) is refused with a hub error containing "not found".
/// <list type="bullet">
/// <item><c>RecognizeText(modelId, {sequence, width, height, rgba | png})</c> answers
/// <c>{sequence, stale, text, confidence, symbols: [{text, confidence}], milliseconds}</c> for an <c>image-to-text</c> CTC recognizer.
/// The image is cropped to its ink first. One request per connection runs at a time; a request overtaken by a newer one while it
/// waited answers <c>stale: true</c> without running.</item>
/// <item><c>DetectVoice(modelId, audio)</c> takes a client stream of 16 kHz mono Float32 blocks (number arrays, any length up to
/// <see cref="InferenceOptions.MaxAudioBlockSamples"/>) and streams back <c>{index, startMs, probability}</c> for every 32 ms chunk
/// as soon as it is computed; when the client completes its stream the last partial chunk is padded and answered.</item>
/// </list>
/// </summary>
internal sealed class InferenceHub(InferenceModels models, IOptions<InferenceOptions> options) : Hub
{
    /// <summary>Where the hub is mapped.</summary>
    public const string Path = "/hubs/inference";

    /// <summary>Recognises the text line in an image (see the class summary).</summary>
    public async Task<OcrAnswer> RecognizeText(string modelId, OcrRequest request)
    {
        var gate = LatestRequestGate.Of(Context);
        var ticket = gate.Arrive();
        var image = ImageOf(request);
        var repo = await models.FindReadableAsync(Context.User, modelId, Context.ConnectionAborted);
        using var running = await gate.EnterAsync(Context.ConnectionAborted);
        if (gate.IsSuperseded(ticket))
        {
            return OcrAnswer.Superseded(request.Sequence);
        }
        using var lease = await models.OpenAsync(repo, ModelWidgetKind.Ocr, Context.ConnectionAborted);
        var started = Stopwatch.GetTimestamp();
        if (InkBounds.CropToInk(image) is not { } line)
        {
            return new OcrAnswer(request.Sequence, false, "", 0, [], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var text = lease.Model.Recognizer!.Recognize(line);
        return new OcrAnswer(
            request.Sequence,
            false,
            text.Text,
            text.Confidence,
            [.. text.Symbols.Select(s => new OcrSymbol(s.Text, s.Confidence))],
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Streams the speech probability of every 32 ms chunk of the audio the client streams (see the class summary).</summary>
    public async IAsyncEnumerable<VadChunk> DetectVoice(
        string modelId, IAsyncEnumerable<float[]> audio, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var repo = await models.FindReadableAsync(Context.User, modelId, cancellationToken);
        using var lease = await models.OpenAsync(repo, ModelWidgetKind.VoiceActivity, cancellationToken);
        var vad = new SileroVad(lease.Model.Session);
        var chunkMs = SileroVad.ChunkDuration.TotalMilliseconds;
        long index = 0;
        await foreach (var block in audio.WithCancellation(cancellationToken))
        {
            CheckBlock(block);
            foreach (var probability in vad.Process(block))
            {
                yield return new VadChunk(index, index * chunkMs, probability);
                index++;
            }
        }
        if (vad.Flush() is { } last)
        {
            yield return new VadChunk(index, index * chunkMs, last);
        }
    }

    private void CheckBlock(float[]? block)
    {
        if (block is null || block.Length > options.Value.MaxAudioBlockSamples)
        {
            throw new HubException(
                $"An audio block holds {block?.Length ?? 0} samples; send 1 to {options.Value.MaxAudioBlockSamples} samples of 16 kHz mono audio per block.");
        }
        foreach (var sample in block)
        {
            if (!float.IsFinite(sample))
            {
                throw new HubException("An audio block holds a sample that is not a finite number.");
            }
        }
    }

    private static RgbaImage ImageOf(OcrRequest? request)
    {
        try
        {
            return request switch
            {
                null => throw new HubException("The request is empty: send {sequence, width, height, rgba} or {sequence, png}."),
                { Png: { Length: > 0 } png } => PngDecoder.Decode(png),
                { Rgba: { } rgba } => RgbaImage.FromRgba(request.Width, request.Height, rgba),
                _ => throw new HubException("The request has no image: send rgba (with width and height) or png, as base64."),
            };
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException)
        {
            throw new HubException($"The image cannot be read: {exception.Message}");
        }
    }
}
