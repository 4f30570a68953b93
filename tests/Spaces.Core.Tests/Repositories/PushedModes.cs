using Spaces.TestSupport;

namespace Spaces.Core.Tests.Repositories;

/// <summary>A user's push of files with modes git records (an executable, a link, a plain file), through the real git CLI.</summary>
internal static class PushedModes
{
    /// <summary>
    /// Clones <paramref name="gitDir"/> into <paramref name="checkout"/>, writes an executable <c>start.sh</c> (mode 755), a
    /// symbolic link <c>latest -> start.sh</c> and a regular <c>notes.txt</c>, commits them and pushes main, as a user would.
    /// </summary>
    public static void PushScriptAndLink(string gitDir, string checkout)
    {
        GitCli.Run(Path.GetDirectoryName(checkout)!, "clone", "--quiet", gitDir, checkout);
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
        GitCli.Run(checkout, "add", "start.sh", "latest", "notes.txt");
        GitCli.Run(checkout, "-c", "user.name=P", "-c", "user.email=p@example.test", "-c", "core.fileMode=true", "commit", "--quiet", "-m", "script");
        GitCli.Run(checkout, "push", "--quiet", "origin", "HEAD:main");
    }
}
