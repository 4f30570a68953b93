using System.Net;

// A minimal web app: one page and a JSON endpoint. The platform routes the Space's origin to port 7860.
var app = WebApplication.CreateBuilder(args).Build();
var spaceId = Environment.GetEnvironmentVariable("SPACE_ID") ?? "(not running in a Space)";

app.MapGet("/", () => Results.Content($$"""
    <!doctype html>
    <html lang="en">
    <head><meta charset="utf-8"><title>Docker app</title>
    <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head>
    <body>
      <h1>Hello from a Docker Space</h1>
      <p>This page comes from <code>Program.cs</code>, built by the <code>Dockerfile</code> of <strong id="space-id">{{WebUtility.HtmlEncode(spaceId)}}</strong>.</p>
      <p><a href="/api/hello">/api/hello</a> answers JSON.</p>
    </body>
    </html>
    """, "text/html; charset=utf-8"));

app.MapGet("/api/hello", () => new { message = "hello", space = spaceId, time = DateTimeOffset.UtcNow });

app.Run();
