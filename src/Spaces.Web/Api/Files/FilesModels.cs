using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.Web.Api.Files;

/// <summary>An entry of <c>GET /api/{type}s/{id}/tree/{rev}/{path}</c> (the Hub's shape; folders have size 0).</summary>
internal sealed record TreeItem(string Type, string Oid, long Size, string Path);

/// <summary><c>POST /api/{type}s/{id}/preupload/{rev}</c>.</summary>
internal sealed record PreuploadBody(IReadOnlyList<PreuploadFile>? Files);

/// <summary>A file a client is about to upload.</summary>
internal sealed record PreuploadFile(string? Path, long? Size, string? Sample);

/// <summary>The preupload answer: every file is uploaded inline ("regular"), everything is stored in git.</summary>
internal sealed record PreuploadAnswer(IReadOnlyList<PreuploadMode> Files);

/// <summary>How one file is to be uploaded.</summary>
internal sealed record PreuploadMode(string Path, string UploadMode, bool ShouldIgnore);

/// <summary>The answer of the commit and upload endpoints (the Hub's commit answer).</summary>
internal sealed record CommitAnswer(bool Success, string CommitOid, string CommitUrl, string HookOutput);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<TreeItem>))]
[JsonSerializable(typeof(PreuploadBody))]
[JsonSerializable(typeof(PreuploadAnswer))]
[JsonSerializable(typeof(CommitAnswer))]
internal sealed partial class FilesJsonContext : JsonSerializerContext;
