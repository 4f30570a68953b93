using System.Buffers.Binary;
using System.Text;

namespace Spaces.Onnx.Pipelines.Audio;

/// <summary>
/// Reads RIFF WAVE files: integer PCM (8, 16, 24 and 32 bits) and IEEE float (32 and 64 bits), plain or
/// <c>WAVE_FORMAT_EXTENSIBLE</c>, any channel count (mixed down to mono by averaging).
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>The longest clip read (10 minutes at 48 kHz): a bound on the memory one upload can take.</summary>
    public const long MaxFrames = 48_000L * 600;

    /// <summary>Reads a WAV file as mono.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a WAV file this reader supports; the message says why.</exception>
    public static AudioClip Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a WAV file (no RIFF/WAVE header)");
        }
        WavFormat? format = null;
        var offset = 12;
        while (data.Length - offset >= 8)
        {
            var id = Encoding.ASCII.GetString(data.Slice(offset, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
            var bodyStart = offset + 8;
            // Streaming writers (sox to a pipe, browsers) leave 0 or 0xFFFFFFFF in the data size: it runs to the end of the file.
            var bodyLength = (int)Math.Min(size, (uint)(data.Length - bodyStart));
            var body = data.Slice(bodyStart, bodyLength);
            if (id == "fmt ")
            {
                format = WavFormat.Parse(body);
            }
            else if (id == "data")
            {
                if (format is null)
                {
                    throw new InvalidDataException("WAV data chunk comes before its fmt chunk");
                }
                if (size == 0 && bodyStart < data.Length)
                {
                    body = data[bodyStart..];
                }
                return Decode(body, format);
            }
            offset = bodyStart + bodyLength + (bodyLength & 1);
        }
        throw new InvalidDataException(format is null ? "WAV file has no fmt chunk" : "WAV file has no data chunk");
    }

    private static AudioClip Decode(ReadOnlySpan<byte> body, WavFormat format)
    {
        var bytesPerSample = format.BitsPerSample / 8;
        var frameBytes = bytesPerSample * format.Channels;
        long frames = body.Length / frameBytes;
        if (frames > MaxFrames)
        {
            throw new InvalidDataException($"WAV file is too long: {frames} frames (at most {MaxFrames})");
        }
        var samples = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            var sum = 0f;
            for (var c = 0; c < format.Channels; c++)
            {
                sum += ReadSample(body.Slice(f * frameBytes + c * bytesPerSample, bytesPerSample), format);
            }
            samples[f] = sum / format.Channels;
        }
        return new AudioClip(samples, format.SampleRate);
    }

    private static float ReadSample(ReadOnlySpan<byte> s, WavFormat format) => (format.IsFloat, format.BitsPerSample) switch
    {
        (true, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
        (true, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
        (false, 8) => (s[0] - 128) / 128f,
        (false, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
        (false, 24) => ((s[0] << 8) | (s[1] << 16) | (s[2] << 24)) / 2147483648f,
        _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
    };

    private sealed record WavFormat(int Channels, int SampleRate, int BitsPerSample, bool IsFloat)
    {
        public static WavFormat Parse(ReadOnlySpan<byte> body)
        {
            if (body.Length < 16)
            {
                throw new InvalidDataException($"WAV fmt chunk has {body.Length} bytes (at least 16 expected)");
            }
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
            int channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
            var sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
            int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            if (tag == FormatExtensible)
            {
                if (body.Length < 26)
                {
                    throw new InvalidDataException("WAV extensible fmt chunk is too short to name its sub-format");
                }
                // The first two bytes of the sub-format GUID carry the plain format tag.
                tag = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
            }
            var isFloat = tag switch
            {
                FormatPcm => false,
                FormatFloat => true,
                _ => throw new InvalidDataException($"WAV format {tag} is not supported (PCM or IEEE float only)"),
            };
            if (channels <= 0 || channels > 32)
            {
                throw new InvalidDataException($"WAV file has {channels} channels (1 to 32 supported)");
            }
            if (sampleRate < 1000 || sampleRate > 384_000)
            {
                throw new InvalidDataException($"WAV sample rate {sampleRate} Hz is out of range (1000 to 384000)");
            }
            var bitsOk = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
            if (!bitsOk)
            {
                throw new InvalidDataException($"WAV {(isFloat ? "float" : "PCM")} samples of {bits} bits are not supported");
            }
            return new WavFormat(channels, sampleRate, bits, isFloat);
        }
    }
}
