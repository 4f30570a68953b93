namespace Spaces.Web.Components.Pages.NewSpace;

/// <summary>The New Space form's fields, as posted (<c>Input.*</c>).</summary>
public sealed class NewSpaceInput
{
    /// <summary>The owner: the user or one of its organizations.</summary>
    public string? Owner { get; set; }

    /// <summary>The repository name.</summary>
    public string? Name { get; set; }

    /// <summary>Display title (optional; the name when blank).</summary>
    public string? Title { get; set; }

    /// <summary>The template id, for <c>Mode = template</c>.</summary>
    public string? Template { get; set; }

    /// <summary>The SDK, for <c>Mode = empty</c>.</summary>
    public string? Sdk { get; set; }

    /// <summary>License identifier (optional).</summary>
    public string? License { get; set; }

    /// <summary>Hardware flavor name.</summary>
    public string? Hardware { get; set; }

    /// <summary><c>public</c> or <c>private</c>.</summary>
    public string? Visibility { get; set; }

    /// <summary>Model ids, separated by commas, spaces or new lines.</summary>
    public string? Models { get; set; }

    /// <summary><c>template</c> (create from the template) or <c>empty</c> (create empty, then upload).</summary>
    public string? Mode { get; set; }
}
