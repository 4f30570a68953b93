namespace Spaces.Web.Seeding;

/// <summary>What one seeding pass did, repository by repository (<c>owner/name</c>).</summary>
public sealed class SeedReport
{
    /// <summary>Repositories created with their folder's files.</summary>
    public List<string> Created { get; } = [];

    /// <summary>Seeded repositories whose folder changed since: one commit each.</summary>
    public List<string> Updated { get; } = [];

    /// <summary>Seeded repositories that already match their folder: no commit.</summary>
    public List<string> Unchanged { get; } = [];

    /// <summary>Repositories someone else created or committed to: left as they are.</summary>
    public List<string> LeftAlone { get; } = [];

    /// <summary>True when the pass wrote nothing.</summary>
    public bool ChangedNothing => Created.Count == 0 && Updated.Count == 0;
}
