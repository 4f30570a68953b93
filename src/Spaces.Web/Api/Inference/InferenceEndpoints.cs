using System.Text.Json;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Onnx;
using Spaces.Onnx.Caching;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Inference;

/// <summary>The Open Inference Protocol v2 handlers for model repos (see <see cref="InferenceApi"/>).</summary>
internal static class InferenceEndpoints
{
    /// <summary>Platform name in model metadata (what Triton calls an ONNX Runtime model).</summary>
    private const string Platform = "onnxruntime_onnx";

    public static async Task GetAsync(HttpContext http, string? path, InferenceRequestServices services, CancellationToken cancellationToken)
    {
        var route = ModelRoute.Parse(path);
        if (route.Action == ModelAction.Infer)
        {
            throw new ProblemException(ProblemKind.Invalid, $"Inference is POST /v2/models/{route.ModelId}/infer with a JSON body.");
        }

        await WithSessionAsync(http, route, services, cancellationToken, async (model, lease) =>
        {
            if (route.Action == ModelAction.Ready)
            {
                await Results.Json(new OipModelReady(model.ModelId, true), InferenceJsonContext.Default.OipModelReady).ExecuteAsync(http);
                return;
            }

            var session = lease.Session;
            var metadata = new OipModelMetadata(model.ModelId, [model.Commit], Platform,
                [.. session.Inputs.Select(Describe)], [.. session.Outputs.Select(Describe)]);
            await Results.Json(metadata, InferenceJsonContext.Default.OipModelMetadata).ExecuteAsync(http);
        });
    }

    public static async Task PostAsync(HttpContext http, string? path, InferenceRequestServices services, CancellationToken cancellationToken)
    {
        var route = ModelRoute.Parse(path);
        if (route.Action != ModelAction.Infer)
        {
            throw new ProblemException(ProblemKind.Invalid, $"POST is for /v2/models/{route.ModelId}/infer; metadata and readiness are GET.");
        }

        var (request, binary) = await ReadRequestAsync(http.Request, cancellationToken);

        await WithSessionAsync(http, route, services, cancellationToken, async (model, lease) =>
        {
            var session = lease.Session;
            var (inputs, outputs) = InferRequestReader.Read(request, binary, session, model.ModelId, services.Options);
            IReadOnlyDictionary<string, Tensor> results;
            try
            {
                results = session.Run(inputs, outputs, cancellationToken);
            }
            catch (OnnxException ex) when (ex.Code == OrtErrorCode.InvalidArgument)
            {
                throw ProblemException.Invalid("inputs", $"ONNX Runtime refused the inputs: {ex.Message}");
            }

            var names = outputs ?? [.. session.Outputs.Select(o => o.Name)];
            var allBinary = BinaryTensorData.Flag(request.Parameters, "binary_data_output");
            var binaryOutputs = names.Where(n => allBinary
                || request.Outputs?.Any(o => o?.Name == n && BinaryTensorData.Flag(o.Parameters, "binary_data")) == true).ToHashSet(StringComparer.Ordinal);
            await InferResponseWriter.WriteAsync(http.Response, model, request.Id, names, results, binaryOutputs, cancellationToken);
        });
    }

    /// <summary>The JSON part of the request and, with the binary data extension, the bytes after it.</summary>
    private static async Task<(OipInferRequest Request, ReadOnlyMemory<byte> Binary)> ReadRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!request.Headers.TryGetValue(BinaryTensorData.HeaderLengthHeader, out var headerLength))
            {
                var plain = await JsonSerializer.DeserializeAsync(request.Body, InferenceJsonContext.Default.OipInferRequest, cancellationToken);
                return (plain ?? throw NullBody(), ReadOnlyMemory<byte>.Empty);
            }

            var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            var all = body.GetBuffer().AsMemory(0, (int)body.Length);
            if (!int.TryParse(headerLength, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                || length > all.Length)
            {
                throw ProblemException.Invalid(BinaryTensorData.HeaderLengthHeader,
                    $"{BinaryTensorData.HeaderLengthHeader} is '{headerLength}', but the body has {all.Length} bytes.");
            }

            var json = JsonSerializer.Deserialize(all.Span[..length], InferenceJsonContext.Default.OipInferRequest);
            return (json ?? throw NullBody(), all[length..]);
        }
        catch (JsonException json)
        {
            throw ProblemException.Invalid("body", $"The request body is not a valid inference request: {json.Message}");
        }

        static ProblemException NullBody() => ProblemException.Invalid("body", "The request body is null; send {\"inputs\": [...]}.");
    }

    private static async Task WithSessionAsync(
        HttpContext http, ModelRoute route, InferenceRequestServices services, CancellationToken cancellationToken,
        Func<ModelRevision, OrtSessionLease, Task> use)
    {
        var actor = await services.Actors.GetAsync(cancellationToken);
        var model = await services.Files.FindAsync(services.Repos, services.Storage, actor, route, cancellationToken);
        OrtSessionLease lease;
        try
        {
            lease = await services.Sessions.GetAsync(model, services.Storage, cancellationToken);
        }
        catch (InferenceUnavailableException unavailable)
        {
            await ProblemHandling.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, unavailable.Message, field: null);
            return;
        }
        catch (OnnxException refused)
        {
            await ProblemHandling.WriteAsync(http, StatusCodes.Status422UnprocessableEntity,
                $"ONNX Runtime cannot load {model.Path} of {model.ModelId} at {model.Commit[..12]}: {refused.Message}", field: null);
            return;
        }

        using (lease)
        {
            await use(model, lease);
        }
    }

    private static OipTensorMetadata Describe(TensorMetadata value) => new(value.Name, OipDataTypes.NameOf(value.ElementType), value.Shape);
}

/// <summary>The request-scoped and singleton services the handlers use, bound as one parameter.</summary>
internal sealed record InferenceRequestServices(
    ActorAccessor Actors,
    RepoService Repos,
    RepoStorage Storage,
    InferenceModelFiles Files,
    InferenceSessions Sessions,
    Microsoft.Extensions.Options.IOptions<InferenceApiOptions> OptionsAccessor)
{
    public InferenceApiOptions Options => OptionsAccessor.Value;
}
