using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Spaces.Core.Problems;
using Spaces.Core.Repositories.Uploads;

namespace Spaces.Web.Api.Files;

/// <summary>
/// Streams a multipart/form-data upload into an <see cref="UploadStaging"/>, part by part. Form fields <c>path</c> (target folder)
/// and <c>unpack</c> apply to the file parts after them, so they must come first; <c>summary</c>, <c>description</c> and
/// <c>parentCommit</c> may come anywhere. A file part's repository path is its file name (which may hold folders, as browsers
/// send for folder uploads), or its field name when only that holds folders (<c>formData.append("dir/a.txt", file)</c>).
/// Archives (.zip, .tar.gz, .tgz, .tar) sent as field <c>archive</c>, or with <c>unpack=true</c>, are unpacked with their paths as
/// they are (a common top folder is kept).
/// </summary>
internal sealed class MultipartUpload
{
    private const int MaxFields = 64;
    private const int MaxFieldBytes = 64 * 1024;
    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly UploadStaging _staging;
    private string? _folder;
    private bool _unpack;
    private bool _sawFile;

    private MultipartUpload(UploadStaging staging) => _staging = staging;

    /// <summary>A form field's value, or null.</summary>
    public string? Field(string name) => _fields.GetValueOrDefault(name);

    /// <summary>Reads the whole body, staging its files; throws a 400/413 naming the part at fault.</summary>
    public static async Task<MultipartUpload> ReadAsync(Stream body, string? contentType, UploadStaging staging, CancellationToken cancellationToken)
    {
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var media)
            && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(media.Boundary).Value is { Length: > 0 and <= 200 } value
                ? value
                : throw ProblemException.Invalid("Content-Type", $"Send the upload as multipart/form-data with a boundary, not '{contentType}'.");
        var upload = new MultipartUpload(staging);
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader()
                    ?? throw ProblemException.Invalid("body", "Every multipart part needs a Content-Disposition header.");
                if (disposition.IsFileDisposition())
                {
                    await upload.AddFileAsync(section, disposition, cancellationToken);
                }
                else
                {
                    await upload.AddFieldAsync(section, disposition, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw ProblemException.Invalid("body", $"The multipart body is malformed or was cut off ({ex.Message.TrimEnd('.')}); nothing was committed.");
        }

        return upload;
    }

    private async Task AddFieldAsync(MultipartSection section, ContentDispositionHeaderValue disposition, CancellationToken cancellationToken)
    {
        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
        if (_fields.Count >= MaxFields)
        {
            throw ProblemException.Invalid("body", $"The upload has more than {MaxFields} form fields.");
        }

        await using var limited = new CountingReadStream(section.Body, MaxFieldBytes,
            () => ProblemException.Invalid(name, $"The form field '{name}' is longer than {MaxFieldBytes / 1024} KiB."), leaveOpen: true);
        using var text = new StreamReader(limited, Encoding.UTF8);
        var value = await text.ReadToEndAsync(cancellationToken);
        if (name.Equals("path", StringComparison.OrdinalIgnoreCase) || name.Equals("unpack", StringComparison.OrdinalIgnoreCase))
        {
            if (_sawFile)
            {
                throw ProblemException.Invalid(name, $"Send the '{name}' field before the files it applies to.");
            }

            if (name.Equals("unpack", StringComparison.OrdinalIgnoreCase))
            {
                _unpack = value.Trim().ToLowerInvariant() is "true" or "1" or "on" or "yes";
            }
            else
            {
                _folder = NormalizeFolder(value);
            }
        }

        _fields[name] = value;
    }

    private async Task AddFileAsync(MultipartSection section, ContentDispositionHeaderValue disposition, CancellationToken cancellationToken)
    {
        _sawFile = true;
        var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        if (fileName.Length == 0)
        {
            // A file input left empty: browsers still send the part.
            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }

        var isArchiveField = field.Equals("archive", StringComparison.OrdinalIgnoreCase);
        var format = ArchiveFormats.FromFileName(fileName);
        if (isArchiveField && format is null)
        {
            throw ProblemException.Invalid("archive", $"'{fileName}' is not a .zip, .tar.gz, .tgz or .tar archive.");
        }

        if (format is { } archive && (isArchiveField || _unpack))
        {
            // Zip needs seeking: the archive is kept whole on disk (bounded by the request limit), then unpacked entry by entry.
            var scratch = _staging.NewScratchPath();
            try
            {
                await using (var file = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    await section.Body.CopyToAsync(file, cancellationToken);
                }

                await ArchiveUnpacker.UnpackAsync(scratch, archive, fileName, _folder, _staging, cancellationToken);
            }
            finally
            {
                File.Delete(scratch);
            }

            return;
        }

        var path = fileName.Contains('/', StringComparison.Ordinal) || !field.Contains('/', StringComparison.Ordinal) ? fileName : field;
        await _staging.AddFileAsync(_folder is null ? path : _folder + "/" + path, section.Body, cancellationToken: cancellationToken);
    }

    private static string? NormalizeFolder(string value)
    {
        var trimmed = value.Trim().Trim('/');
        if (trimmed.Length == 0)
        {
            return null;
        }

        try
        {
            return Core.Repositories.RepoPaths.Normalize(trimmed);
        }
        catch (Core.Repositories.InvalidRepoPathException invalid)
        {
            throw ProblemException.Invalid("path", invalid.Message);
        }
    }
}
