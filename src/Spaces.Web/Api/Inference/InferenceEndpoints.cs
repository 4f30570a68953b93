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

        OipInferRequest request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, InferenceJsonContext.Default.OipInferRequest, cancellationToken)
                ?? throw ProblemException.Invalid("body", "The request body is null; send {\"inputs\": [...]}.");
        }
        catch (JsonException json)
        {
            throw ProblemException.Invalid("body", $"The request body is not a valid inference request: {json.Message}");
        }

        await WithSessionAsync(http, route, services, cancellationToken, async (model, lease) =>
        {
            var session = lease.Session;
            var (inputs, outputs) = InferRequestReader.Read(request, session, model.ModelId, services.Options);
            IReadOnlyDictionary<string, Tensor> results;
            try
            {
                results = session.Run(inputs, outputs, cancellationToken);
            }
            catch (OnnxException ex) when (ex.Code == OrtErrorCode.InvalidArgument)
            {
                throw ProblemException.Invalid("inputs", $"ONNX Runtime refused the inputs: {ex.Message}");
            }

            await InferResponseWriter.WriteAsync(http.Response, model, request.Id, outputs ?? [.. session.Outputs.Select(o => o.Name)], results, cancellationToken);
        });
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
