using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Spaces.Core.Accounts;
using Spaces.Core.Problems;
using Spaces.Core.Repositories.Git;

namespace Spaces.Core.Repositories;

// Creating repositories: names claimed, the first commit (default README or given files, or a duplicated snapshot), one transaction.
public sealed partial class RepoService
{
    /// <summary>Creates a repository with a first commit (a README.md with front matter, or the given files).</summary>
    public async Task<Repo> CreateAsync(Actor actor, CreateRepoRequest request, CancellationToken cancellationToken = default)
    {
        var sdk = ValidateSpaceSettings(request.Type, request.Sdk, request.Hardware, request.SleepTimeSeconds);
        var (owner, normalized) = await ClaimNameAsync(actor, request.Type, request.Owner, request.Name, "name", cancellationToken);

        var repo = NewRepo(request.Type, owner, request.Name, normalized, request.IsPrivate, sdk, request.Hardware, request.SleepTimeSeconds);
        var files = request.InitialFiles is { Count: > 0 } given ? given : DefaultFiles(repo, request.License);
        return await AddWithFirstCommitAsync(
            repo,
            git => git.CommitAsync(new CommitRequest("Initial commit", AuthorOf(actor.User), files), cancellationToken),
            addRelated: null,
            cancellationToken);
    }

    /// <summary>
    /// Duplicates a repository the actor can read into <paramref name="toOwner"/>/<paramref name="toName"/>: the files at the
    /// current head as one commit, and for a Space its variables and settings — never its secrets.
    /// </summary>
    public async Task<Repo> DuplicateAsync(
        Actor actor, Repo source, string toOwner, string toName, bool? isPrivate, CancellationToken cancellationToken = default)
    {
        if (source.HeadCommit is null)
        {
            throw ProblemException.Conflict($"{source.FullName} has no commit to duplicate.");
        }

        var (owner, normalized) = await ClaimNameAsync(actor, source.Type, toOwner, toName, "repository", cancellationToken);

        var copy = NewRepo(source.Type, owner, toName, normalized, isPrivate ?? source.IsPrivate, source.Sdk, source.RequestedHardware, source.SleepTimeSeconds);
        var variables = await db.SpaceVariables.AsNoTracking().Where(v => v.RepoId == source.Id).ToListAsync(cancellationToken);
        return await AddWithFirstCommitAsync(
            copy,
            git => git.ImportSnapshotAsync(storage.Open(source), source.HeadCommit, AuthorOf(actor.User), $"Duplicated from {source.FullName}", cancellationToken),
            added => db.SpaceVariables.AddRange(variables.Select(variable => new SpaceVariable
            {
                RepoId = added.Id,
                Key = variable.Key,
                Value = variable.Value,
                Description = variable.Description,
                UpdatedAt = added.CreatedAt,
            })),
            cancellationToken);
    }

    private Repo NewRepo(
        RepoType type, Account owner, string name, string normalizedName, bool isPrivate, string? sdk, string? hardware, int? sleepTimeSeconds)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new Repo
        {
            Type = type,
            OwnerId = owner.Id,
            Owner = owner,
            Name = name,
            NormalizedName = normalizedName,
            IsPrivate = isPrivate,
            StorageKey = Guid.NewGuid().ToString("N"),
            Sdk = sdk,
            RequestedHardware = hardware,
            SleepTimeSeconds = sleepTimeSeconds,
            CreatedAt = now,
            LastModified = now,
        };
    }

    // Creates the git repository, makes its first commit, and stores the row (plus related rows) in one transaction:
    // on any failure the git directory is removed and nothing is stored.
    private async Task<Repo> AddWithFirstCommitAsync(
        Repo repo, Func<GitRepository, Task<CommitResult>> firstCommit, Action<Repo>? addRelated, CancellationToken cancellationToken)
    {
        var git = await storage.InitAsync(repo, cancellationToken);
        try
        {
            var commit = await firstCommit(git);
            repo.HeadCommit = commit.CommitId;
            (await RepoCard.ReadAsync(repo, git, commit.CommitId, cancellationToken)).ApplyTo(repo);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Repos.Add(repo);
            await db.SaveChangesAsync(cancellationToken);
            if (addRelated is not null)
            {
                addRelated(repo);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            db.ChangeTracker.Clear();
            storage.Delete(repo);
            throw;
        }

        Publish(repo, RepoChangeKind.Created);
        return repo;
    }

    // Checks the name, the owner and the actor's right to create under it, and that the name is free; nothing is written.
    private async Task<(Account Owner, string NormalizedName)> ClaimNameAsync(
        Actor actor, RepoType type, string ownerName, string name, string field, CancellationToken cancellationToken)
    {
        AccountNames.ValidateRepo(name, field);
        var normalizedOwner = AccountNames.NormalizeAccount(ownerName ?? "");
        var owner = await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedName == normalizedOwner, cancellationToken)
            ?? throw ProblemException.Invalid(field, $"There is no user or organization named '{ownerName}'.");
        if (!await access.CanCreateUnderAsync(actor, owner.Id, cancellationToken))
        {
            throw ProblemException.Forbidden($"You cannot create repositories under '{owner.Name}'.");
        }

        var normalized = AccountNames.NormalizeRepo(name);
        if (await db.Repos.AnyAsync(r => r.Type == type && r.OwnerId == owner.Id && r.NormalizedName == normalized, cancellationToken))
        {
            throw ProblemException.Conflict($"{owner.Name}/{name} already exists as a {TypeName(type)}.", field);
        }

        return (owner, normalized);
    }

    private static string? ValidateSpaceSettings(RepoType type, string? sdk, string? hardware, int? sleepTimeSeconds)
    {
        if (type != RepoType.Space)
        {
            return null;
        }

        if (string.IsNullOrEmpty(sdk) || !Sdks.Contains(sdk))
        {
            throw ProblemException.Invalid("sdk", $"A Space needs an SDK: one of {string.Join(", ", Sdks)} (got '{sdk}').");
        }

        if (hardware is not null && (hardware.Length is 0 or > 64 || !hardware.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw ProblemException.Invalid("hardware", $"'{hardware}' is not a hardware flavor name (e.g. cpu-basic).");
        }

        if (sleepTimeSeconds is { } sleep && sleep != -1 && sleep < 60)
        {
            throw ProblemException.Invalid("sleepTimeSeconds", $"sleepTimeSeconds must be -1 (never) or at least 60, got {sleep}.");
        }

        return sdk;
    }

    private static IReadOnlyList<CommitOperation> DefaultFiles(Repo repo, string? license)
    {
        var readme = repo.Type == RepoType.Space ? SpaceReadme(repo, license) : ModelReadme(repo, license);
        return
        [
            new PutFile(".gitattributes", new MemoryStream("*.onnx filter=lfs diff=lfs merge=lfs -text\n"u8.ToArray())),
            new PutFile("README.md", new MemoryStream(Encoding.UTF8.GetBytes(readme))),
        ];
    }

    private static readonly string[] Emojis = ["🚀", "🔥", "🧠", "🎨", "🦀", "🐳", "🌈", "⚡", "🧪", "🛰️", "🎯", "🦉"];
    private static readonly string[] Colors = ["red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"];

    private static string SpaceReadme(Repo repo, string? license)
    {
        // Stable per name, so a re-created Space keeps its look.
        var seed = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(repo.NormalizedName))) & 0x7fffffff);
        var builder = new StringBuilder()
            .Append("---\n")
            .Append("title: ").Append(repo.Name).Append('\n')
            .Append("emoji: ").Append(Emojis[seed % Emojis.Length]).Append('\n')
            .Append("colorFrom: ").Append(Colors[seed % Colors.Length]).Append('\n')
            .Append("colorTo: ").Append(Colors[(seed / 7 + 3) % Colors.Length]).Append('\n')
            .Append("sdk: ").Append(repo.Sdk).Append('\n')
            .Append("pinned: false\n");
        if (!string.IsNullOrWhiteSpace(license))
        {
            builder.Append("license: ").Append(license.Trim()).Append('\n');
        }

        return builder.Append("---\n\n").Append("# ").Append(repo.Name).Append("\n\nA new Space. Push your app to get it built and running.\n").ToString();
    }

    private static string ModelReadme(Repo repo, string? license)
    {
        var builder = new StringBuilder().Append("---\n");
        if (!string.IsNullOrWhiteSpace(license))
        {
            builder.Append("license: ").Append(license.Trim()).Append('\n');
        }

        return builder.Append("---\n\n# ").Append(repo.Name).Append("\n\nA new model repository.\n").ToString();
    }
}
