using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Tests.Templates;
using Spaces.TestSupport;

namespace Spaces.Core.Tests.Repositories;

/// <summary>
/// The web editor's save (<see cref="RepoService.WriteFileAsync"/>, real SQLite and git): content and the executable mode in one
/// commit, a mode-only commit, a stale parent and a link that cannot be made executable.
/// </summary>
public sealed class RepoFileWriteTests(TemplateHost host) : IClassFixture<TemplateHost>
{
    [Fact]
    public async Task Executable_is_set_with_an_edit_and_cleared_alone_each_in_one_commit()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var (repo, gitDir) = await PushedSpaceAsync(repos);
        var actor = Actor.Session(host.User);
        var start = GitCli.Run(gitDir, "rev-parse", "main").Trim();

        var edited = await repos.WriteFileAsync(actor, repo, "notes.txt", Text("#!/bin/sh\necho notes\n"), executable: true, start);
        var cleared = await repos.WriteFileAsync(actor, repo, "notes.txt", Text("#!/bin/sh\necho notes\n"), executable: false, edited.CommitId);
        var kept = await repos.WriteFileAsync(actor, repo, "start.sh", Text("#!/bin/sh\necho kept\n"), executable: null, cleared.CommitId);
        var created = await repos.WriteFileAsync(actor, repo, "tools/new.sh", Text("#!/bin/sh\n"), executable: true, kept.CommitId, "Add a tool");

        var afterEdit = GitCli.LsTree(gitDir, edited.CommitId);
        var afterClear = GitCli.LsTree(gitDir, cleared.CommitId);
        Assert.Equal(start, edited.ParentId);
        Assert.Equal("100755", afterEdit["notes.txt"].Mode);
        Assert.Equal("#!/bin/sh\necho notes\n", GitCli.Run(gitDir, "cat-file", "blob", afterEdit["notes.txt"].Oid));
        Assert.Equal("Update notes.txt", GitCli.Run(gitDir, "log", "-1", "--format=%s", edited.CommitId).Trim());
        Assert.Equal(edited.CommitId, cleared.ParentId);
        Assert.Equal(("100644", afterEdit["notes.txt"].Oid), afterClear["notes.txt"]);
        // The mode-only commit changes nothing but the mode.
        var oid = afterEdit["notes.txt"].Oid;
        Assert.Equal($":100755 100644 {oid} {oid} M\tnotes.txt", GitCli.Run(gitDir, "diff-tree", "-r", "--no-commit-id", cleared.CommitId).Trim());
        Assert.Equal("100755", GitCli.LsTree(gitDir, kept.CommitId)["start.sh"].Mode);
        Assert.Equal("100755", GitCli.LsTree(gitDir, created.CommitId)["tools/new.sh"].Mode);
        Assert.Equal("Add a tool", GitCli.Run(gitDir, "log", "-1", "--format=%s", created.CommitId).Trim());
    }

    [Fact]
    public async Task A_stale_parent_and_an_executable_link_change_nothing()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var (repo, gitDir) = await PushedSpaceAsync(repos);
        var actor = Actor.Session(host.User);
        var start = GitCli.Run(gitDir, "rev-parse", "main").Trim();
        var moved = await repos.WriteFileAsync(actor, repo, "other.txt", Text("meanwhile\n"), executable: null, start);

        var stale = await Assert.ThrowsAsync<ProblemException>(() =>
            repos.WriteFileAsync(actor, repo, "notes.txt", Text("lost\n"), executable: true, start));
        var link = await Assert.ThrowsAsync<ProblemException>(() =>
            repos.WriteFileAsync(actor, repo, "latest", Text("start.sh"), executable: true, moved.CommitId));

        Assert.Equal(ProblemKind.PreconditionFailed, stale.Kind);
        Assert.Equal(ProblemKind.Invalid, link.Kind);
        Assert.Contains("'latest' is a symbolic link", link.Message);
        Assert.Equal(moved.CommitId, GitCli.Run(gitDir, "rev-parse", "main").Trim());
        Assert.Equal("120000", GitCli.LsTree(gitDir, "main")["latest"].Mode);
        Assert.Equal("100644", GitCli.LsTree(gitDir, "main")["notes.txt"].Mode);
    }

    private async Task<(Repo Repo, string GitDir)> PushedSpaceAsync(RepoService repos)
    {
        var repo = await repos.CreateAsync(Actor.Session(host.User),
            new CreateRepoRequest(RepoType.Space, host.User.Name, "write-" + Guid.NewGuid().ToString("N")[..8], Sdk: "docker"));
        var gitDir = host.Services.GetRequiredService<RepoStorage>().PathOf(repo);
        PushedModes.PushScriptAndLink(gitDir, Path.Combine(host.DataDir, "clone-" + Guid.NewGuid().ToString("N")));
        await repos.SyncHeadAsync(repo);
        return (repo, gitDir);
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));
}
