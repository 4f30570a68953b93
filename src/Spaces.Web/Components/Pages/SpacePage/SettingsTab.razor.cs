using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.SpaceSettings;
using Spaces.Runtime;
using Spaces.Runtime.Hardware;
using Spaces.Runtime.Lifecycle;
using Spaces.Web.Api;
using Spaces.Web.Api.Runtime;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// The Settings tab (writers only): hardware and sleep, visibility, variables, secrets, run controls, rename and delete. Every form
/// acts through the services behind the HTTP API, so authorisation and validation are the API's; a refusal is shown in the form's
/// section and changes nothing.
/// </summary>
public sealed partial class SettingsTab
{
    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required SpaceEnvironmentService Environment { get; init; }

    [Inject]
    internal AuthorizedSpaceControl Controls { get; init; } = null!;

    [Inject]
    public required ISpaceControl Runtime { get; init; }

    [Inject]
    public required SpaceStateReader States { get; init; }

    [Inject]
    public required IOptions<RuntimeOptions> RuntimeOptions { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The Space. Required.</summary>
    [Parameter, EditorRequired]
    public required SpaceView View { get; set; }

    [SupplyParameterFromForm(FormName = "settings-hardware")]
    private HardwareForm? Hardware { get; set; }

    [SupplyParameterFromForm(FormName = "settings-visibility")]
    private VisibilityForm? Visibility { get; set; }

    [SupplyParameterFromForm(FormName = "settings-variable")]
    private EntryForm? Variable { get; set; }

    [SupplyParameterFromForm(FormName = "settings-secret")]
    private EntryForm? Secret { get; set; }

    [SupplyParameterFromForm(FormName = "settings-rename")]
    private RenameForm? Rename { get; set; }

    [SupplyParameterFromForm(FormName = "settings-delete")]
    private DeleteForm? Delete { get; set; }

    private List<SettingsMessage> Messages { get; } = [];

    private bool Loaded { get; set; }

    private SpaceState State { get; set; } = null!;

    private IReadOnlyList<HardwareFlavor> Flavors { get; set; } = [];

    private IReadOnlyList<SpaceEnvironmentEntry> Variables { get; set; } = [];

    private IReadOnlyList<SpaceEnvironmentEntry> Secrets { get; set; } = [];

    private IEnumerable<(int Seconds, string Label)> SleepChoices
    {
        get
        {
            (int, string)[] choices =
            [
                (-1, "Never"), (300, "5 minutes"), (900, "15 minutes"), (1800, "30 minutes"), (3600, "1 hour"), (7200, "2 hours"),
                (21600, "6 hours"), (86400, "1 day"), (172800, "2 days"),
            ];
            return choices.Any(c => c.Item1 == State.SleepTimeSeconds)
                ? choices
                : choices.Append((State.SleepTimeSeconds, $"{State.SleepTimeSeconds} seconds")).OrderBy(c => c.Item1 == -1 ? int.MaxValue : c.Item1);
        }
    }

    private Actor Actor => View.Actor!;

    private CancellationToken Aborted => HttpContext!.RequestAborted;

    protected override async Task OnInitializedAsync()
    {
        Flavors = SpaceRuntimeApi.OfferedFlavors(RuntimeOptions.Value);
        await LoadAsync();
        Loaded = true;
    }

    private async Task LoadAsync()
    {
        State = await States.ReadAsync(View.Repo, Aborted);
        Variables = await Environment.ListVariablesAsync(Actor, View.Repo, Aborted);
        Secrets = await Environment.ListSecretsAsync(Actor, View.Repo, Aborted);
    }

    private Task SetHardwareAsync() => RunAsync("hardware", async () =>
    {
        var flavor = Hardware?.Flavor;
        if (string.IsNullOrEmpty(flavor) || !Flavors.Any(f => f.Name == flavor))
        {
            throw ProblemException.Invalid("flavor", $"Unknown hardware '{flavor}': choose one of {string.Join(", ", Flavors.Select(f => f.Name))}.");
        }

        if (Hardware!.SleepTime is not { } sleep || (sleep != -1 && sleep < 60))
        {
            throw ProblemException.Invalid("sleepTime", "The sleep time must be 'never' or at least one minute.");
        }

        if (flavor == State.RequestedHardware)
        {
            await Controls.RunAsync(OwnerName, View.Repo.Name, (control, repo) => control.SetSleepTimeAsync(repo, sleep, Aborted), Aborted);
            return $"Saved: sleeps after {Describe(sleep)}.";
        }

        await Controls.RunAsync(OwnerName, View.Repo.Name, (control, repo) => control.SetHardwareAsync(repo, flavor, sleep, Aborted), Aborted);
        return $"Saved: {flavor}, sleeps after {Describe(sleep)}. The app restarts on the new hardware.";
    });

    private Task SetVisibilityAsync() => RunAsync("visibility", async () =>
    {
        var isPrivate = Visibility?.Value switch
        {
            "private" => true,
            "public" => false,
            var other => throw ProblemException.Invalid("visibility", $"Visibility must be public or private, not '{other}'."),
        };
        await Repos.SetPrivateAsync(Actor, View.Repo, isPrivate, Aborted);
        return isPrivate ? "This Space is now private." : "This Space is now public.";
    });

    private Task SetVariableAsync() => RunAsync("variables", async () =>
    {
        var key = Variable?.Key?.Trim();
        await Environment.SetVariableAsync(Actor, View.Repo, key, Variable?.Value ?? "", Blank(Variable?.Description), Aborted);
        await Runtime.EnvironmentChangedAsync(View.Repo, Aborted);
        Variable = null;
        return $"Variable {key} saved.";
    });

    private Task DeleteVariableAsync(string key) => RunAsync("variables", async () =>
    {
        await Environment.DeleteVariableAsync(Actor, View.Repo, key, Aborted);
        await Runtime.EnvironmentChangedAsync(View.Repo, Aborted);
        return $"Variable {key} deleted.";
    });

    private Task SetSecretAsync() => RunAsync("secrets", async () =>
    {
        var key = Secret?.Key?.Trim();
        await Environment.SetSecretAsync(Actor, View.Repo, key, Secret?.Value, Blank(Secret?.Description), Aborted);
        await Runtime.EnvironmentChangedAsync(View.Repo, Aborted);
        Secret = null;
        return $"Secret {key} saved.";
    });

    private Task DeleteSecretAsync(string key) => RunAsync("secrets", async () =>
    {
        await Environment.DeleteSecretAsync(Actor, View.Repo, key, Aborted);
        await Runtime.EnvironmentChangedAsync(View.Repo, Aborted);
        return $"Secret {key} deleted.";
    });

    private Task ControlAsync(string action) => RunAsync("controls", async () =>
    {
        Func<ISpaceControl, Repo, Task> act = action switch
        {
            "restart" => (control, repo) => control.RestartAsync(repo, factory: false, Aborted),
            "factory" => (control, repo) => control.RestartAsync(repo, factory: true, Aborted),
            "pause" => (control, repo) => control.PauseAsync(repo, Aborted),
            "resume" => (control, repo) => control.ResumeAsync(repo, Aborted),
            _ => throw ProblemException.Invalid("action", $"Unknown action '{action}'."),
        };
        await Controls.RunAsync(OwnerName, View.Repo.Name, act, Aborted);
        return action switch
        {
            "restart" => "Restarting: follow it in the Logs tab.",
            "factory" => "Rebuilding from scratch: follow it in the Logs tab.",
            "pause" => "Paused. Visitors see that it is paused until you resume it.",
            _ => "Resuming: it starts again in a moment.",
        };
    });

    private async Task RenameAsync()
    {
        var name = Rename?.Name?.Trim() ?? "";
        if (await TryAsync("rename", () => Repos.MoveAsync(Actor, View.Repo, OwnerName, name, Aborted)))
        {
            Navigation.NavigateTo($"/spaces/{Uri.EscapeDataString(OwnerName)}/{Uri.EscapeDataString(name)}/settings");
        }
    }

    private async Task DeleteAsync()
    {
        var confirm = Delete?.Confirm?.Trim();
        if (!string.Equals(confirm, View.Id, StringComparison.Ordinal))
        {
            Fail("delete", StatusCodes.Status400BadRequest, $"Type {View.Id} exactly to delete this Space; nothing was deleted.");
            return;
        }

        if (await TryAsync("delete", () => Repos.DeleteAsync(Actor, View.Repo, Aborted)))
        {
            Navigation.NavigateTo("/");
        }
    }

    private string OwnerName => View.Repo.Owner?.Name ?? "";

    private async Task RunAsync(string section, Func<Task<string>> action)
    {
        string? done = null;
        if (await TryAsync(section, async () => done = await action()))
        {
            Messages.Add(new SettingsMessage(section, done!, IsError: false));
        }

        await LoadAsync();
    }

    private async Task<bool> TryAsync(string section, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (ProblemException problem)
        {
            Fail(section, ProblemHandling.StatusOf(problem.Kind), problem.Message);
            return false;
        }
    }

    private void Fail(string section, int status, string message)
    {
        Messages.Add(new SettingsMessage(section, message, IsError: true));
        PageStatus.Set(HttpContext!, status);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Describe(int seconds) => seconds switch
    {
        -1 => "never",
        _ when seconds % 86400 == 0 => $"{seconds / 86400} day(s)",
        _ when seconds % 3600 == 0 => $"{seconds / 3600} hour(s)",
        _ when seconds % 60 == 0 => $"{seconds / 60} minutes",
        _ => $"{seconds} seconds",
    };

    private static string FlavorLabel(HardwareFlavor flavor)
    {
        var gpu = flavor.Gpus > 0 ? $", {flavor.Gpus} × {flavor.Accelerator ?? "GPU"}" : "";
        return $"{flavor.Name} — {flavor.Cpus.ToString("0.##", CultureInfo.InvariantCulture)} vCPU, {flavor.MemoryMiB / 1024d:0.#} GB{gpu}";
    }

    private sealed class HardwareForm
    {
        public string? Flavor { get; set; }

        public int? SleepTime { get; set; }
    }

    private sealed class VisibilityForm
    {
        public string? Value { get; set; }
    }

    private sealed class EntryForm
    {
        public string? Key { get; set; }

        public string? Value { get; set; }

        public string? Description { get; set; }
    }

    private sealed class RenameForm
    {
        public string? Name { get; set; }
    }

    private sealed class DeleteForm
    {
        public string? Confirm { get; set; }
    }
}
