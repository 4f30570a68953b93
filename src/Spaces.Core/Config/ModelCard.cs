namespace Spaces.Core.Config;

/// <summary>
/// A model repo's card metadata, from the YAML front matter of its README.md (the Hub's model card keys), plus the
/// <c>inference</c> section that tells the model page how to run its widget. Build one with <see cref="Parse"/>.
/// </summary>
public sealed record ModelCard
{
    /// <summary>The card of a model without README.md or without front matter: every value at its default.</summary>
    public static ModelCard Empty { get; } = new();

    /// <summary><c>pipeline_tag</c>: the task, such as <c>image-classification</c> or <c>voice-activity-detection</c>. Default null.</summary>
    public string? PipelineTag { get; init; }

    /// <summary><c>library_name</c>: the library that loads the model, such as <c>onnx</c>. Default null.</summary>
    public string? LibraryName { get; init; }

    /// <summary><c>license</c>: a license identifier such as <c>apache-2.0</c> (not checked against a list). Default null.</summary>
    public string? License { get; init; }

    /// <summary><c>tags</c>: free tags for search. Default empty.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>base_model</c>: the model repo ids (<c>owner/name</c>) this one derives from; one id or a list in YAML. Default empty.</summary>
    public IReadOnlyList<string> BaseModels { get; init; } = [];

    /// <summary>
    /// <c>inference</c>: how the widget runs the model (<c>inference: false</c> turns the widget off). Default null: no section,
    /// the widget relies on what the model file declares.
    /// </summary>
    public ModelInference? Inference { get; init; }

    /// <summary>Keys this platform does not use (e.g. <c>language</c>, <c>datasets</c>, <c>widget</c>), as plain values (see <see cref="SpaceConfig.Extra"/>). Default empty.</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>().AsReadOnly();

    /// <summary>
    /// Reads a model card from README.md. Never throws on user input. A missing README.md or one without front matter is not an
    /// error: the card is <see cref="Empty"/>.
    /// </summary>
    /// <param name="readme">README.md's text; null when the repo has none.</param>
    public static ModelCardResult Parse(string? readme) => ModelCardReader.Parse(readme);
}
