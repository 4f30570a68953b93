using System.Text;
using Spaces.Core.Accounts;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Templates;

namespace Spaces.Web.Components.Pages.NewSpace;

/// <summary>The New Space form's checks (the same rules as the repository service) and the files of an empty Space.</summary>
public static class NewSpaceRules
{
    /// <summary>Most models a Space may reference from this form.</summary>
    public const int MaxModels = 20;

    private static readonly string[] Emojis = ["🚀", "🔥", "🧠", "🎨", "🦀", "🐳", "🌈", "⚡", "🧪", "🛰️", "🎯", "🦉"];

    private static readonly string[] Colors = ["red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"];

    /// <summary>Why <paramref name="name"/> cannot name a repository, or null when it can (<see cref="AccountNames.ValidateRepo"/>).</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Choose a name for the Space.";
        }

        try
        {
            AccountNames.ValidateRepo(name);
            return null;
        }
        catch (ProblemException problem)
        {
            return problem.Message;
        }
    }

    /// <summary>Model ids from the field: separated by commas, spaces or new lines, without duplicates.</summary>
    public static IReadOnlyList<string> SplitModels(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Why the models cannot be referenced (a bad id, or a model the actor cannot see), or null.</summary>
    public static async Task<string?> ModelsProblemAsync(RepoService repos, Actor actor, IReadOnlyList<string> models, CancellationToken cancellationToken)
    {
        if (models.Count > MaxModels)
        {
            return $"At most {MaxModels} models.";
        }

        foreach (var id in models)
        {
            if (id.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
            {
                return $"'{id}' is not a model id: write owner/name.";
            }

            try
            {
                await repos.GetReadableAsync(actor, RepoType.Model, owner, name, cancellationToken);
            }
            catch (ProblemException problem) when (problem.Kind is ProblemKind.NotFound or ProblemKind.Invalid)
            {
                return $"There is no model '{id}' (or it is private).";
            }
        }

        return null;
    }

    /// <summary>The first commit of an empty Space: a README whose front matter names the SDK, look, title, license, hardware and models.</summary>
    public static IReadOnlyList<CommitOperation> EmptySpaceFiles(string name, string sdk, string? title, string? license, string? hardware, IReadOnlyList<string> models)
    {
        var seed = CardPaletteSeed(name);
        var readme = new StringBuilder()
            .Append("---\n")
            .Append("emoji: ").Append(Emojis[seed % Emojis.Length]).Append('\n')
            .Append("colorFrom: ").Append(Colors[seed % Colors.Length]).Append('\n')
            .Append("colorTo: ").Append(Colors[((seed / 7) + 3) % Colors.Length]).Append('\n')
            .Append("sdk: ").Append(sdk).Append('\n')
            .Append("pinned: false\n")
            .Append("---\n\n")
            .Append("# ").Append(string.IsNullOrWhiteSpace(title) ? name : title.Trim()).Append("\n\n")
            .Append(sdk switch
            {
                "docker" => "Upload a `Dockerfile` and your app (listening on port 7860) to get it built and running.\n",
                "blazor" => "Upload an ASP.NET Core project (`.csproj`) to get it built and running.\n",
                _ => "Upload an `index.html` (and its files) to publish it.\n",
            })
            .ToString();
        var adjusted = SpaceTemplateCatalog.Adjust(readme, new NewSpaceFromTemplate("", name, "", false, hardware, license, models, title));
        return [new PutFile("README.md", new MemoryStream(Encoding.UTF8.GetBytes(adjusted)))];
    }

    private static int CardPaletteSeed(string name)
    {
        var hash = 17;
        foreach (var c in AccountNames.NormalizeRepo(name))
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7fffffff;
    }
}
