using System.Buffers;
using System.Text;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// A client's HTTP/1.1 request head read off its connection by <see cref="RequestHeadParser"/>: a copy of the head's bytes, and where
/// the method, the target, the Host value and each header field are in it. One per connection, reused from one request to the next;
/// Dispose gives its buffer back.
/// </summary>
internal sealed class RequestHead : IDisposable
{
    private readonly List<byte[]> _replacements = [];
    private byte[] _bytes = [];

    /// <summary>The header fields in the order received (Host included).</summary>
    public List<Field> Fields { get; } = [];

    /// <summary>The head's length in bytes, request line to the blank line included.</summary>
    public int Length { get; private set; }

    /// <summary>The method: a shared string for the common ones.</summary>
    public string Method { get; private set; } = "";

    /// <summary>Where the request target (origin-form) is.</summary>
    public Range TargetRange { get; set; }

    /// <summary>Where the Host value is.</summary>
    public Range HostRange { get; set; }

    /// <summary>The client sent <c>Content-Length: 0</c> (the only length a forwardable head may announce).</summary>
    public bool ContentLengthZero { get; set; }

    /// <summary>The request target, as received.</summary>
    public ReadOnlySpan<byte> Target => _bytes.AsSpan()[TargetRange];

    /// <summary>The Host value, as received.</summary>
    public ReadOnlySpan<byte> Host => _bytes.AsSpan()[HostRange];

    /// <summary>The head's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    /// <summary>A field's name.</summary>
    public ReadOnlySpan<byte> Name(in Field field) => _bytes.AsSpan(field.NameStart, field.NameLength);

    /// <summary>A field's value, without the whitespace around it (or the value that replaced it).</summary>
    public ReadOnlySpan<byte> Value(in Field field) =>
        field.Replacement < 0 ? _bytes.AsSpan(field.ValueStart, field.ValueLength) : _replacements[field.Replacement];

    /// <summary>Leaves field <paramref name="index"/> out of what is forwarded.</summary>
    public void Remove(int index) => Fields[index] = Fields[index] with { Removed = true };

    /// <summary>Forwards field <paramref name="index"/> with <paramref name="value"/> (ASCII) instead of the value received.</summary>
    public void Replace(int index, string value)
    {
        _replacements.Add(Encoding.ASCII.GetBytes(value));
        Fields[index] = Fields[index] with { Replacement = _replacements.Count - 1 };
    }

    /// <summary>Whether a field named <paramref name="name"/> has a value containing <paramref name="part"/> (ignoring case).</summary>
    public bool HasValueContaining(ReadOnlySpan<byte> name, ReadOnlySpan<byte> part)
    {
        foreach (var field in Fields)
        {
            if (Ascii.EqualsIgnoreCase(Name(field), name) && ContainsIgnoreCase(Value(field), part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="value"/> contains <paramref name="part"/>, ASCII case ignored.</summary>
    public static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> part)
    {
        for (var i = 0; i + part.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, part.Length), part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies <paramref name="head"/> (a whole head, blank line included) in and starts a new request's parse.</summary>
    internal Span<byte> Load(in ReadOnlySequence<byte> head)
    {
        var length = checked((int)head.Length);
        if (_bytes.Length < length)
        {
            Return();
            _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1024));
        }

        head.CopyTo(_bytes);
        Length = length;
        Fields.Clear();
        _replacements.Clear();
        Method = "";
        TargetRange = HostRange = default;
        ContentLengthZero = false;
        return _bytes.AsSpan(0, length);
    }

    internal void SetMethod(ReadOnlySpan<byte> method) => Method = method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("POST"u8) => "POST",
        _ when method.SequenceEqual("PUT"u8) => "PUT",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when method.SequenceEqual("PATCH"u8) => "PATCH",
        _ => Encoding.ASCII.GetString(method),
    };

    public void Dispose()
    {
        Return();
        Length = 0;
    }

    private void Return()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }

    /// <summary>One header field: where its name and (trimmed) value are in the head.</summary>
    internal readonly record struct Field(int NameStart, int NameLength, int ValueStart, int ValueLength)
    {
        /// <summary>Left out of what is forwarded (<see cref="Remove"/>).</summary>
        public bool Removed { get; init; }

        /// <summary>The index of the value that replaced the received one (<see cref="Replace"/>), or -1.</summary>
        public int Replacement { get; init; } = -1;
    }
}
