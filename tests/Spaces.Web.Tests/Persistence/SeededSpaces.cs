using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Web.Tests.Persistence;

/// <summary>Space rows written straight into the database, for tests that need thousands (no git repository behind them).</summary>
internal static class SeededSpaces
{
    /// <summary>A static Space row of <paramref name="owner"/> with its card columns filled from <paramref name="card"/> (JSON front matter).</summary>
    public static Repo Space(Account owner, string name, DateTime modified, int likes, string card)
    {
        var repo = new Repo
        {
            Type = RepoType.Space,
            OwnerId = owner.Id,
            Name = name,
            NormalizedName = AccountNames.NormalizeRepo(name),
            StorageKey = Guid.NewGuid().ToString("N"),
            Sdk = "static",
            HeadCommit = new string('a', 40),
            Likes = likes,
            CreatedAt = modified,
            LastModified = modified,
        };
        new RepoCard("static", card, null, null).ApplyTo(repo);
        return repo;
    }
}
