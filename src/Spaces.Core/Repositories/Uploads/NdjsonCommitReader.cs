using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Reads the Hub's NDJSON commit body (<c>application/x-ndjson</c>) line by line into an <see cref="UploadStaging"/>:
/// <c>{"key":"header","value":{summary, description, parentCommit}}</c> first, then <c>file</c> (base64 content),
/// <c>deletedFile</c> and <c>deletedFolder</c> lines. One line is buffered at a time (at most <see cref="UploadLimits.MaxLineBytes"/>);
/// file contents are decoded straight into the staging (the repository's object store when it has one).
/// </summary>
public static class NdjsonCommitReader
{
    /// <summary>Stages every operation of the body and returns its header; throws a 400/413 naming the line at fault.</summary>
    public static async Task<CommitHeader> ReadAsync(Stream body, UploadStaging staging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staging);
        var pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        CommitHeader? header = null;
        long number = 0;
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    number++;
                    header = await HandleLineAsync(buffer.Slice(0, end), number, header, staging, cancellationToken);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }

                if (buffer.Length > staging.Limits.MaxLineBytes)
                {
                    throw CommitPayloadParser.Fail(Where(number + 1),
                        $"the line is longer than {UploadLimits.Describe(staging.Limits.MaxLineBytes)} (files are limited to {UploadLimits.Describe(staging.Limits.MaxFileBytes)})");
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        number++;
                        header = await HandleLineAsync(buffer, number, header, staging, cancellationToken);
                    }

                    break;
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }

        if (header is null)
        {
            throw CommitPayloadParser.Fail("Line 1", "the body is empty; the first line must be the header");
        }

        if (staging.IsEmpty)
        {
            throw CommitPayloadParser.Fail($"Line {number.ToString(CultureInfo.InvariantCulture)}", "the commit has no files or deletions");
        }

        return header;
    }

    private static async Task<CommitHeader?> HandleLineAsync(
        ReadOnlySequence<byte> line, long number, CommitHeader? header, UploadStaging staging, CancellationToken cancellationToken)
    {
        var where = Where(number);
        var parsed = Parse(line, where);
        if (parsed.Header is { } lineHeader)
        {
            return header is null && staging.IsEmpty
                ? lineHeader
                : throw CommitPayloadParser.Fail(where, "the header must come once, on the first line");
        }

        if (parsed.Operation is not { } operation)
        {
            return header;
        }

        if (header is null)
        {
            throw CommitPayloadParser.Fail(where, "the first line must be the header ({\"key\":\"header\",\"value\":{\"summary\":...}})");
        }

        await PayloadStaging.StageAsync(operation, staging, cancellationToken);
        return header;
    }

    // Synchronous: Utf8JsonReader cannot live across an await.
    private static (CommitHeader? Header, PayloadOperation? Operation) Parse(ReadOnlySequence<byte> line, string where)
    {
        if (IsBlank(line))
        {
            return (null, null);
        }

        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        try
        {
            reader.Read();

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw CommitPayloadParser.Fail(where, "expected a JSON object {\"key\": ..., \"value\": {...}}");
            }

            string? key = null;
            var value = reader;
            var hasValue = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    key = CommitPayloadParser.ReadString(ref reader, "key", where);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    reader.Read();
                    value = reader;
                    hasValue = true;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                throw CommitPayloadParser.Fail(where, "one JSON object per line");
            }

            if (!hasValue)
            {
                throw CommitPayloadParser.Fail(where, "'value' is missing");
            }

            var fields = CommitPayloadParser.ReadValue(ref value, line, where);
            return key switch
            {
                "header" => (CommitPayloadParser.ToHeader(fields, where), null),
                "file" => (null, CommitPayloadParser.ToOperation(PayloadKind.File, fields, where)),
                "deletedFile" => (null, CommitPayloadParser.ToOperation(PayloadKind.DeletedFile, fields, where)),
                "deletedFolder" => (null, CommitPayloadParser.ToOperation(PayloadKind.DeletedFolder, fields, where)),
                "lfsFile" => throw CommitPayloadParser.LfsNotSupported(where),
                null => throw CommitPayloadParser.Fail(where, "'key' is missing"),
                _ => throw CommitPayloadParser.Fail(where, $"unknown key '{key}' (expected header, file, deletedFile or deletedFolder)"),
            };
        }
        catch (JsonException json)
        {
            throw CommitPayloadParser.Fail(where, $"not valid JSON ({json.Message.TrimEnd('.')})");
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string Where(long number) => $"Line {number.ToString(CultureInfo.InvariantCulture)}";
}
