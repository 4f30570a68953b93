using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;

namespace Spaces.Runtime.Builds;

/// <summary>
/// The files of one commit written to a temporary folder (<c>git archive</c> streamed into a tar extraction, which refuses paths and
/// links leading outside the folder). Disposing deletes the folder.
/// </summary>
internal sealed class RevisionExport : IDisposable
{
    private RevisionExport(string directory)
    {
        Directory = directory;
    }

    /// <summary>The folder holding the commit's files.</summary>
    public string Directory { get; }

    /// <summary>Exports <paramref name="commit"/> of the bare repository at <paramref name="gitDir"/> into a new folder under <paramref name="parent"/>.</summary>
    public static async Task<RevisionExport> CreateAsync(string gitDir, string commit, string parent, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var export = new RevisionExport(directory);
        try
        {
            await ExtractAsync(gitDir, commit, directory, cancellationToken);
            return export;
        }
        catch
        {
            export.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private static async Task ExtractAsync(string gitDir, string commit, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--git-dir", gitDir, "archive", "--format=tar", "--end-of-options", commit })
        {
            start.ArgumentList.Add(arg);
        }

        // As the platform's other git calls: no operator config, no prompts.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"git cannot be started ({ex.Message}); install it with apt-get install git.", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await TarFile.ExtractToDirectoryAsync(process.StandardOutput.BaseStream, directory, overwriteFiles: false, cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
            }
            catch
            {
                Kill(process);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"git archive of {commit} failed: {(await error).Trim()}");
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
