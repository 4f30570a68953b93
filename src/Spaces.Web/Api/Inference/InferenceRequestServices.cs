using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Inference;

/// <summary>The request-scoped and singleton services the handlers use, bound as one parameter.</summary>
internal sealed record InferenceRequestServices(
    ActorAccessor Actors,
    RepoService Repos,
    RepoStorage Storage,
    InferenceModelFiles Files,
    InferenceSessions Sessions,
    IOptions<InferenceApiOptions> OptionsAccessor)
{
    public InferenceApiOptions Options => OptionsAccessor.Value;
}
