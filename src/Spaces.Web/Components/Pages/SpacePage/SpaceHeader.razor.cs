using Microsoft.AspNetCore.Components;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Api;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>The Space's name, card, live stage badge, like button and duplicate form.</summary>
public sealed partial class SpaceHeader
{
    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The Space. Required.</summary>
    [Parameter, EditorRequired]
    public required SpaceView View { get; set; }

    [SupplyParameterFromForm(FormName = "space-duplicate")]
    private DuplicateForm? DuplicateInput { get; set; }

    [SupplyParameterFromForm(FormName = "space-like")]
    private LikeForm? LikeInput { get; set; }

    private bool Liked { get; set; }

    private int Likes { get; set; }

    private string? Error { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Likes = View.Repo.Likes;
        if (View.Actor is { } actor)
        {
            Liked = await Repos.LikesAsync(actor.User.Id, View.Repo.Id, HttpContext!.RequestAborted);
        }
    }

    private async Task ToggleLikeAsync()
    {
        var actor = View.Actor!;
        // The form says what it wants, so posting it twice does not undo it.
        var like = LikeInput?.Like ?? !Liked;
        Likes = await Repos.SetLikeAsync(actor, View.Repo, like, HttpContext!.RequestAborted);
        Liked = like;
    }

    private async Task DuplicateAsync()
    {
        var input = DuplicateInput ?? new();
        Repo copy;
        try
        {
            copy = await Repos.DuplicateAsync(View.Actor!, View.Repo, (input.Owner ?? "").Trim(), (input.Name ?? "").Trim(),
                input.Visibility == "private", HttpContext!.RequestAborted);
        }
        catch (ProblemException problem)
        {
            Error = $"Could not duplicate: {problem.Message}";
            PageStatus.Set(HttpContext!, ProblemHandling.StatusOf(problem.Kind));
            return;
        }

        Navigation.NavigateTo(RepoRoutes.PagePath(copy));
    }

    private sealed class LikeForm
    {
        public bool? Like { get; set; }
    }

    private sealed class DuplicateForm
    {
        public string? Owner { get; set; }

        public string? Name { get; set; }

        public string? Visibility { get; set; }
    }
}
