using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Reads the JSON form of a commit (<c>application/json</c>): <c>{summary, description, parentCommit, files:[{path, content,
/// encoding}], deletedFiles:[{path}], deletedFolders:[{path}]}</c>. The body is buffered whole, so it is bounded by
/// <see cref="UploadLimits.MaxLineBytes"/>; large uploads should use NDJSON or multipart.
/// </summary>
public static class JsonCommitReader
{
    /// <summary>Stages every operation of the body and returns its header; throws a 400/413 naming the element at fault.</summary>
    public static async Task<CommitHeader> ReadAsync(Stream body, UploadStaging staging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staging);
        var pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            ReadResult result;
            while (true)
            {
                result = await pipe.ReadAsync(cancellationToken);
                if (result.Buffer.Length > staging.Limits.MaxLineBytes)
                {
                    throw new Problems.ProblemException(Problems.ProblemKind.TooLarge,
                        $"A JSON commit body is limited to {UploadLimits.Describe(staging.Limits.MaxLineBytes)}; send large files as NDJSON or multipart.", "body");
                }

                if (result.IsCompleted)
                {
                    break;
                }

                pipe.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }

            var (header, operations) = Parse(result.Buffer);
            foreach (var operation in operations)
            {
                await PayloadStaging.StageAsync(operation, staging, cancellationToken);
            }

            if (staging.IsEmpty)
            {
                throw CommitPayloadParser.Fail("body", "the commit has no files or deletions");
            }

            return header;
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private static (CommitHeader Header, List<PayloadOperation> Operations) Parse(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: true, state: default);
        List<PayloadOperation> operations = [];
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw CommitPayloadParser.Fail("body", "expected a JSON object");
            }

            // Two passes over the same buffer: the arrays first, then the scalar fields (summary, description, parentCommit).
            ReadArrays(reader, body, operations);
            var header = CommitPayloadParser.ReadValue(ref reader, body, "body");
            return (CommitPayloadParser.ToHeader(header, "body"), operations);
        }
        catch (JsonException json)
        {
            throw CommitPayloadParser.Fail("body", $"not valid JSON ({json.Message.TrimEnd('.')})");
        }
    }

    // Reads files, deletedFiles, deletedFolders (and refuses lfsFiles) from a copy of the reader on the top-level object.
    private static void ReadArrays(Utf8JsonReader scan, ReadOnlySequence<byte> body, List<PayloadOperation> operations)
    {
        while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
        {
            var kind = scan.ValueTextEquals("files"u8) ? PayloadKind.File
                : scan.ValueTextEquals("deletedFiles"u8) ? PayloadKind.DeletedFile
                : scan.ValueTextEquals("deletedFolders"u8) ? PayloadKind.DeletedFolder
                : (PayloadKind?)null;
            var name = scan.GetString()!;
            var isLfs = name == "lfsFiles";
            scan.Read();
            if (kind is null && !isLfs)
            {
                scan.Skip();
                continue;
            }

            if (scan.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (scan.TokenType != JsonTokenType.StartArray)
            {
                throw CommitPayloadParser.Fail("body", $"'{name}' must be an array");
            }

            for (var index = 0; scan.Read() && scan.TokenType != JsonTokenType.EndArray; index++)
            {
                var where = $"{name}[{index}]";
                if (isLfs)
                {
                    throw CommitPayloadParser.LfsNotSupported(where);
                }

                if (scan.TokenType == JsonTokenType.String && kind != PayloadKind.File)
                {
                    var path = new CommitPayloadParser.ValueFields { Path = scan.GetString() };
                    operations.Add(CommitPayloadParser.ToOperation(kind!.Value, path, where));
                    continue;
                }

                var fields = CommitPayloadParser.ReadValue(ref scan, body, where);
                operations.Add(CommitPayloadParser.ToOperation(kind!.Value, fields, where));
            }
        }
    }
}
