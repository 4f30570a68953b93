namespace Spaces.Core.Templates;

/// <summary>A new Space started from a template.</summary>
/// <param name="Owner">The user or organization that will own it.</param>
/// <param name="Name">The repository name.</param>
/// <param name="TemplateId">The template's id (see <see cref="SpaceTemplateCatalog.List"/>).</param>
/// <param name="Private">Whether the Space is private.</param>
/// <param name="Hardware">The hardware flavor to request (front matter <c>hardware</c>); null keeps the template's.</param>
/// <param name="License">The license (front matter <c>license</c>); null keeps the template's.</param>
/// <param name="Models">Model repository ids (front matter <c>models</c>); empty keeps the template's.</param>
/// <param name="Title">The title (front matter <c>title</c>); null or blank uses <paramref name="Name"/>.</param>
public sealed record NewSpaceFromTemplate(
    string Owner,
    string Name,
    string TemplateId,
    bool Private,
    string? Hardware,
    string? License,
    IReadOnlyList<string> Models,
    string? Title);
