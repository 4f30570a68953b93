namespace Spaces.Docker.Models;

/// <summary>An empty JSON object, as the engine uses for set-like maps (e.g. <c>ExposedPorts: {"7860/tcp": {}}</c>).</summary>
public sealed class EmptyObject
{
    /// <summary>The one value there is.</summary>
    public static readonly EmptyObject Instance = new();
}
