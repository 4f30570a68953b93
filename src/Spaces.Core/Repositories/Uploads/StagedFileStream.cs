using Spaces.Core.IO;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Reads a staged file, opening it only on the first read and closing it at its end, so a commit of thousands of files
/// never holds thousands of open handles.
/// </summary>
internal sealed class StagedFileStream(string path, long length) : ReadOnlyStream
{
    private FileStream? _file;
    private bool _finished;

    public override long Length => length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_finished)
        {
            return 0;
        }

        _file ??= Open();
        var read = _file.Read(buffer);
        return read == 0 && buffer.Length > 0 ? Finish() : read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return 0;
        }

        _file ??= Open();
        var read = await _file.ReadAsync(buffer, cancellationToken);
        return read == 0 && buffer.Length > 0 ? Finish() : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
        }

        base.Dispose(disposing);
    }

    private FileStream Open() =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });

    private int Finish()
    {
        _finished = true;
        _file?.Dispose();
        _file = null;
        return 0;
    }
}
