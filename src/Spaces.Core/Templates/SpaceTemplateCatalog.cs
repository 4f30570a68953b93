using System.Text;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Config;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;

namespace Spaces.Core.Templates;

/// <summary>
/// The templates "New Space" offers (one folder each under <see cref="SpaceTemplateOptions.Directory"/>, described by its README front
/// matter), and the creation of a Space from one: the repository and the template's files in one first commit.
/// </summary>
public sealed class SpaceTemplateCatalog(RepoService repos, IOptions<SpaceTemplateOptions> options)
{
    /// <summary>The templates, by id; folders whose README is not a valid Space config are left out.</summary>
    public IReadOnlyList<SpaceTemplate> List()
    {
        var root = options.Value.FullPath;
        if (!Directory.Exists(root))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(root)
            .Select(directory => Describe(Path.GetFileName(directory), directory))
            .OfType<SpaceTemplate>()
            .OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>The template with this id, or null.</summary>
    public SpaceTemplate? Find(string id) =>
        IsId(id) && Directory.Exists(Path.Combine(options.Value.FullPath, id)) ? Describe(id, Path.Combine(options.Value.FullPath, id)) : null;

    /// <summary>
    /// Creates the Space <c>Owner/Name</c> with the template's files as its first commit, the README front matter adjusted (title,
    /// models, license, hardware). Throws <see cref="ProblemException"/> (400 for an unknown template or a bad value, 409 for a taken
    /// name, 403 for an owner the actor cannot create under) and then nothing is created.
    /// </summary>
    public async Task<Repo> CreateSpaceAsync(Actor actor, NewSpaceFromTemplate request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AccountNames.ValidateRepo(request.Name, "name");
        var template = Find(request.TemplateId ?? "")
            ?? throw ProblemException.Invalid("template", $"There is no template '{request.TemplateId}'; choose one of {string.Join(", ", List().Select(t => t.Id))}.");
        var folder = await RepoFolder.ReadAsync(Path.Combine(options.Value.FullPath, template.Id), cancellationToken);
        var readme = Encoding.UTF8.GetString(folder.Files["README.md"]);
        var adjusted = Adjust(readme, request);
        var parsed = SpaceConfig.Parse(adjusted, request.Name ?? "", folder.Files.Keys);
        if (!parsed.IsSuccess)
        {
            throw ProblemException.Invalid(FieldOf(parsed.Errors[0].Key), parsed.ErrorMessage);
        }

        folder.Put("README.md", Encoding.UTF8.GetBytes(adjusted));
        return await repos.CreateAsync(actor, new CreateRepoRequest(
            RepoType.Space,
            request.Owner ?? "",
            request.Name ?? "",
            request.Private,
            template.Sdk,
            string.IsNullOrWhiteSpace(request.Hardware) ? parsed.Config!.Hardware : request.Hardware.Trim(),
            SleepTimeSeconds: null,
            License: null,
            InitialFiles: folder.ToOperations()), cancellationToken);
    }

    /// <summary>The README with the request's title, models, license and hardware written into its front matter.</summary>
    public static string Adjust(string readme, NewSpaceFromTemplate request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new List<KeyValuePair<string, string>>
        {
            new("title", FrontMatterEditor.Scalar(string.IsNullOrWhiteSpace(request.Title) ? request.Name ?? "" : request.Title.Trim())),
        };
        if (request.Models is { Count: > 0 } models)
        {
            values.Add(new("models", FrontMatterEditor.List(models.Select(m => m.Trim()))));
        }

        if (!string.IsNullOrWhiteSpace(request.License))
        {
            values.Add(new("license", FrontMatterEditor.Scalar(request.License.Trim())));
        }

        if (!string.IsNullOrWhiteSpace(request.Hardware))
        {
            values.Add(new("hardware", FrontMatterEditor.Scalar(request.Hardware.Trim())));
        }

        return FrontMatterEditor.Set(readme, values);
    }

    private static SpaceTemplate? Describe(string id, string directory)
    {
        var readmePath = Path.Combine(directory, "README.md");
        if (!IsId(id) || !File.Exists(readmePath))
        {
            return null;
        }

        var parsed = SpaceConfig.Parse(File.ReadAllText(readmePath), id);
        if (parsed.Config is not { } config)
        {
            return null;
        }

        return new SpaceTemplate(
            id,
            config.Title,
            config.Emoji ?? "",
            (config.ColorFrom ?? SpaceColor.Gray).ToString().ToLowerInvariant(),
            (config.ColorTo ?? SpaceColor.Gray).ToString().ToLowerInvariant(),
            config.Sdk.ToString().ToLowerInvariant(),
            config.ShortDescription ?? "");
    }

    // A folder name, never a path: letters, digits, '-', '_'.
    private static bool IsId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    // The config error's key ("models[1]") names the request field it came from; anything else is the template's own problem.
    private static string FieldOf(string key)
    {
        var name = key.Split('[', '.')[0];
        return name is "title" or "models" or "license" or "hardware" ? name : "template";
    }
}
