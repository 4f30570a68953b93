using System.Text;
using Microsoft.AspNetCore.Components;
using Spaces.Core.Repositories;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>The Files tab: a folder's entries or one file at a revision, and (at main, for writers) the upload panel.</summary>
public sealed partial class FilesTab
{
    /// <summary>Files larger than this are offered as a download instead of being shown.</summary>
    public const long MaxShownBytes = 1024 * 1024;

    private const int MaxLinkTargetBytes = 512;

    [Inject]
    public required RepoStorage Storage { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The Space. Required.</summary>
    [Parameter, EditorRequired]
    public required SpaceView View { get; set; }

    /// <summary>The revision (branch, tag or commit id). Default <c>main</c>.</summary>
    [Parameter]
    public string Rev { get; set; } = "main";

    /// <summary>The folder or file; empty for the root.</summary>
    [Parameter]
    public string? Path { get; set; }

    private string? Commit { get; set; }

    private IReadOnlyList<TreeEntry>? Entries { get; set; }

    private TreeEntry? File { get; set; }

    // Where each symbolic link of the folder points (its blob's content), for its mark.
    private Dictionary<string, string> LinkTargets { get; } = new(StringComparer.Ordinal);

    private byte[]? Content { get; set; }

    private string? Problem { get; set; }

    private string Folder => File is null ? Clean : Parent(Clean);

    private string Clean => (Path ?? "").Trim('/');

    private bool CanUpload => View.CanWrite && Rev == "main";

    private IEnumerable<(string Name, string Path, bool Last)> Crumbs
    {
        get
        {
            var parts = Clean.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                yield return (parts[i], string.Join('/', parts[..(i + 1)]), i == parts.Length - 1);
            }
        }
    }

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext!.RequestAborted;
        if (View.Repo.HeadCommit is null)
        {
            return;
        }

        var git = Storage.Open(View.Repo);
        Commit = await git.ResolveAsync(Rev, ct);
        if (Commit is null)
        {
            NotFound($"There is no revision '{Rev}' in {View.Id}.");
            return;
        }

        try
        {
            if (Clean.Length > 0 && await git.GetFileAsync(Commit, Clean, ct) is { } file)
            {
                File = file;
                Content = file.Size <= MaxShownBytes ? await git.ReadFileAsync(Commit, Clean, ct) : null;
                return;
            }

            Entries = [.. (await git.ListTreeAsync(Commit, Clean, cancellationToken: ct))
                .OrderBy(e => e.Type == TreeEntryType.Directory ? 0 : 1).ThenBy(e => e.Path, StringComparer.OrdinalIgnoreCase)];
            // A link's blob is its target; a pushed "link" of absurd size is not read whole for a mark.
            foreach (var link in Entries.Where(e => e.Mode == RepoFileMode.Symlink))
            {
                LinkTargets[link.Path] = link.Size <= MaxLinkTargetBytes
                    ? LinkTarget(await git.ReadFileAsync(Commit, link.Path, ct))
                    : $"({FileSizes.Format(link.Size ?? 0)} target)";
            }
        }
        catch (Exception ex) when (ex is RepoEntryNotFoundException or InvalidRepoPathException)
        {
            NotFound($"There is no file or folder '{Clean}' at {Rev}.");
        }
    }

    /// <summary>A symbolic link's target as git stores it (the blob's bytes), cut short for display.</summary>
    public static string LinkTarget(byte[]? blob)
    {
        var target = blob is null ? "" : Encoding.UTF8.GetString(blob, 0, Math.Min(blob.Length, MaxLinkTargetBytes));
        return blob is { Length: > MaxLinkTargetBytes } ? target + "…" : target;
    }

    private void NotFound(string message)
    {
        Problem = message;
        PageStatus.Set(HttpContext!, StatusCodes.Status404NotFound);
    }

    private string TreeHref(string path) =>
        $"{View.PagePath}/files/{Uri.EscapeDataString(Rev)}/{FilePaths.Escape(path)}";

    private static string Parent(string path) => path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "";
}
