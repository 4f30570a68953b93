using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Config;
using Spaces.Core.Repositories;
using Spaces.Web.Seeding;

namespace Spaces.Web.Tests.Seeding;

/// <summary>Seeding through the real platform (SQLite, git): what the first start creates, and that later passes change nothing.</summary>
public sealed class SeedingTests : IAsyncLifetime
{
    // Seeding needs no engine: the builds the seeded Spaces trigger fail at once here instead of running containers (ExamplesFixture
    // builds and runs them for real).
    private const string NoEngine = "unix:///nonexistent/docker.sock";

    private readonly SpacesWebFactory _factory = new SpacesWebFactory().With("Spaces:Seeding:Enabled", "true").With("Spaces:Docker:Host", NoEngine);

    private static readonly string[] Models = ["paddleocr-cls", "paddleocr-rec", "silero-vad"];

    public async Task InitializeAsync() =>
        Assert.NotNull(await _factory.Services.GetRequiredService<ExampleSeedingService>().Completed.WaitAsync(TimeSpan.FromMinutes(2)));

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task First_start_creates_the_organization_the_models_with_their_files_and_the_example_spaces()
    {
        var report = (await _factory.Services.GetRequiredService<ExampleSeedingService>().Completed)!;

        Assert.Equal([.. Models.Select(m => "examples/" + m), .. ExamplesFixture.ExampleSpaces.Select(s => "examples/" + s)], report.Created);
        await using var scope = _factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var storage = scope.ServiceProvider.GetRequiredService<RepoStorage>();
        var vad = (await repos.FindAsync(RepoType.Model, "examples", "silero-vad"))!;
        var card = ModelCard.Parse(Encoding.UTF8.GetString((await storage.Open(vad).ReadFileAsync("main", "README.md"))!));
        Assert.True(card.IsSuccess, card.ErrorMessage);
        Assert.Equal("voice-activity-detection", card.Card.PipelineTag);
        Assert.Equal(["input", "state", "sr"], card.Card.Inference!.Inputs.Select(i => i.Name));
        var onnx = await storage.Open(vad).GetFileAsync("main", "silero_vad_v5.onnx");
        Assert.Equal(new FileInfo(Path.Combine(Environment.GetEnvironmentVariable("SPACES_ASSETS_DIR") ?? RepoAssets(), "vad-web/dist/silero_vad_v5.onnx")).Length, onnx!.Size);
        foreach (var model in Models)
        {
            var repo = (await repos.FindAsync(RepoType.Model, "examples", model))!;
            var parsed = ModelCard.Parse(Encoding.UTF8.GetString((await storage.Open(repo).ReadFileAsync("main", "README.md"))!));
            Assert.True(parsed.IsSuccess, $"{model}: {parsed.ErrorMessage}");
            Assert.NotNull(parsed.Card.License);
            Assert.Contains((await storage.Open(repo).ListTreeAsync("main")), e => e.Path.EndsWith(".onnx", StringComparison.Ordinal));
        }

        foreach (var name in ExamplesFixture.ExampleSpaces)
        {
            var space = (await repos.FindAsync(RepoType.Space, "examples", name))!;
            Assert.False(space.IsPrivate);
            Assert.Null(space.ConfigMessage);
        }
    }

    [Fact]
    public async Task The_seeding_bot_is_not_the_administrator_the_first_person_to_register_is()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountService>();

        var bot = (await accounts.FindAsync("examples-bot"))!;
        var first = await accounts.RegisterAsync("first-person", null, "correct horse battery");
        var second = await accounts.RegisterAsync("second-person", null, "correct horse battery");

        Assert.False(bot.IsAdmin);
        Assert.Null(bot.PasswordHash);
        Assert.True(first.IsAdmin);
        Assert.False(second.IsAdmin);
    }

    [Fact]
    public async Task A_second_pass_changes_nothing_and_makes_no_commit()
    {
        var before = await HeadsAsync();

        await using var scope = _factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ExampleSeeder>().SeedAsync(CancellationToken.None);

        Assert.True(report.ChangedNothing, string.Join(", ", report.Created.Concat(report.Updated)));
        Assert.Equal(Models.Length + ExamplesFixture.ExampleSpaces.Count, report.Unchanged.Count);
        Assert.Equal(before, await HeadsAsync());
    }

    [Fact]
    public async Task A_second_start_on_the_same_data_changes_nothing()
    {
        var before = await HeadsAsync();
        var database = _factory.DataDir;
        await using var second = new SpacesWebFactory().With("Spaces:Seeding:Enabled", "true").With("Spaces:Docker:Host", NoEngine)
            .With("Spaces:DataDir", database);

        var report = await second.Services.GetRequiredService<ExampleSeedingService>().Completed.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotNull(report);
        Assert.True(report.ChangedNothing);
        Assert.Equal(before, await HeadsAsync());
    }

    [Fact]
    public async Task An_example_someone_changed_is_left_alone()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var accounts = scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountService>();
        var admin = await accounts.GetOrCreateUserAsync("operator");
        await accounts.MakeAdminAsync(admin);
        var gallery = (await repos.FindAsync(RepoType.Space, "examples", "static-gallery"))!;
        var edited = await repos.CommitAsync(Actor.Session(admin), gallery, new CommitRequest(
            "My own gallery", RepoService.AuthorOf(admin), [new PutFile("index.html", new MemoryStream("<p>mine</p>"u8.ToArray()))]));

        var report = await scope.ServiceProvider.GetRequiredService<ExampleSeeder>().SeedAsync(CancellationToken.None);

        Assert.Contains("examples/static-gallery", report.LeftAlone);
        Assert.Equal(edited.CommitId, (await repos.FindAsync(RepoType.Space, "examples", "static-gallery"))!.HeadCommit);
    }

    [Fact]
    public async Task Seeding_is_off_when_configured_so()
    {
        await using var off = new SpacesWebFactory().With("Spaces:Seeding:Enabled", "false").With("Spaces:Docker:Host", NoEngine);

        Assert.Null(await off.Services.GetRequiredService<ExampleSeedingService>().Completed.WaitAsync(TimeSpan.FromMinutes(1)));
        await using var scope = off.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountService>().FindAsync("examples"));
    }

    private async Task<Dictionary<string, string?>> HeadsAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var heads = new Dictionary<string, string?>();
        foreach (var model in Models)
        {
            heads["m:" + model] = (await repos.FindAsync(RepoType.Model, "examples", model))?.HeadCommit;
        }

        foreach (var space in ExamplesFixture.ExampleSpaces)
        {
            heads["s:" + space] = (await repos.FindAsync(RepoType.Space, "examples", space))?.HeadCommit;
        }

        return heads;
    }

    private static string RepoAssets()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Spaces.sln")))
            {
                return Path.Combine(directory.FullName, ".cache", "assets");
            }
        }

        throw new InvalidOperationException("Set SPACES_ASSETS_DIR.");
    }
}
