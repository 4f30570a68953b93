namespace Spaces.Core.Repositories.Uploads;

/// <summary>Stages one parsed commit operation: a file's base64 content is decoded while it is written (into git, or to disk).</summary>
internal static class PayloadStaging
{
    public static async Task StageAsync(PayloadOperation operation, UploadStaging staging, CancellationToken cancellationToken)
    {
        switch (operation.Kind)
        {
            case PayloadKind.File:
                try
                {
                    await using var content = new Base64DecodingStream(operation.Content);
                    await staging.AddFileAsync(operation.Path, content, cancellationToken: cancellationToken);
                }
                catch (FormatException invalid)
                {
                    throw CommitPayloadParser.Fail(operation.Where, $"'content' of '{operation.Path}': {invalid.Message}");
                }

                break;
            case PayloadKind.DeletedFile:
                staging.DeleteFile(operation.Path);
                break;
            default:
                staging.DeleteFolder(operation.Path);
                break;
        }
    }
}
