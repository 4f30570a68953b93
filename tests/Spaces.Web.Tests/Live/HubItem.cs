using System.Text.Json;

namespace Spaces.Web.Tests.Live;

/// <summary>A stream item and when it arrived (time since the hub connection was established).</summary>
public sealed record HubItem(JsonElement Json, TimeSpan ArrivedAfter)
{
    public string? Type => Json.GetProperty("type").GetString();

    /// <summary>The stage of a <c>stage</c> item, else null.</summary>
    public string? Stage => Type == "stage" ? Json.GetProperty("stage").GetString() : null;

    /// <summary>The line of a build <c>log</c> item, else null.</summary>
    public string? BuildLine => Type == "log" && Json.GetProperty("kind").GetString() == "build" ? Json.GetProperty("line").GetString() : null;
}
