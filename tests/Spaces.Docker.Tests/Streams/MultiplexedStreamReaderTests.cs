using System.Buffers.Binary;
using System.Text;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Streams;

public sealed class MultiplexedStreamReaderTests
{
    private static readonly (LogStreamKind Stream, byte[] Payload)[] Frames =
    [
        (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("hello\n")),
        (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("oops: ünïcødé ✓\n")),
        (LogStreamKind.Stdout, []),
        (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("partial line ")),
        (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("continued\nand another\n")),
        (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("x")),
    ];

    internal static byte[] Encode(IEnumerable<(LogStreamKind Stream, byte[] Payload)> frames)
    {
        var output = new MemoryStream();
        foreach (var (stream, payload) in frames)
        {
            var header = new byte[8];
            header[0] = (byte)stream;
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
            output.Write(header);
            output.Write(payload);
        }
        return output.ToArray();
    }

    private static async Task<List<(LogStreamKind Stream, byte[] Payload)>> ReadAllAsync(Stream stream)
    {
        var result = new List<(LogStreamKind, byte[])>();
        using var reader = new MultiplexedStreamReader(stream);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            result.Add((reader.CurrentStream, reader.CurrentPayload.ToArray()));
        }
        return result;
    }

    private static void AssertFrames(List<(LogStreamKind Stream, byte[] Payload)> actual)
    {
        // Empty frames carry nothing and are skipped; every other frame comes back whole and in order.
        var expected = Frames.Where(f => f.Payload.Length > 0).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Stream, actual[i].Stream);
            Assert.Equal(expected[i].Payload, actual[i].Payload);
        }
    }

    [Fact]
    public async Task Reads_frames_fed_one_byte_at_a_time()
    {
        var frames = await ReadAllAsync(new ChunkedStream(Encode(Frames), 1));

        AssertFrames(frames);
    }

    [Fact]
    public async Task Reads_frames_split_at_every_position()
    {
        var data = Encode(Frames);
        for (var split = 1; split < data.Length; split++)
        {
            var frames = await ReadAllAsync(new ChunkedStream(data, split, int.MaxValue));
            AssertFrames(frames);
        }
    }

    [Fact]
    public async Task Reads_frames_in_three_pieces_cut_at_every_pair_of_positions()
    {
        var data = Encode(Frames.Take(3));
        for (var first = 1; first < data.Length; first++)
        {
            for (var second = 1; first + second < data.Length; second++)
            {
                var frames = await ReadAllAsync(new ChunkedStream(data, first, second, int.MaxValue));
                Assert.Equal(2, frames.Count);
                Assert.Equal(Frames[1].Payload, frames[1].Payload);
            }
        }
    }

    [Fact]
    public async Task End_of_stream_between_frames_is_a_normal_end()
    {
        Assert.Empty(await ReadAllAsync(new MemoryStream([])));
        Assert.Single(await ReadAllAsync(new MemoryStream(Encode([(LogStreamKind.Stdout, [1, 2, 3])]))));
    }

    [Fact]
    public async Task End_of_stream_inside_a_header_is_an_error()
    {
        var data = Encode(Frames)[..(Encode(Frames.Take(1)).Length + 5)];

        var error = await Assert.ThrowsAsync<DockerStreamException>(() => ReadAllAsync(new ChunkedStream(data, 3)));

        Assert.Contains("inside a frame header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_of_stream_inside_a_payload_is_an_error()
    {
        var data = Encode(Frames)[..^1];

        var error = await Assert.ThrowsAsync<DockerStreamException>(() => ReadAllAsync(new ChunkedStream(data, 7)));

        Assert.Contains("inside a frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_larger_than_the_buffer_comes_back_whole()
    {
        var big = new byte[300_000];
        Random.Shared.NextBytes(big);
        var data = Encode([(LogStreamKind.Stdout, big), (LogStreamKind.Stderr, [42])]);

        var frames = await ReadAllAsync(new ChunkedStream(data, 4093));

        Assert.Equal(2, frames.Count);
        Assert.Equal(big, frames[0].Payload);
        Assert.Equal([42], frames[1].Payload);
    }

    [Fact]
    public async Task A_frame_over_one_mebibyte_comes_back_in_pieces_that_add_up()
    {
        var big = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(big);
        var data = Encode([(LogStreamKind.Stderr, big), (LogStreamKind.Stdout, [1])]);

        var frames = await ReadAllAsync(new ChunkedStream(data, 65536));

        Assert.True(frames.Count > 2);
        Assert.Equal(big, frames.Where(f => f.Stream == LogStreamKind.Stderr).SelectMany(f => f.Payload).ToArray());
        Assert.Equal(LogStreamKind.Stdout, frames[^1].Stream);
    }

    [Fact]
    public async Task Raw_output_mistaken_for_frames_is_reported()
    {
        var data = Encoding.ASCII.GetBytes("this is tty output\n");

        var error = await Assert.ThrowsAsync<DockerStreamException>(() => ReadAllAsync(new MemoryStream(data)));

        Assert.Contains("TTY", error.Message, StringComparison.Ordinal);
    }
}
