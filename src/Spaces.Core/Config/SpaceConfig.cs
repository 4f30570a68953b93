namespace Spaces.Core.Config;

/// <summary>
/// A Space's configuration, from the YAML front matter of its README.md (DESIGN.md, "Space lifecycle"). Keys are the Hub's;
/// a key that is absent, <c>null</c> or blank takes its default. Build one with <see cref="Parse"/>.
/// </summary>
public sealed record SpaceConfig
{
    /// <summary>Default of <see cref="AppPort"/>, as on the Hub.</summary>
    public const int DefaultAppPort = 7860;

    /// <summary>Longest <see cref="ShortDescription"/>, in characters (text elements), as on the Hub.</summary>
    public const int ShortDescriptionMaxLength = 60;

    /// <summary>The <see cref="SleepTimeSeconds"/> value that means "never sleep", as in the Hub's API.</summary>
    public const int NeverSleep = -1;

    /// <summary>Default of <see cref="StartupDurationTimeout"/>: 30 minutes, as on the Hub.</summary>
    public static TimeSpan DefaultStartupDurationTimeout { get; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest <see cref="StartupDurationTimeout"/> accepted: a Space that needs more than a day to start is broken.</summary>
    public static TimeSpan MaxStartupDurationTimeout { get; } = TimeSpan.FromHours(24);

    /// <summary><c>title</c>: display name. Default: the repo's name (without its owner).</summary>
    public required string Title { get; init; }

    /// <summary><c>emoji</c>: shown on the Space's card. Default null.</summary>
    public string? Emoji { get; init; }

    /// <summary><c>colorFrom</c>: start of the card's gradient. Default null (the UI picks).</summary>
    public SpaceColor? ColorFrom { get; init; }

    /// <summary><c>colorTo</c>: end of the card's gradient. Default null (the UI picks).</summary>
    public SpaceColor? ColorTo { get; init; }

    /// <summary><c>sdk</c>: how the Space is built. Required: without it the Space is <c>NO_APP_FILE</c>.</summary>
    public required SpaceSdk Sdk { get; init; }

    /// <summary><c>app_port</c>: the port the app listens on inside its container, 1..65535. Default <see cref="DefaultAppPort"/> (7860).</summary>
    public int AppPort { get; init; } = DefaultAppPort;

    /// <summary>
    /// <c>app_file</c>: the app's entry file, relative to the repo root. For <c>static</c> an .html page (null means <c>index.html</c>);
    /// for <c>blazor</c> the .csproj to publish (null means the repo's .csproj); not used by <c>docker</c>. Default null.
    /// </summary>
    public string? AppFile { get; init; }

    /// <summary><c>base_path</c>: the path, starting with <c>/</c>, the Space page opens in its iframe. Default null (<c>/</c>).</summary>
    public string? BasePath { get; init; }

    /// <summary><c>short_description</c>: one line for the card, at most <see cref="ShortDescriptionMaxLength"/> characters. Default null.</summary>
    public string? ShortDescription { get; init; }

    /// <summary><c>models</c>: model repo ids (<c>owner/name</c>) the Space uses, in README order. Default empty.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary><c>tags</c>: free tags for search. Default empty.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>pinned</c>: shown first on its owner's page. Default false.</summary>
    public bool Pinned { get; init; }

    /// <summary><c>license</c>: a license identifier such as <c>mit</c> or <c>apache-2.0</c> (not checked against a list). Default null.</summary>
    public string? License { get; init; }

    /// <summary>
    /// <c>hardware</c>: the requested hardware flavor name (e.g. <c>cpu-basic</c>, <c>t4-small</c>). Only its form is checked here;
    /// whether the platform offers it is decided when the Space is scheduled. Default null (the platform's default flavor).
    /// </summary>
    public string? Hardware { get; init; }

    /// <summary><c>suggested_hardware</c>: the flavor suggested to people who duplicate the Space (form checked like <see cref="Hardware"/>). Default null.</summary>
    public string? SuggestedHardware { get; init; }

    /// <summary>
    /// <c>sleep_time</c>: seconds without a request before the Space sleeps; <see cref="NeverSleep"/> (-1) never sleeps, as in the Hub's
    /// API. 0 is refused: a Space that sleeps as soon as it is idle could never serve a visitor. Default null (the platform's setting).
    /// </summary>
    public int? SleepTimeSeconds { get; init; }

    /// <summary>
    /// <c>startup_duration_timeout</c>: how long the app may take to answer its health probe, written like <c>30m</c>, <c>1h</c>,
    /// <c>90s</c> or <c>1h30m</c> (units d, h, m, s). Default <see cref="DefaultStartupDurationTimeout"/> (30 minutes).
    /// </summary>
    public TimeSpan StartupDurationTimeout { get; init; } = DefaultStartupDurationTimeout;

    /// <summary><c>custom_headers</c>: cross-origin isolation headers added to the app's responses. Default <see cref="SpaceCustomHeaders.None"/>.</summary>
    public SpaceCustomHeaders CustomHeaders { get; init; } = SpaceCustomHeaders.None;

    /// <summary><c>disable_embedding</c>: when true, other sites may not embed the Space in an iframe. Default false.</summary>
    public bool DisableEmbedding { get; init; }

    /// <summary><c>fullWidth</c>: when true the Space page gives the app the full width, otherwise a fixed-width column. Default true, as on the Hub.</summary>
    public bool FullWidth { get; init; } = true;

    /// <summary>
    /// Keys this platform does not use (e.g. <c>sdk_version</c>, <c>datasets</c>, <c>hf_oauth</c>), kept as plain values:
    /// null, bool, long, double, string, lists and string-keyed dictionaries of those. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>().AsReadOnly();

    /// <summary>
    /// Reads a Space's config from its README.md. Never throws on user input: every problem is in the result.
    /// </summary>
    /// <param name="readme">README.md's text; null when the repo has no README.md (which gives <c>NO_APP_FILE</c>).</param>
    /// <param name="repoName">The repo id <c>owner/name</c> (or just the name); its name is the default title.</param>
    /// <param name="repoFiles">
    /// The repo's file paths at the same revision, when known: then the app the sdk needs must be there (a <c>Dockerfile</c> for
    /// <c>docker</c>, a .csproj for <c>blazor</c>, the <c>app_file</c> or <c>index.html</c> for <c>static</c>), or the result is
    /// <c>NO_APP_FILE</c>. Null skips that check.
    /// </param>
    public static SpaceConfigResult Parse(string? readme, string repoName, IReadOnlyCollection<string>? repoFiles = null) =>
        SpaceConfigReader.Parse(readme, repoName, repoFiles);
}
