using System.Text.Json.Serialization;

namespace Spaces.Web.Hubs;

/// <summary>
/// What the hub's <c>WatchStages</c> stream carries: <c>{space, stage, message?}</c> — the Space as the caller named it
/// (<c>"owner/name"</c>), its stage (a Hub stage name such as <c>RUNNING</c>) and, for error stages, the error message.
/// </summary>
public sealed record SpaceStageItem(
    string Space,
    string Stage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);
