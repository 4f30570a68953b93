using System.Text;

namespace Spaces.Runtime.Benchmarks;

/// <summary>
/// The files of the benchmarked Spaces. Docker Spaces: <c>spaces/base:bookworm</c>, busybox from the host for its HTTP server and a
/// bash script as the app; blazor: a minimal ASP.NET Core app (publishes offline). Each answers GET / with the text of a file the
/// warm commit changes; a nonce (first in the Dockerfile, or in the project) makes a Space's layers its own.
/// </summary>
internal static class SpaceApps
{
    public const string BaseImage = "spaces/base:bookworm";

    /// <summary>The file a warm commit changes: the page a docker Space serves, the text a blazor Space answers with.</summary>
    public const string PageFile = "index.html";

    private static readonly Lazy<byte[]> Busybox = new(() => File.ReadAllBytes(File.Exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox"));

    /// <summary>A docker Space serving <see cref="PageFile"/> with busybox httpd on 7860.</summary>
    public static Dictionary<string, byte[]> DockerHttpd(string nonce, string page) => Docker(nonce, """
        mkdir -p /tmp/www && cp /srv/index.html /tmp/www/index.html
        exec busybox httpd -f -p 7860 -h /tmp/www
        """, page);

    /// <summary>A docker Space printing <c>date +%s%N</c> every ~10 ms to stdout while it serves.</summary>
    public static Dictionary<string, byte[]> DockerTicker(string nonce) => Docker(nonce, """
        mkdir -p /tmp/www && cp /srv/index.html /tmp/www/index.html
        (while true; do date +%s%N; sleep 0.01; done) &
        exec busybox httpd -f -p 7860 -h /tmp/www
        """, "ticker\n");

    /// <summary>
    /// A docker Space that serves, and once <c>GET /cgi-bin/go</c> is asked prints <c>burst-start {ns}</c>, <c>seq 1 N</c> as fast
    /// as it can, then <c>burst-end {ns}</c>: the burst starts only when the watcher is ready and the Space is RUNNING.
    /// </summary>
    public static Dictionary<string, byte[]> DockerBurst(string nonce, int lines)
    {
        // The CGI script lives in the image: the tmpfs /tmp is mounted noexec.
        var files = Docker(nonce, $"""
            busybox httpd -f -p 7860 -h /srv/www &
            while [ ! -e /tmp/go ]; do sleep 0.05; done
            echo "burst-start $(date +%s%N)"
            seq 1 {lines}
            echo "burst-end $(date +%s%N)"
            wait
            """, "burst\n", "RUN mkdir -p /srv/www/cgi-bin && cp /srv/index.html /srv/www/ && cp /srv/go /srv/www/cgi-bin/go && chmod 755 /srv/www/cgi-bin/go");
        files["go"] = Encoding.UTF8.GetBytes("#!/bin/sh\ntouch /tmp/go\nprintf 'Content-Type: text/plain\\r\\n\\r\\ngo\\n'\n");
        return files;
    }

    /// <summary>A minimal ASP.NET Core app answering GET / with the text of <see cref="PageFile"/> (copied to the output).</summary>
    public static Dictionary<string, byte[]> Blazor(string nonce, string page) => new()
    {
        ["BenchApp.csproj"] = Encoding.UTF8.GetBytes($"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <!-- bench nonce {nonce} -->
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <AssemblyName>Bench.Server</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
                <None Update="{PageFile}" CopyToOutputDirectory="PreserveNewest" CopyToPublishDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """),
        ["Program.cs"] = Encoding.UTF8.GetBytes($"""
            var app = WebApplication.CreateBuilder(args).Build();
            var page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "{PageFile}"));
            app.MapGet("/", () => page);
            app.Run();
            """),
        [PageFile] = Encoding.UTF8.GetBytes(page),
    };

    /// <summary>
    /// The blazor files plus the Dockerfile one would write by hand for them, with the steps of the one the platform writes (publish in
    /// the SDK image, offline; run on the ASP.NET Core image as uid 1000): the bare-engine baseline of a blazor push. The build stage
    /// carries <paramref name="labels"/> so its untagged image is found and removed.
    /// </summary>
    public static Dictionary<string, byte[]> BlazorWithDockerfile(string nonce, string page, IReadOnlyDictionary<string, string> labels)
    {
        var files = Blazor(nonce, page);
        files["Dockerfile"] = Encoding.UTF8.GetBytes($"""
            FROM spaces/dotnet-sdk:10.0 AS build
            LABEL {string.Join(' ', labels.Select(l => $"{l.Key}={l.Value}"))}
            ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
            WORKDIR /src
            COPY . .
            RUN dotnet restore BenchApp.csproj
            RUN dotnet publish BenchApp.csproj -c Release -o /app --no-restore -p:UseAppHost=false

            FROM spaces/aspnet:10.0
            WORKDIR /app
            COPY --from=build /app .
            ENV ASPNETCORE_HTTP_PORTS=7860
            EXPOSE 7860
            USER 1000
            ENTRYPOINT ["dotnet", "Bench.Server.dll"]
            """);
        return files;
    }

    /// <summary>The files of a warm commit: only <see cref="PageFile"/> changes.</summary>
    public static Dictionary<string, byte[]> Page(string page) => new() { [PageFile] = Encoding.UTF8.GetBytes(page) };

    private static Dictionary<string, byte[]> Docker(string nonce, string script, string page, string extra = "") => new()
    {
        ["Dockerfile"] = Encoding.UTF8.GetBytes($"""
            FROM {BaseImage}
            LABEL spaces.bench-nonce={nonce}
            COPY busybox /bin/busybox
            RUN chmod 755 /bin/busybox
            COPY app.sh /app.sh
            COPY . /srv/
            {extra}
            CMD ["bash", "/app.sh"]
            """),
        ["busybox"] = Busybox.Value,
        ["app.sh"] = Encoding.UTF8.GetBytes(script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n"),
        [PageFile] = Encoding.UTF8.GetBytes(page),
    };
}
