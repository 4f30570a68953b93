using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.Web.Api.Inference;

/// <summary><c>GET /v2</c>: the server's metadata.</summary>
public sealed record OipServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>An input or output in a model's metadata: shape with -1 for dynamic dimensions.</summary>
public sealed record OipTensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary><c>GET /v2/models/{name}</c>: the model's metadata (<c>versions</c> holds the commit served).</summary>
public sealed record OipModelMetadata(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<OipTensorMetadata> Inputs,
    IReadOnlyList<OipTensorMetadata> Outputs);

/// <summary><c>GET /v2/models/{name}/ready</c>.</summary>
public sealed record OipModelReady(string Name, bool Ready);

/// <summary>An input tensor of an inference request: <c>data</c> flat (row-major) or nested.</summary>
public sealed record OipRequestInput(
    string? Name,
    IReadOnlyList<long>? Shape,
    string? Datatype,
    JsonElement Data,
    Dictionary<string, JsonElement>? Parameters);

/// <summary>An output asked for by name.</summary>
public sealed record OipRequestOutput(string? Name, Dictionary<string, JsonElement>? Parameters);

/// <summary><c>POST /v2/models/{name}/infer</c>.</summary>
public sealed record OipInferRequest(
    string? Id,
    IReadOnlyList<OipRequestInput>? Inputs,
    IReadOnlyList<OipRequestOutput>? Outputs,
    Dictionary<string, JsonElement>? Parameters);

/// <summary>JSON of the inference API, snake_case like the protocol.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OipServerMetadata))]
[JsonSerializable(typeof(OipModelMetadata))]
[JsonSerializable(typeof(OipModelReady))]
[JsonSerializable(typeof(OipInferRequest))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;
