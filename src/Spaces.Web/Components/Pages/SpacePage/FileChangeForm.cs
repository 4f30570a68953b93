using Microsoft.AspNetCore.Components;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Api;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// What the delete and rename pages of one file share: only writers, only at main, the file must exist when the page is opened,
/// and the form carries the head it was opened at, so a commit on top of a newer main changes nothing and says why.
/// </summary>
public abstract class FileChangeForm : ComponentBase
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

    /// <summary>The revision of the route: only <c>main</c> can be changed. Default <c>main</c>.</summary>
    [Parameter]
    public string Rev { get; set; } = "main";

    /// <summary>The file's path.</summary>
    [Parameter]
    public string Path { get; set; } = "";

    /// <summary>The file at main when the page was opened (null on a post, where the commit checks it).</summary>
    protected TreeEntry? File { get; private set; }

    /// <summary>Why the page offers no form (set with its status).</summary>
    protected string? Refusal { get; private set; }

    /// <summary>Why the last post changed nothing.</summary>
    protected string? Error { get; private set; }

    /// <summary>What the page does, for messages: "delete" or "rename".</summary>
    protected abstract string Verb { get; }

    /// <summary>The page of the file at main.</summary>
    protected string FileHref(string path) => $"{View.PagePath}/files/main/{FilePaths.Escape(path)}";

    protected override async Task OnInitializedAsync()
    {
        var http = HttpContext!;
        Path = Path.Trim('/');
        var isPost = HttpMethods.IsPost(http.Request.Method);
        // A post is answered by its handler (403 and nothing changed for readers): a form missing from the page would turn it
        // into the framework's plain 400.
        if (!View.CanWrite && !isPost)
        {
            Refuse(StatusCodes.Status403Forbidden, $"Only those who can write to {View.Id} can {Verb} its files.");
            return;
        }

        if (Rev != "main" || Path.Length == 0)
        {
            Refuse(StatusCodes.Status400BadRequest, $"Only a file at main can be {Verb}d.");
            return;
        }

        if (isPost)
        {
            return;
        }

        File = View.Repo.HeadCommit is { } head
            ? await Storage.Open(View.Repo).GetFileAsync(head, Path, http.RequestAborted)
            : null;
        if (File is null)
        {
            Refuse(StatusCodes.Status404NotFound, $"There is no file '{Path}' at main in {View.Id}.");
        }
    }

    /// <summary>
    /// Runs a commit of the Core service; on success goes to <paramref name="next"/>, otherwise keeps the form with a message and
    /// the problem's status. Readers are refused before anything runs.
    /// </summary>
    protected async Task CommitAsync(Func<Actor, CancellationToken, Task> commit, Func<CancellationToken, Task<string>> next)
    {
        if (View.Actor is not { } actor || !View.CanWrite)
        {
            Refuse(StatusCodes.Status403Forbidden, $"Only those who can write to {View.Id} can {Verb} its files. Nothing was changed.");
            return;
        }

        try
        {
            await commit(actor, HttpContext!.RequestAborted);
        }
        catch (ProblemException problem)
        {
            Error = problem.Kind == ProblemKind.PreconditionFailed
                ? $"Someone committed to main since you opened this page (main is now at {View.Repo.HeadCommit?[..7] ?? "nothing"}). "
                  + "Nothing was changed: open the file again and retry."
                : $"Nothing was changed: {problem.Message}";
            PageStatus.Set(HttpContext!, ProblemHandling.StatusOf(problem.Kind));
            return;
        }

        Navigation.NavigateTo(await next(HttpContext!.RequestAborted));
    }

    private void Refuse(int status, string message)
    {
        Refusal = message;
        PageStatus.Set(HttpContext!, status);
    }
}
