using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Web.Git;

namespace Spaces.Web.Tests.Git;

public sealed class GitHttpTests : IClassFixture<GitServerFactory>, IDisposable
{
    private readonly GitServerFactory _factory;
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"spaces-git-tests-{Guid.NewGuid():N}");

    public GitHttpTests(GitServerFactory factory)
    {
        _factory = factory;
        Directory.CreateDirectory(Path.Combine(_work, "home"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task Clone_of_a_public_space_works_anonymously_and_shows_its_readme()
    {
        var (owner, _) = await UserAsync("alice");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "demo");

        var clone = await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/demo.git"), "checkout");

        Assert.True(clone.ExitCode == 0, clone.Stderr);
        var readme = await File.ReadAllTextAsync(Path.Combine(_work, "checkout", "README.md"));
        Assert.Contains("sdk: static", readme);
        Assert.Equal(repo.HeadCommit, await HeadOfAsync("checkout"));
    }

    [Fact]
    public async Task Clone_without_the_git_suffix_and_with_other_casing_finds_the_same_repository()
    {
        var (owner, _) = await UserAsync("bob");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "Casing-Demo");

        var clone = await GitAsync(null, "clone", Url($"/spaces/{owner.Name.ToUpperInvariant()}/casing-demo"), "checkout");

        Assert.True(clone.ExitCode == 0, clone.Stderr);
        Assert.Equal(repo.HeadCommit, await HeadOfAsync("checkout"));
    }

    [Fact]
    public async Task Push_with_a_write_token_moves_main_and_publishes_a_committed_change()
    {
        var (owner, token) = await UserAsync("carol");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "pushed");
        var url = Url($"/spaces/{owner.Name}/pushed.git", "git", token);
        Assert.Equal(0, (await GitAsync(null, "clone", url, "checkout")).ExitCode);
        var commit = await CommitFileAsync("checkout", "app.txt", "hello from git\n");

        using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = _factory.Services.GetRequiredService<RepoEvents>();
        var committed = FirstAsync(events.WatchAsync(watch.Token), c => c.RepoId == repo.Id && c.Kind == RepoChangeKind.Committed);
        var push = await GitAsync("checkout", "push", "origin", "main");

        Assert.True(push.ExitCode == 0, push.Stderr);
        var change = await committed;
        Assert.Equal(commit, change.Commit);
        Assert.Equal(RepoType.Space, change.Type);
        Assert.Equal(commit, (await FindAsync(RepoType.Space, owner.Name, "pushed"))!.HeadCommit);
        using var client = _factory.CreateClient();
        using var info = JsonDocument.Parse(await client.GetStringAsync($"/api/spaces/{owner.Name}/pushed"));
        Assert.Equal(commit, info.RootElement.GetProperty("sha").GetString());
    }

    [Fact]
    public async Task Push_through_an_authorization_header_to_a_model_at_the_model_path_works()
    {
        var (owner, token) = await UserAsync("dave");
        await CreateRepoAsync(owner, RepoType.Model, "weights");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + token));
        string[] header = ["-c", $"http.extraHeader=Authorization: Basic {basic}"];
        Assert.Equal(0, (await GitAsync(null, [.. header, "clone", Url($"/{owner.Name}/weights"), "checkout"])).ExitCode);
        var commit = await CommitFileAsync("checkout", "config.json", "{}\n");

        var push = await GitAsync("checkout", [.. header, "push", "origin", "main"]);

        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Equal(commit, (await FindAsync(RepoType.Model, owner.Name, "weights"))!.HeadCommit);
    }

    [Fact]
    public async Task Push_of_a_pack_larger_than_kestrels_default_body_limit_streams_through()
    {
        var (owner, token) = await UserAsync("pete");
        await CreateRepoAsync(owner, RepoType.Model, "big");
        Assert.Equal(0, (await GitAsync(null, "clone", Url($"/{owner.Name}/big.git", "x", token), "checkout")).ExitCode);
        // 40 MB of incompressible data: over Kestrel's 30 MB default, sent chunked (no Content-Length) by git.
        var data = new byte[40 * 1024 * 1024];
        Random.Shared.NextBytes(data);
        await File.WriteAllBytesAsync(Path.Combine(_work, "checkout", "weights.bin"), data);
        Assert.Equal(0, (await GitAsync("checkout", "add", "weights.bin")).ExitCode);
        Assert.Equal(0, (await GitAsync("checkout", "commit", "--quiet", "-m", "Add weights")).ExitCode);
        var commit = await HeadOfAsync("checkout");

        var push = await GitAsync("checkout", "push", "origin", "main");

        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Equal(commit, (await FindAsync(RepoType.Model, owner.Name, "big"))!.HeadCommit);
        Assert.Equal(0, (await GitAsync(null, "clone", "--quiet", Url($"/{owner.Name}/big"), "again")).ExitCode);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_work, "again", "weights.bin")));
    }

    [Fact]
    public async Task Push_to_another_branch_is_stored_but_leaves_main_alone()
    {
        var (owner, token) = await UserAsync("erin");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "branches");
        Assert.Equal(0, (await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/branches.git", "x", token), "checkout")).ExitCode);
        var commit = await CommitFileAsync("checkout", "wip.txt", "not yet\n");

        var push = await GitAsync("checkout", "push", "origin", "HEAD:refs/heads/feature");

        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Equal(repo.HeadCommit, (await FindAsync(RepoType.Space, owner.Name, "branches"))!.HeadCommit);
        var remote = await GitAsync(null, "ls-remote", Url($"/spaces/{owner.Name}/branches.git"), "refs/heads/feature");
        Assert.StartsWith(commit, remote.Stdout);
    }

    [Fact]
    public async Task Push_with_a_read_token_is_refused_with_a_message_git_shows()
    {
        var (owner, _) = await UserAsync("frank");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "readonly");
        var readToken = await TokenAsync(owner, TokenRole.Read);
        Assert.Equal(0, (await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/readonly.git", "x", readToken), "checkout")).ExitCode);
        await CommitFileAsync("checkout", "app.txt", "denied\n");

        var push = await GitAsync("checkout", "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("remote: This access token can only read", push.Stderr);
        Assert.Contains("403", push.Stderr);
        Assert.Equal(repo.HeadCommit, (await FindAsync(RepoType.Space, owner.Name, "readonly"))!.HeadCommit);
        Assert.Equal(repo.HeadCommit, await BareHeadAsync(repo));
    }

    [Fact]
    public async Task Push_with_the_write_token_of_someone_else_is_refused()
    {
        var (owner, _) = await UserAsync("grace");
        var (_, strangerToken) = await UserAsync("mallory");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "guarded");
        Assert.Equal(0, (await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/guarded.git", "x", strangerToken), "checkout")).ExitCode);
        await CommitFileAsync("checkout", "app.txt", "defaced\n");

        var push = await GitAsync("checkout", "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains($"remote: You cannot write to {owner.Name}/guarded", push.Stderr);
        Assert.Equal(repo.HeadCommit, await BareHeadAsync(repo));
    }

    [Fact]
    public async Task Anonymous_push_is_challenged_and_changes_nothing()
    {
        var (owner, _) = await UserAsync("heidi");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "open");
        Assert.Equal(0, (await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/open.git"), "checkout")).ExitCode);
        await CommitFileAsync("checkout", "app.txt", "anonymous\n");

        var push = await GitAsync("checkout", "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        // The 401 challenge makes git ask for credentials, which it may not do here.
        Assert.Contains("could not read Username", push.Stderr);
        Assert.Equal(repo.HeadCommit, await BareHeadAsync(repo));
        using var client = _factory.CreateClient();
        using var refs = await client.GetAsync($"/spaces/{owner.Name}/open.git/info/refs?service=git-receive-pack");
        Assert.Equal(HttpStatusCode.Unauthorized, refs.StatusCode);
        Assert.Equal("Basic", refs.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Private_clone_without_credentials_is_challenged_with_basic()
    {
        var (owner, _) = await UserAsync("ivan");
        await CreateRepoAsync(owner, RepoType.Space, "secret", isPrivate: true);

        var clone = await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/secret.git"), "checkout");

        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("could not read Username", clone.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_work, "checkout")));
        using var client = _factory.CreateClient();
        using var refs = await client.GetAsync($"/spaces/{owner.Name}/secret.git/info/refs?service=git-upload-pack");
        using var missing = await client.GetAsync($"/spaces/{owner.Name}/no-such-space.git/info/refs?service=git-upload-pack");
        Assert.Equal(HttpStatusCode.Unauthorized, refs.StatusCode);
        Assert.Equal("Basic", refs.Headers.WwwAuthenticate.Single().Scheme);
        // A missing repository answers exactly like a private one: its existence is not revealed.
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(await refs.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Private_clone_with_another_users_token_is_not_found()
    {
        var (owner, _) = await UserAsync("judy");
        var (_, strangerToken) = await UserAsync("oscar");
        await CreateRepoAsync(owner, RepoType.Space, "hidden", isPrivate: true);

        var clone = await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/hidden.git", "x", strangerToken), "checkout");

        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("not found", clone.Stderr);
        Assert.DoesNotContain("could not read Username", clone.Stderr);
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/spaces/{owner.Name}/hidden.git/info/refs?service=git-upload-pack");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + strangerToken)));
        using var refs = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, refs.StatusCode);
    }

    [Fact]
    public async Task Private_clone_with_the_owners_token_works()
    {
        var (owner, _) = await UserAsync("kate");
        var readToken = await TokenAsync(owner, TokenRole.Read);
        var repo = await CreateRepoAsync(owner, RepoType.Space, "mine", isPrivate: true);

        var clone = await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/mine.git", owner.Name, readToken), "checkout");

        Assert.True(clone.ExitCode == 0, clone.Stderr);
        Assert.Equal(repo.HeadCommit, await HeadOfAsync("checkout"));
        Assert.True(File.Exists(Path.Combine(_work, "checkout", "README.md")));
    }

    [Fact]
    public async Task A_wrong_token_is_answered_401_and_git_reports_failed_authentication()
    {
        var (owner, _) = await UserAsync("liam");
        await CreateRepoAsync(owner, RepoType.Space, "locked", isPrivate: true);
        await CreateRepoAsync(owner, RepoType.Space, "public");

        var clone = await GitAsync(null, "clone", Url($"/spaces/{owner.Name}/locked.git", "x", "hf_not-a-real-token"), "checkout");

        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("remote: Invalid or revoked access token", clone.Stderr);
        Assert.Contains("Authentication failed", clone.Stderr);
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/spaces/{owner.Name}/public.git/info/refs?service=git-upload-pack");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:hf_wrong")));
        using var refs = await client.SendAsync(request);
        // Even a public repository refuses a bad credential rather than silently treating the caller as anonymous.
        Assert.Equal(HttpStatusCode.Unauthorized, refs.StatusCode);
        Assert.Equal("Basic", refs.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Dumb_http_is_not_offered()
    {
        var (owner, _) = await UserAsync("mia");
        await CreateRepoAsync(owner, RepoType.Space, "smart");
        using var client = _factory.CreateClient();

        using var refs = await client.GetAsync($"/spaces/{owner.Name}/smart.git/info/refs");
        using var head = await client.GetAsync($"/spaces/{owner.Name}/smart.git/HEAD");

        Assert.Equal(HttpStatusCode.Forbidden, refs.StatusCode);
        Assert.Contains("smart HTTP", await refs.Content.ReadAsStringAsync());
        Assert.DoesNotContain("refs/heads/main", await head.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fetch_with_a_gzipped_negotiation_gets_new_commits()
    {
        var (owner, token) = await UserAsync("nina");
        var repo = await CreateRepoAsync(owner, RepoType.Space, "gzip");
        var url = Url($"/spaces/{owner.Name}/gzip.git", "x", token);
        Assert.Equal(0, (await GitAsync(null, "clone", url, "pusher")).ExitCode);
        Assert.Equal(0, (await GitAsync(null, "clone", url, "fetcher")).ExitCode);
        var pushed = await CommitFileAsync("pusher", "new.txt", "new\n");
        Assert.Equal(0, (await GitAsync("pusher", "push", "origin", "main")).ExitCode);
        // Enough local commits the server lacks that a round of "have" lines passes git's 1 KiB gzip threshold; dated after the
        // common commit so negotiation reaches it last.
        var start = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        for (var i = 0; i < 60; i++)
        {
            var date = new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = $"@{start + i * 60} +0000" };
            Assert.Equal(0, (await GitAsync("fetcher", date, "commit", "--allow-empty", "--quiet", "-m", $"local {i}")).ExitCode);
        }

        var fetch = await GitAsync("fetcher", new Dictionary<string, string> { ["GIT_TRACE_CURL"] = "1", ["GIT_TRACE_CURL_NO_DATA"] = "1" },
            "fetch", "origin");

        Assert.True(fetch.ExitCode == 0, fetch.Stderr);
        Assert.Contains("Content-Encoding: gzip", fetch.Stderr);
        Assert.Equal(pushed, (await GitAsync("fetcher", "rev-parse", "origin/main")).Stdout.Trim());
        Assert.NotEqual(repo.HeadCommit, pushed);
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_request_has_its_backend_process_killed()
    {
        var (owner, _) = await UserAsync("otto");
        await CreateRepoAsync(owner, RepoType.Space, "aborted");
        using var client = new HttpClient { BaseAddress = _factory.Address };
        using var abort = new CancellationTokenSource();
        var body = new StalledContent();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/spaces/{owner.Name}/aborted.git/git-upload-pack") { Content = body };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-upload-pack-request");

        var send = client.SendAsync(request, abort.Token);
        var backend = await WaitForAsync(() => BackendProcesses().FirstOrDefault(), TimeSpan.FromSeconds(20));
        Assert.True(backend != 0, "git http-backend never started");
        abort.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);

        var gone = await WaitForAsync(() => IsRunning(backend) ? 0 : 1, TimeSpan.FromSeconds(20));
        Assert.True(gone == 1, $"git http-backend (pid {backend}) still runs after the client went away");
    }

    [Theory]
    [InlineData("Status: 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nno", 403, "no")]
    [InlineData("Content-Type: application/x-git-upload-pack-advertisement\n\n0000", 200, "0000")]
    public void Cgi_headers_give_the_status_the_fields_and_where_the_body_starts(string output, int status, string body)
    {
        var bytes = Encoding.ASCII.GetBytes(output);

        var headers = CgiHeaders.TryParse(bytes);

        Assert.NotNull(headers);
        Assert.Equal(status, headers.Status);
        Assert.Equal("Content-Type", Assert.Single(headers.Fields).Name);
        Assert.Equal(body, Encoding.ASCII.GetString(bytes[headers.Length..]));
        Assert.Null(CgiHeaders.TryParse(bytes.AsSpan(0, output.IndexOf('\n', StringComparison.Ordinal) + 1)));
    }

    private string Url(string path, string? user = null, string? password = null)
    {
        var builder = new UriBuilder(new Uri(_factory.Address, path));
        if (user is not null)
        {
            builder.UserName = user;
            builder.Password = password;
        }

        return builder.Uri.ToString();
    }

    private async Task<(Account User, string Token)> UserAsync(string prefix) =>
        await _factory.CreateUserAsync($"{prefix}{Guid.NewGuid():N}"[..16]);

    private async Task<string> TokenAsync(Account user, TokenRole role)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(user, "git-tests", role)).Secret;
    }

    private async Task<Repo> CreateRepoAsync(Account owner, RepoType type, string name, bool isPrivate = false)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        return await repos.CreateAsync(Actor.Session(owner),
            new CreateRepoRequest(type, owner.Name, name, isPrivate, Sdk: type == RepoType.Space ? "static" : null));
    }

    private async Task<Repo?> FindAsync(RepoType type, string owner, string name)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(type, owner, name);
    }

    // main of the bare repository on the server, read with git itself.
    private async Task<string> BareHeadAsync(Repo repo)
    {
        var path = _factory.Services.GetRequiredService<RepoStorage>().PathOf(repo);
        return (await GitAsync(null, "--git-dir", path, "rev-parse", "refs/heads/main")).Stdout.Trim();
    }

    private async Task<string> HeadOfAsync(string checkout) => (await GitAsync(checkout, "rev-parse", "HEAD")).Stdout.Trim();

    private async Task<string> CommitFileAsync(string checkout, string file, string content)
    {
        await File.WriteAllTextAsync(Path.Combine(_work, checkout, file), content);
        Assert.Equal(0, (await GitAsync(checkout, "add", file)).ExitCode);
        var commit = await GitAsync(checkout, "commit", "--quiet", "-m", $"Add {file}");
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        return await HeadOfAsync(checkout);
    }

    private Task<GitRun> GitAsync(string? directory, params string[] args) => GitAsync(directory, environment: null, args);

    // The real git CLI: no prompts, no credential helper, no user or system config.
    private async Task<GitRun> GitAsync(string? directory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory is null ? _work : Path.Combine(_work, directory),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-c", "credential.helper=", "-c", "user.name=Git Tests", "-c", "user.email=git-tests@example.test",
            "-c", "init.defaultBranch=main", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ASKPASS"] = "";
        start.Environment["SSH_ASKPASS"] = "";
        start.Environment["HOME"] = Path.Combine(_work, "home");
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new GitRun(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<RepoChange> FirstAsync(IAsyncEnumerable<RepoChange> changes, Func<RepoChange, bool> match)
    {
        await foreach (var change in changes)
        {
            if (match(change))
            {
                return change;
            }
        }

        throw new InvalidOperationException("The watch ended without the expected change.");
    }

    private static async Task<int> WaitForAsync(Func<int> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is var found and not 0)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return 0;
    }

    // `git http-backend` processes started by this (test host) process.
    private static IEnumerable<int> BackendProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string cmdline;
            string stat;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (cmdline.Contains("http-backend", StringComparison.Ordinal) && fields[1] == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return pid;
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed record GitRun(int ExitCode, string Stdout, string Stderr);

    // A request body that sends one pkt-line and then never ends, like a client stuck mid-upload.
    private sealed class StalledContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync("0014command=ls-refs\n"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
