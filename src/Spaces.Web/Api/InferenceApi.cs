using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Onnx;
using Spaces.Web.Api.Inference;

namespace Spaces.Web.Api;

/// <summary>
/// The Open Inference Protocol v2 (KServe / Triton REST) for ONNX model repos: <c>GET /v2</c>, <c>GET /v2/health/live|ready</c>,
/// <c>GET /v2/models/{model}</c> (metadata), <c>GET /v2/models/{model}/ready</c>, <c>POST /v2/models/{model}/infer</c>, where
/// {model} is <c>{owner}/{name}</c> or <c>{owner}%2F{name}</c>, optionally followed by <c>/versions/{revision}</c> (docs/inference.md).
/// Private models answer 404 to whoever may not read them, as their repos do.
/// </summary>
public static class InferenceApi
{
    /// <summary>Options (<c>Spaces:InferenceApi</c>), the native runtime (<c>Spaces:Onnx</c>, loaded on first use) and the session cache.</summary>
    public static IServiceCollection AddInferenceApi(this IServiceCollection services)
    {
        services.AddOptions<InferenceApiOptions>()
            .BindConfiguration(InferenceApiOptions.SectionName)
            .Validate(o => o.MaxCachedModelBytes > 0 && o.MaxModelBytes > 0 && o.MaxInputElements > 0 && o.IntraOpThreads >= 0,
                $"{InferenceApiOptions.SectionName}: sizes must be positive and IntraOpThreads at least 0.")
            .ValidateOnStart();
        // The model page's widgets register the same runtime: whichever comes first binds the options and adds it.
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<OnnxRuntimeOptions>)))
        {
            services.AddOptions<OnnxRuntimeOptions>().BindConfiguration(OnnxRuntimeOptions.SectionName);
        }

        services.TryAddSingleton(sp => OrtRuntime.Load(sp.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value));
        services.AddSingleton<InferenceModelFiles>();
        services.AddSingleton<InferenceSessions>();
        return services;
    }

    /// <summary>Maps the <c>/v2</c> routes.</summary>
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder endpoints)
    {
        var v2 = endpoints.MapGroup("/v2");
        v2.MapGet("", () => Results.Json(
            new OipServerMetadata("spaces", typeof(InferenceApi).Assembly.GetName().Version?.ToString() ?? "0", []),
            InferenceJsonContext.Default.OipServerMetadata));
        v2.MapGet("/health/live", () => Results.Ok());
        v2.MapGet("/health/ready", () => Results.Ok());
        v2.MapGet("/models/{**path}", (HttpContext http, string? path, [AsParameters] InferenceRequestServices services, CancellationToken ct) =>
            InferenceEndpoints.GetAsync(http, path, services, ct));
        v2.MapPost("/models/{**path}", (HttpContext http, string? path, [AsParameters] InferenceRequestServices services, CancellationToken ct) =>
            InferenceEndpoints.PostAsync(http, path, services, ct));
        return endpoints;
    }
}
