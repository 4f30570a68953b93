using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Spaces.Core.Repositories.Git;

/// <summary>Runs the git CLI against one repository directory, capturing output; a non-zero exit becomes <see cref="GitCommandException"/>.</summary>
internal sealed class GitCommand(string gitDir)
{
    // Large writes into git's standard input: fewer system calls per uploaded byte than the default 80 KiB copy.
    private const int InputChunk = 256 * 1024;

    /// <summary>The repository directory (a bare repository) the commands run against.</summary>
    public string GitDir { get; } = gitDir;

    /// <summary>
    /// Runs git and returns its standard output as bytes. When reading <paramref name="stdin"/> throws (a limit, a request cut off),
    /// git is killed before it sees the end of its input, so it never acts on part of it, and the exception propagates.
    /// </summary>
    public async Task<byte[]> RunAsync(
        IEnumerable<string> args,
        CancellationToken cancellationToken,
        Stream? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool allowFailure = false)
    {
        using var process = Start(args, environment, redirectStdin: true);
        var stdout = new MemoryStream();
        var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var readErr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            if (stdin is not null)
            {
                await FeedAsync(stdin, process.StandardInput.BaseStream, cancellationToken);
            }

            CloseInput(process);
            await Task.WhenAll(readOut, readErr);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch
        {
            Kill(process);
            throw;
        }

        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new GitCommandException(Describe(args), process.ExitCode, readErr.Result.Trim());
        }

        return process.ExitCode == 0 ? stdout.ToArray() : [];
    }

    /// <summary>Runs git and returns its standard output as UTF-8 text.</summary>
    public async Task<string> RunTextAsync(
        IEnumerable<string> args,
        CancellationToken cancellationToken,
        Stream? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool allowFailure = false) =>
        Encoding.UTF8.GetString(await RunAsync(args, cancellationToken, stdin, environment, allowFailure));

    /// <summary>Runs git with its exit code as the answer (for commands whose failure is an ordinary "no").</summary>
    public async Task<int> RunExitCodeAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        using var process = Start(args, environment: null, redirectStdin: false);
        var drainOut = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
        var drainErr = process.StandardError.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
        await Task.WhenAll(drainOut, drainErr);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>
    /// Starts git with its standard output left for the caller to stream (large blobs are never held in memory).
    /// The caller disposes the process; <see cref="GitCommandException"/> is thrown by <see cref="GitOutputStream"/> at the end of a failed run.
    /// </summary>
    public Process StartStreaming(IEnumerable<string> args) => Start(args, environment: null, redirectStdin: false);

    private Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, bool redirectStdin)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--git-dir");
        start.ArgumentList.Add(GitDir);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Commands must not read the operator's config or prompt anyone.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["LC_ALL"] = "C";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        try
        {
            return Process.Start(start) ?? throw new GitCommandException(Describe(args), -1, "git did not start");
        }
        catch (Win32Exception ex)
        {
            throw new GitCommandException(Describe(args), -1, $"git cannot be started ({ex.Message}); install it with apt-get install git");
        }
    }

    // Copies the input to git; when git stops reading (it exited on an error), feeding stops and its exit code and message tell why.
    private static async Task FeedAsync(Stream source, Stream input, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InputChunk);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, InputChunk), cancellationToken)) > 0)
            {
                try
                {
                    await input.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (IOException)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CloseInput(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // git already closed its end; its exit code says how it went.
        }
    }

    internal static void Kill(Process process)
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

    internal static string Describe(IEnumerable<string> args) => "git " + string.Join(' ', args.Take(3));
}
