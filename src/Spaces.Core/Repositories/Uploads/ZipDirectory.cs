using System.Buffers.Binary;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>Reads the entry count a zip's end-of-central-directory record announces, without parsing the directory itself.</summary>
internal static class ZipDirectory
{
    private const int EndRecordSize = 22;
    private const int MaxCommentSize = ushort.MaxValue;

    /// <summary>The announced number of entries, or null when the record is missing or says "see ZIP64" (0xFFFF).</summary>
    public static long? EntryCount(FileStream file)
    {
        var tail = (int)Math.Min(file.Length, EndRecordSize + MaxCommentSize);
        if (tail < EndRecordSize)
        {
            return null;
        }

        var buffer = new byte[tail];
        file.Seek(-tail, SeekOrigin.End);
        file.ReadExactly(buffer);
        file.Seek(0, SeekOrigin.Begin);
        for (var i = tail - EndRecordSize; i >= 0; i--)
        {
            // "PK\x05\x06"
            if (buffer[i] == 0x50 && buffer[i + 1] == 0x4b && buffer[i + 2] == 0x05 && buffer[i + 3] == 0x06)
            {
                var total = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10, 2));
                return total == ushort.MaxValue ? null : total;
            }
        }

        return null;
    }
}
