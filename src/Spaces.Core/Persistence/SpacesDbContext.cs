using Microsoft.EntityFrameworkCore;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;

namespace Spaces.Core.Persistence;

/// <summary>
/// The platform's database. One model; two providers (SQLite by default, PostgreSQL when SPACES_DB is set), each with its own
/// migrations in a subclass (<see cref="SqliteSpacesDbContext"/>, <see cref="PostgresSpacesDbContext"/>).
/// </summary>
public abstract class SpacesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<Repo> Repos => Set<Repo>();

    public DbSet<RepoLike> RepoLikes => Set<RepoLike>();

    public DbSet<SpaceVariable> SpaceVariables => Set<SpaceVariable>();

    public DbSet<SpaceSecret> SpaceSecrets => Set<SpaceSecret>();

    public DbSet<SpaceRuntime> SpaceRuntimes => Set<SpaceRuntime>();

    public DbSet<SpaceStageEvent> SpaceStageEvents => Set<SpaceStageEvent>();

    public DbSet<SpaceBuild> SpaceBuilds => Set<SpaceBuild>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(account =>
        {
            account.HasIndex(a => a.NormalizedName).IsUnique();
            account.Property(a => a.Name).HasMaxLength(64);
            account.Property(a => a.NormalizedName).HasMaxLength(64);
            account.Property(a => a.DisplayName).HasMaxLength(128);
            account.Property(a => a.Email).HasMaxLength(256);
        });

        modelBuilder.Entity<Membership>(membership =>
        {
            membership.HasKey(m => new { m.OrganizationId, m.UserId });
            membership.HasOne(m => m.Organization).WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AccessToken>(token =>
        {
            token.HasIndex(t => t.Hash).IsUnique();
            token.Property(t => t.Name).HasMaxLength(128);
            token.Property(t => t.Prefix).HasMaxLength(16);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Repo>(repo =>
        {
            repo.HasIndex(r => new { r.Type, r.OwnerId, r.NormalizedName }).IsUnique();
            repo.HasIndex(r => r.StorageKey).IsUnique();
            // Listings sort by recency or likes within a type.
            repo.HasIndex(r => new { r.Type, r.LastModified });
            repo.HasIndex(r => new { r.Type, r.Likes });
            // The home page's examples, most liked first: the few pinned Spaces, and the Spaces of one owner (also a profile's listing).
            repo.HasIndex(r => new { r.Type, r.Pinned, r.Likes });
            repo.HasIndex(r => new { r.Type, r.OwnerId, r.Likes });
            repo.Property(r => r.Name).HasMaxLength(96);
            repo.Property(r => r.NormalizedName).HasMaxLength(96);
            repo.Property(r => r.StorageKey).HasMaxLength(64);
            repo.Property(r => r.HeadCommit).HasMaxLength(64);
            repo.Property(r => r.Sdk).HasMaxLength(16);
            repo.Property(r => r.RequestedHardware).HasMaxLength(64);
            repo.Property(r => r.ConfigStage).HasMaxLength(32);
            repo.Property(r => r.Tags).HasMaxLength(2048);
            repo.Property(r => r.SearchText).HasMaxLength(4000);
            repo.Property(r => r.CardHardware).HasMaxLength(64);
            repo.Property(r => r.PipelineTag).HasMaxLength(64);
            repo.HasOne(r => r.Owner).WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Restrict);
            repo.Ignore(r => r.FullName);
        });

        modelBuilder.Entity<RepoLike>(like =>
        {
            like.HasKey(l => new { l.RepoId, l.UserId });
            like.HasOne<Repo>().WithMany().HasForeignKey(l => l.RepoId).OnDelete(DeleteBehavior.Cascade);
            like.HasOne<Account>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SpaceVariable>(variable =>
        {
            variable.HasKey(v => new { v.RepoId, v.Key });
            variable.Property(v => v.Key).HasMaxLength(128);
            variable.HasOne<Repo>().WithMany().HasForeignKey(v => v.RepoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SpaceRuntime>(runtime =>
        {
            runtime.HasKey(r => r.RepoId);
            runtime.HasOne<Repo>().WithOne().HasForeignKey<SpaceRuntime>(r => r.RepoId).OnDelete(DeleteBehavior.Cascade);
            runtime.Property(r => r.Stage).HasConversion<string>().HasMaxLength(32);
            runtime.Property(r => r.DesiredState).HasConversion<string>().HasMaxLength(16);
            runtime.Property(r => r.RunningRevision).HasMaxLength(64);
            runtime.Property(r => r.PendingRevision).HasMaxLength(64);
            runtime.Property(r => r.RunningContainerId).HasMaxLength(80);
            runtime.Property(r => r.Hardware).HasMaxLength(64);
        });

        modelBuilder.Entity<SpaceStageEvent>(stageEvent =>
        {
            stageEvent.HasIndex(e => new { e.RepoId, e.Id });
            stageEvent.HasOne<Repo>().WithMany().HasForeignKey(e => e.RepoId).OnDelete(DeleteBehavior.Cascade);
            stageEvent.Property(e => e.Stage).HasConversion<string>().HasMaxLength(32);
            stageEvent.Property(e => e.Reason).HasMaxLength(512);
            stageEvent.Property(e => e.Revision).HasMaxLength(64);
        });

        modelBuilder.Entity<SpaceBuild>(build =>
        {
            build.HasIndex(b => new { b.RepoId, b.Id });
            build.HasOne<Repo>().WithMany().HasForeignKey(b => b.RepoId).OnDelete(DeleteBehavior.Cascade);
            build.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
            build.Property(b => b.Revision).HasMaxLength(64);
            build.Property(b => b.ImageId).HasMaxLength(80);
        });

        modelBuilder.Entity<SpaceSecret>(secret =>
        {
            secret.HasKey(s => new { s.RepoId, s.Key });
            secret.Property(s => s.Key).HasMaxLength(128);
            secret.HasOne<Repo>().WithMany().HasForeignKey(s => s.RepoId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>The SQLite flavour (its migrations live in Persistence/Migrations/Sqlite).</summary>
public sealed class SqliteSpacesDbContext(DbContextOptions<SqliteSpacesDbContext> options) : SpacesDbContext(options);

/// <summary>The PostgreSQL flavour (its migrations live in Persistence/Migrations/Postgres).</summary>
public sealed class PostgresSpacesDbContext(DbContextOptions<PostgresSpacesDbContext> options) : SpacesDbContext(options);
