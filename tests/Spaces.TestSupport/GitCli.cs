using System.Diagnostics;

namespace Spaces.TestSupport;

/// <summary>The real git CLI as a user runs it, for tests that push to the platform's repositories and read back what git recorded.</summary>
public static class GitCli
{
    /// <summary>Runs git in <paramref name="workingDirectory"/> and returns its output; a failure throws with git's message.</summary>
    public static string Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started: install git (apt-get install git).");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}");
    }

    /// <summary>Every file of <paramref name="revision"/> in the repository at <paramref name="gitDir"/>: path -> (mode, blob id).</summary>
    public static Dictionary<string, (string Mode, string Oid)> LsTree(string gitDir, string revision)
    {
        var entries = new Dictionary<string, (string Mode, string Oid)>(StringComparer.Ordinal);
        foreach (var record in Run(gitDir, "ls-tree", "-r", "-z", revision).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = record[..tab].Split(' ');
            entries[record[(tab + 1)..]] = (fields[0], fields[2]);
        }

        return entries;
    }
}
