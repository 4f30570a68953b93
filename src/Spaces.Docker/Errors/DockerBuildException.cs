using System.Net;

namespace Spaces.Docker;

/// <summary>An image build failed: the engine reported an error object in the build stream (it still answers HTTP 200).</summary>
public sealed class DockerBuildException : DockerException
{
    /// <summary>Creates the error from the failing step and the engine's message.</summary>
    /// <param name="step">The step that failed as the engine printed it, e.g. <c>Step 3/5 : RUN false</c>; null when no step started.</param>
    /// <param name="engineMessage">The engine's error message.</param>
    /// <param name="output">The build output received before the error.</param>
    public DockerBuildException(string? step, string engineMessage, string output)
        : base(HttpStatusCode.OK, engineMessage, step is null ? $"Build failed: {engineMessage}" : $"Build failed at {step}: {engineMessage}")
    {
        Step = step;
        Output = output;
    }

    /// <summary>The failing step as the engine printed it (<c>Step 3/5 : RUN false</c>), or null when the build failed before any step.</summary>
    public string? Step { get; }

    /// <summary>The build output (the <c>stream</c> texts) received before the error.</summary>
    public string Output { get; }
}
