using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Onnx;

namespace Spaces.Web.Hubs.Inference;

/// <summary>Wires the live inference hub behind the model page's widgets.</summary>
public static class InferenceExtensions
{
    /// <summary>
    /// Registers the hub's services. The native runtime (<see cref="OrtRuntime"/>, options from <c>Spaces:Onnx</c>) is added only when
    /// absent, so this coexists with the inference API's own registration; it is loaded on first use, and a missing library is reported
    /// to the widget rather than stopping the platform.
    /// </summary>
    public static IServiceCollection AddInferenceWidgets(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>()
            .BindConfiguration(InferenceOptions.SectionName)
            .Validate(o => o.MaxOpenModels > 0 && o.MaxModelBytes > 0 && o.MaxMessageBytes > 0 && o.MaxAudioBlockSamples > 0,
                $"{InferenceOptions.SectionName} values must be positive.")
            .ValidateOnStart();
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<OnnxRuntimeOptions>)))
        {
            services.AddOptions<OnnxRuntimeOptions>().BindConfiguration(OnnxRuntimeOptions.SectionName);
        }
        services.TryAddSingleton(sp => OrtRuntime.Load(sp.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InferenceModels>();
        // The hub's own options start from the global ones (AddHubOptions), then: images arrive as base64, and a newer drawing must
        // reach the hub while the previous one is still being recognised.
        services.AddSignalR().AddHubOptions<InferenceHub>(_ => { });
        services.AddOptions<HubOptions<InferenceHub>>().Configure<IOptions<InferenceOptions>>((hub, inference) =>
        {
            hub.MaximumReceiveMessageSize = inference.Value.MaxMessageBytes;
            hub.MaximumParallelInvocationsPerClient = 4;
        });
        return services;
    }

    /// <summary>Maps the hub at <c>/hubs/inference</c>.</summary>
    public static IEndpointRouteBuilder MapInferenceHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<InferenceHub>(InferenceHub.Path);
        return endpoints;
    }
}
