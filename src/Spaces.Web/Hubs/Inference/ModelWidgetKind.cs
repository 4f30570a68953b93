using Spaces.Core.Config;

namespace Spaces.Web.Hubs.Inference;

/// <summary>The live widget a model page shows for a model.</summary>
public enum ModelWidgetKind
{
    /// <summary>No widget: the card turns inference off or names a task without a widget.</summary>
    None,

    /// <summary>Text-line recognition (draw or upload a line; text and per-character confidence).</summary>
    Ocr,

    /// <summary>Voice activity detection (upload a WAV or use the microphone; a moving chart of speech probability).</summary>
    VoiceActivity,
}

/// <summary>Chooses the widget from a model card: its <c>pipeline_tag</c> and <c>inference</c> section.</summary>
public static class ModelWidgetKinds
{
    /// <summary>
    /// <see cref="ModelWidgetKind.Ocr"/> for <c>pipeline_tag: image-to-text</c> whose inference section decodes with
    /// <c>decode: ctc-greedy</c> or names a <c>preprocessing.alphabet</c>; <see cref="ModelWidgetKind.VoiceActivity"/> for
    /// <c>pipeline_tag: voice-activity-detection</c>; otherwise, or with <c>inference: false</c>, <see cref="ModelWidgetKind.None"/>.
    /// </summary>
    public static ModelWidgetKind Choose(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Inference is { Enabled: false })
        {
            return ModelWidgetKind.None;
        }
        return card.PipelineTag?.ToLowerInvariant() switch
        {
            "image-to-text" when IsCtcRecognizer(card.Inference) => ModelWidgetKind.Ocr,
            "voice-activity-detection" => ModelWidgetKind.VoiceActivity,
            _ => ModelWidgetKind.None,
        };
    }

    /// <summary>The repo path of the recognizer's keys file (<c>inference.preprocessing.alphabet</c>), or null.</summary>
    public static string? AlphabetPath(ModelCard card) =>
        card?.Inference?.Preprocessing?.Extra.TryGetValue("alphabet", out var value) == true && value is string { Length: > 0 } path ? path : null;

    private static bool IsCtcRecognizer(ModelInference? inference) =>
        inference is not null
        && ((inference.Extra.TryGetValue("decode", out var decode) && decode is string d && d.Equals("ctc-greedy", StringComparison.OrdinalIgnoreCase))
            || inference.Preprocessing?.Extra.ContainsKey("alphabet") == true);
}
