using System.Diagnostics;

namespace Spaces.Core.Tests.Repositories;

/// <summary>The real git CLI as a user runs it: clones, commits with modes, pushes, and <c>git ls-tree</c> to read what was recorded.</summary>
internal static class GitCli
{
    /// <summary>Runs git in <paramref name="workingDirectory"/> and returns its output; a failure fails the test with git's message.</summary>
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

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error.Result}");
        return output;
    }

    /// <summary>Every file of <paramref name="revision"/> in the bare repository at <paramref name="gitDir"/>: path -> (mode, blob id).</summary>
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

    /// <summary>
    /// Clones <paramref name="gitDir"/> into <paramref name="checkout"/>, writes an executable <c>start.sh</c> (mode 755), a
    /// symbolic link <c>latest -> start.sh</c> and a regular <c>notes.txt</c>, commits them and pushes main, as a user would.
    /// </summary>
    public static void PushScriptAndLink(string gitDir, string checkout)
    {
        Run(Path.GetDirectoryName(checkout)!, "clone", "--quiet", gitDir, checkout);
        var script = Path.Combine(checkout, "start.sh");
        File.WriteAllText(script, "#!/bin/sh\necho started\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("These tests push an executable file: run them on Linux, where git records mode 100755.");
        }

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.CreateSymbolicLink(Path.Combine(checkout, "latest"), "start.sh");
        File.WriteAllText(Path.Combine(checkout, "notes.txt"), "plain\n");
        Run(checkout, "add", "start.sh", "latest", "notes.txt");
        Run(checkout, "-c", "user.name=P", "-c", "user.email=p@example.test", "-c", "core.fileMode=true", "commit", "--quiet", "-m", "script");
        Run(checkout, "push", "--quiet", "origin", "HEAD:main");
    }
}
