using System.Text.Json;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime;
using Spaces.Runtime.Stages;

namespace Spaces.Web.Live;

/// <summary>Reads the current <see cref="SpaceState"/> of a Space from its runtime row, its last transition and its settings.</summary>
public sealed class SpaceStateReader(SpaceStageStore stages, IOptions<RuntimeOptions> runtime, IOptions<SpacesOptions> platform)
{
    /// <summary>The state of <paramref name="space"/> now.</summary>
    public async Task<SpaceState> ReadAsync(Repo space, CancellationToken cancellationToken = default)
    {
        var row = await stages.GetAsync(space.Id, cancellationToken);
        var last = row is null ? null : (await stages.HistoryAsync(space.Id, 1, cancellationToken)).FirstOrDefault();
        var (stage, reason, message) = row is not null
            ? (row.Stage, last?.Stage == row.Stage ? last.Reason : "current", row.ErrorMessage)
            : NotRun(space);
        var options = runtime.Value;
        return new SpaceState(
            space.Id,
            space.FullName,
            stage,
            reason,
            message,
            // The database hands back unspecified kinds; these times are UTC, and the wire says so ("Z").
            DateTime.SpecifyKind(row?.StageSince ?? space.LastModified, DateTimeKind.Utc),
            row?.Hardware,
            space.RequestedHardware ?? CardString(space.CardData, "hardware") ?? options.DefaultHardware,
            space.SleepTimeSeconds ?? CardInt(space.CardData, "sleep_time") ?? options.DefaultSleepTimeSeconds,
            row?.RunningContainerId is not null,
            $"{space.Owner?.NormalizedName}--{space.NormalizedName}.{platform.Value.AppsDomain}");
    }

    /// <summary>
    /// The stage of each of <paramref name="spaces"/> (keyed by id), as <see cref="ReadAsync"/> would give it, with one query for all
    /// of them: what a page of cards needs.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, SpaceStage>> StagesAsync(IReadOnlyList<Repo> spaces, CancellationToken cancellationToken = default)
    {
        var rows = await stages.StagesAsync([.. spaces.Select(space => space.Id)], cancellationToken);
        var result = new Dictionary<long, SpaceStage>(spaces.Count);
        foreach (var space in spaces)
        {
            result[space.Id] = rows.TryGetValue(space.Id, out var stage) ? stage : NotRun(space).Stage;
        }

        return result;
    }

    /// <summary>The state of a Space without a runtime row: its README.md's configuration problem, else about to be built or no app.</summary>
    private static (SpaceStage Stage, string Reason, string? Message) NotRun(Repo space) =>
        SpaceStageNames.TryParse(space.ConfigStage, out var configStage)
            ? (configStage, "README.md configuration", space.ConfigMessage)
            // Nothing ran yet: a Space with a commit is about to be built.
            : (space.HeadCommit is null ? SpaceStage.NoAppFile : SpaceStage.Building, "not run yet", null);

    private static string? CardString(string? card, string key) =>
        Card(card, key) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? CardInt(string? card, string key) =>
        Card(card, key) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    private static JsonElement? Card(string? card, string key)
    {
        if (string.IsNullOrEmpty(card))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(card);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(key, out var value)
                ? value.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
