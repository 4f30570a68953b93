using System.Buffers;
using System.Text;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>Request heads for the direct path's tests: text as bytes (one byte per char), whole or cut into segments, and parsed.</summary>
internal static class RequestHeads
{
    /// <summary>The bytes of <paramref name="text"/>, one per char (Latin-1, so "\u00e9" is the byte 0xE9).</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>The text of <paramref name="bytes"/>, one char per byte.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary><paramref name="text"/> in one segment.</summary>
    public static ReadOnlySequence<byte> Sequence(string text) => new(Bytes(text));

    /// <summary><paramref name="text"/> cut into segments at <paramref name="cuts"/> (ascending offsets; an empty segment where two are equal).</summary>
    public static ReadOnlySequence<byte> Segmented(string text, params int[] cuts)
    {
        var bytes = Bytes(text);
        var first = new Segment(bytes.AsMemory(0, cuts.Length == 0 ? bytes.Length : cuts[0]));
        var last = first;
        for (var i = 0; i < cuts.Length; i++)
        {
            var end = i + 1 < cuts.Length ? cuts[i + 1] : bytes.Length;
            last = last.Append(bytes.AsMemory(cuts[i], end - cuts[i]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary><paramref name="text"/> one byte per segment.</summary>
    public static ReadOnlySequence<byte> ByteByByte(string text) => Segmented(text, [.. Enumerable.Range(1, Math.Max(text.Length - 1, 0))]);

    /// <summary>A head the parser accepts, parsed.</summary>
    public static RequestHead Parse(string text)
    {
        var head = new RequestHead();
        Assert.Equal(RequestHeadStatus.Complete, RequestHeadParser.TryParse(Sequence(text), head, out _));
        return head;
    }

    /// <summary>The fields as (name, value) text, removed ones included.</summary>
    public static (string Name, string Value)[] Fields(RequestHead head) =>
        [.. head.Fields.Select(f => (Text(head.Name(f)), Text(head.Value(f))))];

    /// <summary>A segment of a multi-segment sequence, as a pipe's reader hands them out.</summary>
    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
