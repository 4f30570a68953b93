using System.Globalization;
using Spaces.Core.Spaces;
using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>Reads and checks a Space's README.md front matter key by key (see <see cref="SpaceConfig"/> for each key's rules).</summary>
internal static class SpaceConfigReader
{
    private const string SdkKey = "sdk";

    private static readonly string _colorNames = string.Join(", ", Enum.GetNames<SpaceColor>().Select(name => name.ToLowerInvariant()));
    private static readonly string _sdkNames = string.Join(", ", Enum.GetNames<SpaceSdk>().Select(name => name.ToLowerInvariant()));

    public static SpaceConfigResult Parse(string? readme, string repoName, IReadOnlyCollection<string>? repoFiles)
    {
        var configErrors = new List<ConfigError>();
        var appErrors = new List<ConfigError>();
        var loaded = LoadedReadme.Load(readme, configErrors);
        SpaceConfig? config = null;

        if (readme is null)
        {
            appErrors.Add(new ConfigError(FrontMatterYaml.DocumentKey, "the Space has no README.md; add one whose YAML front matter sets sdk"));
        }
        else if (loaded.Root is not null)
        {
            config = Read(loaded.Root, repoName, configErrors, appErrors);
        }
        else if (configErrors.Count == 0)
        {
            appErrors.Add(new ConfigError(
                FrontMatterYaml.DocumentKey,
                $"no YAML front matter: start README.md with a block between '---' lines that sets sdk ({_sdkNames})"));
        }

        if (config is not null && repoFiles is not null)
        {
            SpaceAppFiles.Check(config, repoFiles, appErrors);
        }

        SpaceStage? stage = configErrors.Count > 0 ? SpaceStage.ConfigError : appErrors.Count > 0 ? SpaceStage.NoAppFile : null;
        var errors = configErrors.Concat(appErrors)
            .OrderBy(error => error.Line ?? int.MaxValue)
            .ThenBy(error => error.Column ?? 0)
            .ToList()
            .AsReadOnly();
        return new SpaceConfigResult(stage == SpaceStage.ConfigError ? null : config, stage, errors, loaded.Document.Body, loaded.CardData);
    }

    private static SpaceConfig? Read(YamlMappingNode root, string repoName, List<ConfigError> configErrors, List<ConfigError> appErrors)
    {
        var reader = new FrontMatterReader(root, configErrors);
        var title = reader.String("title") ?? DefaultTitle(repoName);
        var emoji = reader.String("emoji");
        var colorFrom = Color(reader, "colorFrom");
        var colorTo = Color(reader, "colorTo");
        var sdk = Sdk(reader, appErrors);
        var appPort = reader.Int("app_port", 1, 65535) ?? SpaceConfig.DefaultAppPort;
        var appFile = AppFile(reader, sdk);
        var basePath = Checked(reader, "base_path", ConfigRules.BasePath);
        var shortDescription = ShortDescription(reader);
        var models = reader.StringList("models", ConfigRules.ModelRepoId);
        var tags = reader.StringList("tags");
        var pinned = reader.Bool("pinned") ?? false;
        var license = reader.String("license");
        var hardware = Checked(reader, "hardware", ConfigRules.HardwareFlavor);
        var suggestedHardware = Checked(reader, "suggested_hardware", ConfigRules.HardwareFlavor);
        var sleepTime = reader.Int(
            "sleep_time",
            value => value == SpaceConfig.NeverSleep || value >= 1,
            "a number of seconds (1 or more), or -1 to never sleep");
        var startupTimeout = StartupTimeout(reader);
        var customHeaders = CustomHeaders(reader);
        var disableEmbedding = reader.Bool("disable_embedding") ?? false;
        var fullWidth = reader.Bool("fullWidth") ?? true;
        var extra = reader.Remaining();

        if (configErrors.Count > 0 || sdk is null)
        {
            return null;
        }

        return new SpaceConfig
        {
            Title = title,
            Emoji = emoji,
            ColorFrom = colorFrom,
            ColorTo = colorTo,
            Sdk = sdk.Value,
            AppPort = appPort,
            AppFile = appFile,
            BasePath = basePath,
            ShortDescription = shortDescription,
            Models = models,
            Tags = tags,
            Pinned = pinned,
            License = license,
            Hardware = hardware,
            SuggestedHardware = suggestedHardware,
            SleepTimeSeconds = sleepTime,
            StartupDurationTimeout = startupTimeout,
            CustomHeaders = customHeaders,
            DisableEmbedding = disableEmbedding,
            FullWidth = fullWidth,
            Extra = extra,
        };
    }

    private static string DefaultTitle(string repoName) => repoName[(repoName.LastIndexOf('/') + 1)..];

    private static string? Checked(FrontMatterReader reader, string key, Func<string, string?> check)
    {
        var node = reader.Take(key);
        var value = reader.String(key);
        if (value is null)
        {
            return null;
        }

        var problem = check(value);
        if (problem is null)
        {
            return value;
        }

        reader.Error(key, node, problem);
        return null;
    }

    private static SpaceColor? Color(FrontMatterReader reader, string key)
    {
        var node = reader.Take(key);
        var value = reader.String(key);
        if (value is null)
        {
            return null;
        }

        if (Enum.TryParse<SpaceColor>(value, ignoreCase: true, out var color) && value.All(char.IsAsciiLetter))
        {
            return color;
        }

        reader.Error(key, node, $"expected one of {_colorNames}, got '{ConfigRules.Shorten(value)}'");
        return null;
    }

    private static SpaceSdk? Sdk(FrontMatterReader reader, List<ConfigError> appErrors)
    {
        var node = reader.Take(SdkKey);
        var value = reader.String(SdkKey);
        if (value is null)
        {
            if (node is null or YamlScalarNode)
            {
                appErrors.Add(new ConfigError(SdkKey, $"missing; set it to one of {_sdkNames}"));
            }

            return null;
        }

        if (Enum.TryParse<SpaceSdk>(value, ignoreCase: true, out var sdk) && value.All(char.IsAsciiLetter))
        {
            return sdk;
        }

        var hint = value is "gradio" or "streamlit" ? " (Python SDKs are not built here; use docker with your own Dockerfile)" : "";
        reader.Error(SdkKey, node, $"expected one of {_sdkNames}, got '{ConfigRules.Shorten(value)}'{hint}");
        return null;
    }

    private static string? AppFile(FrontMatterReader reader, SpaceSdk? sdk)
    {
        var node = reader.Take("app_file");
        var value = Checked(reader, "app_file", ConfigRules.RepoRelativePath);
        if (value is null)
        {
            return null;
        }

        var problem = sdk switch
        {
            SpaceSdk.Blazor when !value.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) =>
                $"with sdk blazor, expected the path of a .csproj file, got '{ConfigRules.Shorten(value)}'",
            SpaceSdk.Static when !value.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !value.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) =>
                $"with sdk static, expected the path of an .html file, got '{ConfigRules.Shorten(value)}'",
            _ => null,
        };
        if (problem is null)
        {
            return value;
        }

        reader.Error("app_file", node, problem);
        return null;
    }

    private static string? ShortDescription(FrontMatterReader reader)
    {
        var node = reader.Take("short_description");
        var value = reader.String("short_description");
        if (value is null)
        {
            return null;
        }

        var length = new StringInfo(value).LengthInTextElements;
        if (length <= SpaceConfig.ShortDescriptionMaxLength)
        {
            return value;
        }

        reader.Error("short_description", node, $"expected at most {SpaceConfig.ShortDescriptionMaxLength} characters, got {length}");
        return null;
    }

    private static TimeSpan StartupTimeout(FrontMatterReader reader)
    {
        const string key = "startup_duration_timeout";
        var node = reader.Take(key);
        var value = reader.String(key);
        if (value is null)
        {
            return SpaceConfig.DefaultStartupDurationTimeout;
        }

        var problem = ConfigRules.Duration(value, SpaceConfig.MaxStartupDurationTimeout, out var duration);
        if (problem is null)
        {
            return duration;
        }

        reader.Error(key, node, problem);
        return SpaceConfig.DefaultStartupDurationTimeout;
    }

    private static SpaceCustomHeaders CustomHeaders(FrontMatterReader parent)
    {
        const string key = "custom_headers";
        var mapping = parent.Mapping(key);
        if (mapping is null)
        {
            return SpaceCustomHeaders.None;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (nameNode, valueNode) in mapping.Children)
        {
            var written = (nameNode as YamlScalarNode)?.Value ?? "";
            var name = written.ToLowerInvariant();
            var path = $"{key}.{written}";
            if (!SpaceCustomHeaders.Allowed.TryGetValue(name, out var allowed))
            {
                parent.Errors.Report(path, nameNode, $"only {string.Join(", ", SpaceCustomHeaders.Allowed.Keys)} can be set");
                continue;
            }

            if (values.ContainsKey(name))
            {
                parent.Errors.Report(path, nameNode, "set more than once");
                continue;
            }

            var value = valueNode is YamlScalarNode scalar && !YamlScalars.IsNull(scalar) ? scalar.Value?.ToLowerInvariant() : null;
            if (value is null || !allowed.Contains(value))
            {
                parent.Errors.Report(path, valueNode, $"expected one of {string.Join(", ", allowed)}, got {YamlScalars.Describe(valueNode)}");
                continue;
            }

            values[name] = value;
        }

        return new SpaceCustomHeaders
        {
            CrossOriginEmbedderPolicy = values.GetValueOrDefault(SpaceCustomHeaders.EmbedderPolicyHeader),
            CrossOriginOpenerPolicy = values.GetValueOrDefault(SpaceCustomHeaders.OpenerPolicyHeader),
            CrossOriginResourcePolicy = values.GetValueOrDefault(SpaceCustomHeaders.ResourcePolicyHeader),
        };
    }
}
