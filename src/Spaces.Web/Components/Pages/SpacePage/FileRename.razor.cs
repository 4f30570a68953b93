using Microsoft.AspNetCore.Components;
using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// Renames or moves one file at main: the new path follows the upload rules and must be free; one commit removes the old path and
/// adds the new one with the same content, then the file is shown at its new place.
/// </summary>
public sealed partial class FileRename
{
    [SupplyParameterFromForm(FormName = "file-rename")]
    private RenameForm? Input { get; set; }

    /// <inheritdoc />
    protected override string Verb => "rename";

    private string FileName => Path[(Path.LastIndexOf('/') + 1)..];

    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        Input ??= new RenameForm { Parent = View.Repo.HeadCommit, NewPath = Path };
    }

    private Task RenameAsync()
    {
        var input = Input!;
        return CommitAsync(
            (actor, ct) => Repos.MoveFileAsync(actor, View.Repo, Path, input.NewPath, input.Parent, input.Summary, input.Description, ct),
            _ => Task.FromResult(FileHref(RepoPaths.Normalize(input.NewPath!.Trim()))));
    }

    private sealed class RenameForm
    {
        public string? Parent { get; set; }

        public string? NewPath { get; set; }

        public string? Summary { get; set; }

        public string? Description { get; set; }
    }
}
