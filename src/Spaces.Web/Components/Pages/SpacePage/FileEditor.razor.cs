using System.Text;
using Microsoft.AspNetCore.Components;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Api;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// Edits one text file at main and commits it with a message. The form carries the head it was opened at: when main moved since,
/// nothing is written and the visitor keeps their text with a message saying what happened.
/// </summary>
public sealed partial class FileEditor
{
    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required RepoStorage Storage { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The Space. Required.</summary>
    [Parameter, EditorRequired]
    public required SpaceView View { get; set; }

    /// <summary>The revision of the route: only <c>main</c> can be edited.</summary>
    [Parameter]
    public string Rev { get; set; } = "main";

    /// <summary>The file's path.</summary>
    [Parameter]
    public string Path { get; set; } = "";

    [SupplyParameterFromForm(FormName = "file-edit")]
    private EditForm? Input { get; set; }

    private bool IsNew { get; set; }

    private bool UsesCrLf { get; set; }

    private string? Refusal { get; set; }

    private string? Error { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var http = HttpContext!;
        Path = Path.Trim('/');
        if (!View.CanWrite)
        {
            Refuse(StatusCodes.Status403Forbidden, $"Only those who can write to {View.Id} can edit its files.");
            return;
        }

        if (Rev != "main" || Path.Length == 0)
        {
            Refuse(StatusCodes.Status400BadRequest, "Only a file at main can be edited.");
            return;
        }

        byte[]? content = null;
        if (View.Repo.HeadCommit is { } head)
        {
            var git = Storage.Open(View.Repo);
            var file = await git.GetFileAsync(head, Path, http.RequestAborted);
            if (file is { Size: > FilesTab.MaxShownBytes })
            {
                Refuse(StatusCodes.Status400BadRequest, $"{Path} is too large to edit in the browser; upload a new version instead.");
                return;
            }

            content = file is null ? null : await git.ReadFileAsync(head, Path, http.RequestAborted);
        }

        IsNew = content is null;
        var text = content is null ? "" : FileViewer.TextLines(content) is null ? null : Encoding.UTF8.GetString(content);
        if (text is null)
        {
            Refuse(StatusCodes.Status400BadRequest, $"{Path} is a binary file; upload a new version instead.");
            return;
        }

        UsesCrLf = text.Contains("\r\n", StringComparison.Ordinal);
        // A posted form keeps what the visitor typed; a fresh one starts from the file.
        Input ??= new EditForm { Content = text, Parent = View.Repo.HeadCommit };
    }

    private async Task CommitAsync()
    {
        var input = Input!;
        // Browsers send textarea lines with CRLF; a file written with LF stays LF.
        var content = (input.Content ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (UsesCrLf)
        {
            content = content.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        var summary = string.IsNullOrWhiteSpace(input.Summary) ? $"{(IsNew ? "Create" : "Update")} {Path}" : input.Summary.Trim();
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            var request = new CommitRequest(summary, RepoService.AuthorOf(View.Actor!.User), [new PutFile(Path, stream)],
                ExpectedParent: string.IsNullOrEmpty(input.Parent) ? null : input.Parent,
                Description: string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim());
            await Repos.CommitAsync(View.Actor, View.Repo, request, HttpContext!.RequestAborted);
        }
        catch (ProblemException problem)
        {
            Error = problem.Kind == ProblemKind.PreconditionFailed
                ? $"Someone committed to main since you opened this file (main is now at {View.Repo.HeadCommit?[..7]}). Nothing was saved: "
                  + "copy your text, open the file again and apply your change there."
                : $"Nothing was saved: {problem.Message}";
            PageStatus.Set(HttpContext!, ProblemHandling.StatusOf(problem.Kind));
            return;
        }

        Navigation.NavigateTo($"{View.PagePath}/files/main/{FilePaths.Escape(Path)}");
    }

    private void Refuse(int status, string message)
    {
        Refusal = message;
        PageStatus.Set(HttpContext!, status);
    }

    private sealed class EditForm
    {
        public string? Content { get; set; }

        public string? Parent { get; set; }

        public string? Summary { get; set; }

        public string? Description { get; set; }
    }
}
