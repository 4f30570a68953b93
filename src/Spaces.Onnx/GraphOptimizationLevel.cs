namespace Spaces.Onnx;

/// <summary>How much ORT rewrites the graph when it opens a session (ORT's <c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
