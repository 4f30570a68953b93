using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>Reads and checks a model card's README.md front matter key by key (see <see cref="ModelCard"/>).</summary>
internal static class ModelCardReader
{
    public static ModelCardResult Parse(string? readme)
    {
        var errors = new List<ConfigError>();
        var loaded = LoadedReadme.Load(readme, errors);
        ModelCard? card = null;
        if (loaded.Root is not null)
        {
            card = Read(loaded.Root, errors);
        }
        else if (errors.Count == 0)
        {
            card = ModelCard.Empty;
        }

        var sorted = errors.OrderBy(error => error.Line ?? int.MaxValue).ThenBy(error => error.Column ?? 0).ToList().AsReadOnly();
        return new ModelCardResult(errors.Count == 0 ? card : null, sorted, loaded.Document.Body, loaded.CardData);
    }

    private static ModelCard Read(YamlMappingNode root, List<ConfigError> errors)
    {
        var reader = new FrontMatterReader(root, errors);
        var pipelineTag = reader.String("pipeline_tag");
        if (pipelineTag is not null && ConfigRules.TaskName(pipelineTag) is { } problem)
        {
            reader.Error("pipeline_tag", reader.Take("pipeline_tag"), problem);
            pipelineTag = null;
        }

        return new ModelCard
        {
            PipelineTag = pipelineTag,
            LibraryName = reader.String("library_name"),
            License = reader.String("license"),
            Tags = reader.StringList("tags"),
            BaseModels = BaseModels(reader),
            Inference = InferenceReader.Read(reader),
            Extra = reader.Remaining(),
        };
    }

    private static IReadOnlyList<string> BaseModels(FrontMatterReader reader)
    {
        const string key = "base_model";
        var node = reader.Take(key);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return reader.ReadStrings(key, sequence, ConfigRules.ModelRepoId).AsReadOnly();
            case YamlScalarNode { Value: { } value } when ConfigRules.ModelRepoId(value) is null:
                return [value];
            case YamlScalarNode { Value: { } value }:
                reader.Error(key, node, ConfigRules.ModelRepoId(value)!);
                return [];
            default:
                reader.Error(key, node, $"expected a model repo id 'owner/name' or a list of them, got {YamlScalars.Describe(node)}");
                return [];
        }
    }
}
