using System.Buffers;
using System.Text.Json;
using Spaces.Core.Problems;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Reads the JSON pieces of the Hub's commit bodies (NDJSON lines and the JSON form) with <see cref="Utf8JsonReader"/>; file
/// contents are not copied, only located. Every refusal is a 400 that says where (<c>Line 3</c>, <c>files[2]</c>) and what.
/// </summary>
internal static class CommitPayloadParser
{
    /// <summary>The fields an operation or header object may carry.</summary>
    public struct ValueFields
    {
        public string? Path;
        public ReadOnlySequence<byte>? Content;
        public string? Encoding;
        public string? Summary;
        public string? Description;
        public string? ParentCommit;
    }

    /// <summary>Reads the object the reader is on (its StartObject) to its EndObject.</summary>
    public static ValueFields ReadValue(ref Utf8JsonReader reader, ReadOnlySequence<byte> source, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail(where, "'value' must be a JSON object");
        }

        var fields = new ValueFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                fields.Content = reader.TokenType == JsonTokenType.String
                    ? LocateString(ref reader, source)
                    : throw Fail(where, "'content' must be a base64 string");
            }
            else if (reader.ValueTextEquals("path"u8))
            {
                fields.Path = ReadString(ref reader, "path", where);
            }
            else if (reader.ValueTextEquals("encoding"u8))
            {
                fields.Encoding = ReadString(ref reader, "encoding", where);
            }
            else if (reader.ValueTextEquals("summary"u8))
            {
                fields.Summary = ReadString(ref reader, "summary", where);
            }
            else if (reader.ValueTextEquals("description"u8))
            {
                fields.Description = ReadString(ref reader, "description", where);
            }
            else if (reader.ValueTextEquals("parentCommit"u8))
            {
                fields.ParentCommit = ReadString(ref reader, "parentCommit", where);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return fields;
    }

    /// <summary>The commit header from its fields: a summary is required; a parent, when given, must be a full commit id.</summary>
    public static CommitHeader ToHeader(in ValueFields fields, string where)
    {
        if (string.IsNullOrWhiteSpace(fields.Summary))
        {
            throw Fail(where, "the commit needs a 'summary'");
        }

        var parent = string.IsNullOrEmpty(fields.ParentCommit) ? null : fields.ParentCommit;
        if (parent is not null && (parent.Length is not (40 or 64) || !parent.All(char.IsAsciiHexDigit)))
        {
            throw Fail(where, $"'parentCommit' must be a full commit id (40 hex digits), got '{parent}'");
        }

        return new CommitHeader(fields.Summary.Trim(), fields.Description, parent);
    }

    /// <summary>The operation a <c>file</c>, <c>deletedFile</c> or <c>deletedFolder</c> object asks for.</summary>
    public static PayloadOperation ToOperation(PayloadKind kind, in ValueFields fields, string where)
    {
        string path;
        try
        {
            path = RepoPaths.Normalize(fields.Path ?? throw Fail(where, "'path' is missing"));
        }
        catch (InvalidRepoPathException invalid)
        {
            throw Fail(where, invalid.Message.TrimEnd('.'));
        }

        if (kind != PayloadKind.File)
        {
            return new PayloadOperation(kind, path, default, where);
        }

        if (fields.Encoding is { } encoding && !encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(where, $"encoding '{encoding}' is not supported: send the content as base64 with \"encoding\": \"base64\"");
        }

        return new PayloadOperation(kind, path, fields.Content ?? throw Fail(where, "'content' is missing"), where);
    }

    /// <summary>The refusal of an <c>lfsFile</c>: everything is stored in git here.</summary>
    public static ProblemException LfsNotSupported(string where) =>
        Fail(where, "LFS uploads are not supported; send the content inline");

    /// <summary>A 400 that says where the body is wrong.</summary>
    public static ProblemException Fail(string where, string message) => ProblemException.Invalid("body", $"{where}: {message}.");

    /// <summary>Reads the next token as a string (null allowed).</summary>
    public static string? ReadString(ref Utf8JsonReader reader, string name, string where)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Fail(where, $"'{name}' must be a string"),
        };
    }

    // The raw bytes of the string token the reader is on, without copying when it has no escapes.
    private static ReadOnlySequence<byte> LocateString(ref Utf8JsonReader reader, ReadOnlySequence<byte> source)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (!reader.ValueIsEscaped)
        {
            return source.Slice(reader.TokenStartIndex + 1, length);
        }

        var unescaped = new byte[length];
        var written = reader.CopyString(unescaped);
        return new ReadOnlySequence<byte>(unescaped, 0, written);
    }
}
