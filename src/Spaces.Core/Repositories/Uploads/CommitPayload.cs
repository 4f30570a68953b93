using System.Buffers;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>The header of an API commit: its message and the parent it expects (null: whatever the branch head is).</summary>
public sealed record CommitHeader(string Summary, string? Description, string? ParentCommit);

/// <summary>What one element of a commit body asks for.</summary>
internal enum PayloadKind
{
    File,
    DeletedFile,
    DeletedFolder,
}

/// <summary>
/// One parsed operation of a commit body; <see cref="Content"/> is the base64 text of a file, still inside the request buffer
/// (only valid until the reader moves on).
/// </summary>
internal readonly record struct PayloadOperation(PayloadKind Kind, string Path, ReadOnlySequence<byte> Content, string Where);
