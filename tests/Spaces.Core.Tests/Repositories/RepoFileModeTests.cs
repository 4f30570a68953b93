using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.Core.Tests.Templates;
using Spaces.TestSupport;

namespace Spaces.Core.Tests.Repositories;

/// <summary>
/// The Files tab's rename and the web editor's save (<see cref="RepoService"/>, real SQLite and git) on files pushed with git:
/// an executable stays executable and a symbolic link stays a link to the same target.
/// </summary>
public sealed class RepoFileModeTests(TemplateHost host) : IClassFixture<TemplateHost>
{
    private async Task<(Repo Repo, string GitDir)> PushedSpaceAsync(RepoService repos)
    {
        var repo = await repos.CreateAsync(Actor.Session(host.User),
            new CreateRepoRequest(RepoType.Space, host.User.Name, "modes-" + Guid.NewGuid().ToString("N")[..8], Sdk: "docker"));
        var gitDir = host.Services.GetRequiredService<RepoStorage>().PathOf(repo);
        PushedModes.PushScriptAndLink(gitDir, Path.Combine(host.DataDir, "clone-" + Guid.NewGuid().ToString("N")));
        return (repo, gitDir);
    }

    [Fact]
    public async Task A_renamed_executable_keeps_mode_100755_and_its_content_at_the_new_path()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var (repo, gitDir) = await PushedSpaceAsync(repos);
        var before = GitCli.LsTree(gitDir, "main");

        var moved = await repos.MoveFileAsync(Actor.Session(host.User), repo, "start.sh", "bin/run.sh", expectedParent: null);
        var after = GitCli.LsTree(gitDir, moved.CommitId);

        Assert.Equal("100755", before["start.sh"].Mode);
        Assert.Equal(("100755", before["start.sh"].Oid), after["bin/run.sh"]);
        Assert.False(after.ContainsKey("start.sh"));
        Assert.Equal("100644", after["notes.txt"].Mode);
    }

    [Fact]
    public async Task A_renamed_symlink_stays_a_link_to_the_same_target()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var (repo, gitDir) = await PushedSpaceAsync(repos);

        var moved = await repos.MoveFileAsync(Actor.Session(host.User), repo, "latest", "current", expectedParent: null);
        var after = GitCli.LsTree(gitDir, moved.CommitId);
        var checkout = Path.Combine(host.DataDir, "check-" + Guid.NewGuid().ToString("N"));
        GitCli.Run(host.DataDir, "clone", "--quiet", gitDir, checkout);

        Assert.Equal("120000", after["current"].Mode);
        Assert.Equal("start.sh", GitCli.Run(gitDir, "cat-file", "blob", after["current"].Oid));
        Assert.Equal("start.sh", new FileInfo(Path.Combine(checkout, "current")).LinkTarget);
        Assert.False(after.ContainsKey("latest"));
    }

    [Fact]
    public async Task Edited_content_keeps_mode_100755_and_a_renamed_regular_file_and_a_new_file_are_100644()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var (repo, gitDir) = await PushedSpaceAsync(repos);
        var actor = Actor.Session(host.User);

        // As the web editor saves: one PutFile at the same path.
        var edited = await repos.CommitAsync(actor, repo, new CommitRequest("Update start.sh", RepoService.AuthorOf(host.User),
            [new PutFile("start.sh", new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\necho edited\n"))),
             new PutFile("added.sh", new MemoryStream("#!/bin/sh\n"u8.ToArray()))]));
        var moved = await repos.MoveFileAsync(actor, repo, "notes.txt", "docs/notes.txt", expectedParent: edited.CommitId);
        var after = GitCli.LsTree(gitDir, moved.CommitId);

        Assert.Equal("100755", after["start.sh"].Mode);
        Assert.Equal("#!/bin/sh\necho edited\n", GitCli.Run(gitDir, "cat-file", "blob", after["start.sh"].Oid));
        Assert.Equal("100644", after["added.sh"].Mode);
        Assert.Equal("100644", after["docs/notes.txt"].Mode);
    }
}
