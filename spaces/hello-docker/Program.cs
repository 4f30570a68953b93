using System.Net;
using System.Text;

// The docker template with a little more: what the platform hands a running Space, on a page and as JSON.
var app = WebApplication.CreateBuilder(args).Build();
var started = DateTimeOffset.UtcNow;
string[] platformKeys = ["SPACE_ID", "SPACE_HOST", "SPACE_AUTHOR_NAME", "SPACE_REPO_NAME", "SPACE_TITLE", "CPU_CORES", "MEMORY", "ACCELERATOR"];

Dictionary<string, string> Facts()
{
    var facts = platformKeys.ToDictionary(key => key, key => Environment.GetEnvironmentVariable(key) ?? "(not set)");
    facts["hostname"] = Environment.MachineName;
    facts["user id"] = Environment.GetEnvironmentVariable("UID") ?? File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:"))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "?";
    facts["root filesystem"] = Writable("/") ? "writable" : "read-only";
    facts["/tmp"] = Writable("/tmp") ? "writable" : "read-only";
    facts["processors seen by .NET"] = Environment.ProcessorCount.ToString();
    facts["up since"] = started.ToString("u");
    return facts;
}

static bool Writable(string directory)
{
    try
    {
        var probe = Path.Combine(directory, $".probe-{Guid.NewGuid():N}");
        File.WriteAllText(probe, "");
        File.Delete(probe);
        return true;
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        return false;
    }
}

app.MapGet("/", () =>
{
    var rows = new StringBuilder();
    foreach (var (key, value) in Facts())
    {
        rows.Append($"<tr><th>{WebUtility.HtmlEncode(key)}</th><td data-key=\"{WebUtility.HtmlEncode(key)}\">{WebUtility.HtmlEncode(value)}</td></tr>");
    }

    return Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hello Docker</title>
        <style>
          body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
          table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e5e7eb}
          th{width:40%;color:#4b5563;font-weight:500}td{font-family:ui-monospace,monospace}
        </style></head>
        <body>
          <h1>🐳 Hello from <span id="space-id">{{WebUtility.HtmlEncode(Environment.GetEnvironmentVariable("SPACE_ID") ?? "a container")}}</span></h1>
          <p>This Space is a <code>Dockerfile</code> built by the platform and run as a hardened container. Here is what it sees:</p>
          <table id="facts">{{rows}}</table>
          <p><a href="/api/env">/api/env</a> answers the same as JSON.</p>
        </body>
        </html>
        """, "text/html; charset=utf-8");
});

app.MapGet("/api/env", () => Facts());

app.Run();
