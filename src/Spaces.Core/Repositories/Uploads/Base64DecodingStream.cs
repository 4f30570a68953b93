using System.Buffers;
using System.Buffers.Text;
using Spaces.Core.IO;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Decodes base64 text (possibly spread over many buffer segments) as it is read, so a large inline file is never held twice.
/// Invalid base64 surfaces as a <see cref="FormatException"/>.
/// </summary>
internal sealed class Base64DecodingStream(ReadOnlySequence<byte> base64) : ReadOnlyStream
{
    private const int InputChunk = 64 * 1024;
    private readonly byte[] _input = new byte[InputChunk];
    private readonly byte[] _output = new byte[InputChunk / 4 * 3];
    private ReadOnlySequence<byte> _source = base64;
    private int _outputStart;
    private int _outputEnd;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_outputStart == _outputEnd)
        {
            Fill();
        }

        var count = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, count).CopyTo(buffer);
        _outputStart += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    private void Fill()
    {
        _outputStart = _outputEnd = 0;
        while (_outputEnd == 0 && !_source.IsEmpty)
        {
            var take = (int)Math.Min(_source.Length, InputChunk);
            var final = take == _source.Length;
            if (!final)
            {
                take -= take % 4;
            }

            _source.Slice(0, take).CopyTo(_input);
            var status = Base64.DecodeFromUtf8(_input.AsSpan(0, take), _output, out var consumed, out var written, isFinalBlock: final);
            if (status == OperationStatus.InvalidData || (final && status != OperationStatus.Done) || (consumed == 0 && written == 0))
            {
                throw new FormatException("the content is not valid base64");
            }

            _source = _source.Slice(consumed);
            _outputEnd = written;
        }
    }
}
