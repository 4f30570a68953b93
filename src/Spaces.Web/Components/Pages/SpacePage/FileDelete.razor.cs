using Microsoft.AspNetCore.Components;
using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>Asks to confirm, then deletes one file at main in one commit (<c>Delete {path}</c>) and shows the folder it was in.</summary>
public sealed partial class FileDelete
{
    [SupplyParameterFromForm(FormName = "file-delete")]
    private DeleteForm? Input { get; set; }

    /// <inheritdoc />
    protected override string Verb => "delete";

    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        Input ??= new DeleteForm { Parent = View.Repo.HeadCommit };
    }

    private Task DeleteAsync()
    {
        var input = Input!;
        return CommitAsync(
            (actor, ct) => Repos.DeleteFileAsync(actor, View.Repo, Path, input.Parent, input.Summary, input.Description, ct),
            ct => FolderHrefAsync(Path, ct));
    }

    // The folder the file was in; git keeps no empty folders, so when its last file went the folder went too: the nearest one left.
    private async Task<string> FolderHrefAsync(string path, CancellationToken cancellationToken)
    {
        var git = Storage.Open(View.Repo);
        var folder = Parent(path);
        while (folder.Length > 0)
        {
            try
            {
                await git.ListTreeAsync("main", folder, cancellationToken: cancellationToken);
                break;
            }
            catch (RepoEntryNotFoundException)
            {
                folder = Parent(folder);
            }
        }

        return $"{View.PagePath}/files/main/{FilePaths.Escape(folder)}";
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "";

    private sealed class DeleteForm
    {
        public string? Parent { get; set; }

        public string? Summary { get; set; }

        public string? Description { get; set; }
    }
}
