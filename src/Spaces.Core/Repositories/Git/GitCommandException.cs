namespace Spaces.Core.Repositories.Git;

/// <summary>A git command failed; carries the command, its exit code and what it printed on standard error.</summary>
public sealed class GitCommandException(string command, int exitCode, string error)
    : Exception($"{command} failed (exit {exitCode}): {error}")
{
    /// <summary>The command, shortened to its first arguments.</summary>
    public string Command { get; } = command;

    /// <summary>The process exit code (-1 when git could not be started).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Standard error of the command.</summary>
    public string Error { get; } = error;
}
