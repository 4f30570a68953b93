using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>A Space's settings per revision, read from its README in the real git repository and remembered.</summary>
public sealed class SpaceAppSettingsTests(GatewayHostFixture host) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Each_revision_answers_its_own_readme_however_the_questions_alternate()
    {
        using var settings = new SpaceAppSettings(host.Services.GetRequiredService<RepoStorage>());
        Repo space;
        string first, second;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var owner = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync(GatewayHostFixture.Owner);
            var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
            space = await repos.CreateAsync(Actor.Session(owner), new CreateRepoRequest(RepoType.Space, GatewayHostFixture.Owner,
                $"settings-{Guid.NewGuid():N}"[..20], false, "docker", InitialFiles: [Readme("custom_headers:\n  cross-origin-opener-policy: same-origin\n")]));
            first = space.HeadCommit!;
            second = (await repos.CommitAsync(Actor.Session(owner), space, new CommitRequest("No embedding", new CommitAuthor("ana", "ana@example.test"),
                [Readme("disable_embedding: true\n")]))).CommitId;
        }

        var atFirst = await settings.GetAsync(space, first, CancellationToken.None);
        var atSecond = await settings.GetAsync(space, second, CancellationToken.None);
        var firstAgain = await settings.GetAsync(space, first, CancellationToken.None);
        var secondAgain = await settings.GetAsync(space, second, CancellationToken.None);

        Assert.Equal([new("cross-origin-opener-policy", "same-origin")], atFirst.Headers);
        Assert.False(atFirst.DisableEmbedding);
        Assert.Empty(atSecond.Headers);
        Assert.True(atSecond.DisableEmbedding);
        Assert.Same(atFirst, firstAgain);
        Assert.Same(atSecond, secondAgain);
    }

    private static PutFile Readme(string settings) =>
        new("README.md", new MemoryStream(Encoding.UTF8.GetBytes($"---\nsdk: docker\n{settings}---\n")));
}
