using Spaces.Gateway;
using Spaces.Web.Admin;
using Spaces.Web.Components;
using Spaces.Web.Extensions;
using Spaces.Web.Health;

// Before any socket is used: the gateway serves Space connections on the socket engine threads, one per core.
GatewaySocketEngines.UseOnePerCore();

var isAdmin = args.FirstOrDefault() == AdminCommand.Verb;
var builder = WebApplication.CreateBuilder(isAdmin ? [] : args);

builder.AddSpacesConfiguration();
builder.AddSpacesPlatform();
if (isAdmin)
{
    AdminCommand.QuietLogging(builder.Logging);
}

var app = builder.Build();
await app.PrepareDataAsync();

if (isAdmin)
{
    return await AdminCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
}

app.UseSpacesPipeline();
app.MapHealthEndpoints();
app.MapSpacesEndpoints();
app.MapStaticAssets();
app.MapRazorComponents<App>();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so functional tests can start the host with WebApplicationFactory.</summary>
public partial class Program;
