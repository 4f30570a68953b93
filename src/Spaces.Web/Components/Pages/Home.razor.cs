using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spaces.Web.Components.Pages;

/// <summary>The landing page; until the gallery exists it shows what the platform depends on and whether it is reachable.</summary>
public sealed partial class Home
{
    [Inject]
    public required HealthCheckService Health { get; init; }

    private HealthReport? Report { get; set; }

    protected override async Task OnInitializedAsync() =>
        Report = await Health.CheckHealthAsync(check => check.Tags.Contains("ready"));

    private static string BadgeClass(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "text-bg-success",
        HealthStatus.Degraded => "text-bg-warning",
        _ => "text-bg-danger",
    };
}
