namespace Spaces.Onnx;

/// <summary>How a session is opened.</summary>
public sealed class OrtSessionOptions
{
    /// <summary>Threads used inside one operator. Default 0: ORT's choice (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Threads used to run independent operators at once. Default 0: ORT's choice. A value above 1 also switches the session to
    /// ORT's parallel execution mode (inter-op threads are used only in that mode).
    /// </summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimization level. Default <see cref="GraphOptimizationLevel.All"/>.</summary>
    public GraphOptimizationLevel Optimization { get; init; } = GraphOptimizationLevel.All;
}
