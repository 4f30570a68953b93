using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Core.Templates;

namespace Spaces.Web.Seeding;

/// <summary>
/// Seeds the example organization, its model repositories (model cards with the model files) and its example Spaces from folders
/// shipped with the app. Idempotent: a repository that matches its folder gets no commit; one the seeder created and nobody else
/// changed since is brought up to date with its folder; one someone else committed to (or created) is left alone.
/// </summary>
internal sealed partial class ExampleSeeder(
    AccountService accounts,
    RepoService repos,
    RepoStorage storage,
    IOptions<SeedingOptions> options,
    ILogger<ExampleSeeder> logger)
{
    /// <summary>Runs one pass: models first (the Spaces name them), then the Spaces.</summary>
    public async Task<SeedReport> SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var report = new SeedReport();
        var actor = await ActorAsync(settings, cancellationToken);
        if (actor is null)
        {
            return report;
        }

        await SeedFolderAsync(actor, RepoType.Model, SeedingOptions.FullPath(settings.ModelsDirectory), settings, report, cancellationToken);
        await SeedFolderAsync(actor, RepoType.Space, SeedingOptions.FullPath(settings.SpacesDirectory), settings, report, cancellationToken);
        Log.Seeded(logger, report.Created.Count, report.Updated.Count, report.Unchanged.Count, report.LeftAlone.Count);
        return report;
    }

    // The seeding account and its organization, created when missing; null when the organization's name belongs to a user.
    private async Task<Actor?> ActorAsync(SeedingOptions settings, CancellationToken cancellationToken)
    {
        var user = await accounts.GetOrCreateUserAsync(settings.User, cancellationToken);
        var organization = await accounts.FindAsync(settings.Organization, cancellationToken);
        if (organization is null)
        {
            await accounts.CreateOrganizationAsync(user, settings.Organization, "Examples", cancellationToken);
        }
        else if (organization.Kind != AccountKind.Organization || await accounts.RoleInAsync(organization.Id, user.Id, cancellationToken) is null)
        {
            Log.OrganizationTaken(logger, settings.Organization, settings.User);
            return null;
        }

        return Actor.Session(user);
    }

    private async Task SeedFolderAsync(
        Actor actor, RepoType type, string root, SeedingOptions settings, SeedReport report, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            Log.FolderMissing(logger, root);
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            var fullName = $"{settings.Organization}/{name}";
            var folder = await RepoFolder.ReadAsync(directory, cancellationToken);
            if (!folder.Files.ContainsKey("README.md"))
            {
                Log.FolderMissing(logger, Path.Combine(directory, "README.md"));
                continue;
            }

            var existing = await repos.FindAsync(type, settings.Organization, name, cancellationToken);
            if (existing is null)
            {
                await repos.CreateAsync(actor, new CreateRepoRequest(
                    type, settings.Organization, name, IsPrivate: false, Sdk: type == RepoType.Space ? SdkOf(folder) : null,
                    InitialFiles: folder.ToOperations()), cancellationToken);
                report.Created.Add(fullName);
                continue;
            }

            var git = storage.Open(existing);
            var head = existing.HeadCommit is null ? null : (await git.LogAsync(existing.HeadCommit, limit: 1, cancellationToken: cancellationToken)).FirstOrDefault();
            if (head is null || !string.Equals(head.AuthorEmail, RepoService.AuthorOf(actor.User).Email, StringComparison.OrdinalIgnoreCase))
            {
                report.LeftAlone.Add(fullName);
                continue;
            }

            var operations = await folder.ToSyncOperationsAsync(git, existing.HeadCommit!, cancellationToken);
            var result = await repos.CommitAsync(
                actor, existing, new CommitRequest("Update the example from the platform", RepoService.AuthorOf(actor.User), operations), cancellationToken);
            (result.Changed ? report.Updated : report.Unchanged).Add(fullName);
        }
    }

    // The sdk named in the front matter (the repository row needs it at creation; the config reader checks the rest).
    private static string? SdkOf(RepoFolder folder)
    {
        var readme = System.Text.Encoding.UTF8.GetString(folder.Files["README.md"]);
        var config = Core.Config.SpaceConfig.Parse(readme, "example");
        return config.Config?.Sdk.ToString().ToLowerInvariant();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Examples seeded: {Created} created, {Updated} updated, {Unchanged} unchanged, {LeftAlone} changed by people and left alone")]
        public static partial void Seeded(ILogger logger, int created, int updated, int unchanged, int leftAlone);

        [LoggerMessage(2, LogLevel.Warning, "Examples not seeded: '{Organization}' exists and '{User}' is not one of its members")]
        public static partial void OrganizationTaken(ILogger logger, string organization, string user);

        [LoggerMessage(3, LogLevel.Warning, "Examples: {Path} is missing; nothing seeded from it")]
        public static partial void FolderMissing(ILogger logger, string path);
    }
}
