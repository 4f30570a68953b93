using System.Diagnostics;
using Spaces.Core.IO;

namespace Spaces.Core.Repositories.Git;

/// <summary>The standard output of a running git process as a read-only stream; a failed exit surfaces at the end of the stream.</summary>
internal sealed class GitOutputStream(Process process, string command) : ReadOnlyStream
{
    private readonly Stream _output = process.StandardOutput.BaseStream;
    private readonly Task<string> _error = process.StandardError.ReadToEndAsync();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _output.Read(buffer, offset, count);
        if (read == 0 && count > 0)
        {
            process.WaitForExit();
            ThrowIfFailed();
        }

        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _output.ReadAsync(buffer, cancellationToken);
        if (read == 0 && buffer.Length > 0)
        {
            await process.WaitForExitAsync(cancellationToken);
            await _error.WaitAsync(cancellationToken);
            ThrowIfFailed();
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void ThrowIfFailed()
    {
        // Only called once the process has exited and its error stream is read to the end.
        if (process.ExitCode != 0)
        {
            throw new GitCommandException(command, process.ExitCode, _error.IsCompleted ? _error.Result.Trim() : "");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GitCommand.Kill(process);
            _output.Dispose();
            process.Dispose();
        }

        base.Dispose(disposing);
    }
}
