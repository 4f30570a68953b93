using System.Text;
using Microsoft.AspNetCore.Components;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Api;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// Edits one text file at main and commits it with a message, with its "Executable" mode in the same commit (alone when the text is
/// unchanged). The form carries the head it was opened at: when main moved since, nothing is written and the visitor keeps their
/// text with a message saying what happened. Readers' posts are refused with 403 and change nothing.
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

    private bool IsSymlink { get; set; }

    private bool WasExecutable { get; set; }

    private string? OriginalText { get; set; }

    private string? Refusal { get; set; }

    private string? Error { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var http = HttpContext!;
        Path = Path.Trim('/');
        // A post is answered by its handler (403 and nothing changed for readers): a form missing from the page would turn it
        // into the framework's plain 400.
        if (!View.CanWrite && !HttpMethods.IsPost(http.Request.Method))
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
            IsSymlink = file?.Mode == RepoFileMode.Symlink;
            WasExecutable = file?.Mode == RepoFileMode.Executable;
        }

        IsNew = content is null;
        var text = content is null ? "" : FileViewer.TextLines(content) is null ? null : Encoding.UTF8.GetString(content);
        if (text is null)
        {
            Refuse(StatusCodes.Status400BadRequest, $"{Path} is a binary file; upload a new version instead.");
            return;
        }

        UsesCrLf = text.Contains("\r\n", StringComparison.Ordinal);
        OriginalText = content is null ? null : text;
        // A posted form keeps what the visitor typed; a fresh one starts from the file.
        Input ??= new EditForm { Content = text, Parent = View.Repo.HeadCommit, Executable = WasExecutable };
    }

    private async Task CommitAsync()
    {
        var input = Input!;
        if (View.Actor is null || !View.CanWrite)
        {
            Refuse(StatusCodes.Status403Forbidden, $"Only those who can write to {View.Id} can edit its files. Nothing was changed.");
            return;
        }

        // Browsers send textarea lines with CRLF; a file written with LF stays LF.
        var content = (input.Content ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (UsesCrLf)
        {
            content = content.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        // A form without the checkbox (a link, or a client that never showed it) keeps the file's mode.
        bool? executable = input.ModeShown && !IsSymlink ? input.Executable : null;
        var summary = input.Summary;
        if (string.IsNullOrWhiteSpace(summary) && content == OriginalText && executable is { } wanted && wanted != WasExecutable)
        {
            summary = wanted ? $"Make {Path} executable" : $"Make {Path} not executable";
        }

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            await Repos.WriteFileAsync(View.Actor, View.Repo, Path, stream, executable, input.Parent, summary, input.Description,
                HttpContext!.RequestAborted);
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

        public bool Executable { get; set; }

        // Set by a hidden field next to the checkbox: an unticked box sends nothing, so without it "not executable" and "not
        // asked" would look alike.
        public bool ModeShown { get; set; }
    }
}
