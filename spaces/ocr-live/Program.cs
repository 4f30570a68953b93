using OcrLive.Components;
using OcrLive.Hubs;
using OcrLive.Ocr;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents();
// A canvas line as PNG is a few tens of KB: more than SignalR's default 32 KB message.
builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 4 * 1024 * 1024);
builder.Services.AddSingleton(OcrModels.FromEnvironment());

var app = builder.Build();
app.UseStaticFiles();
app.UseAntiforgery();
app.MapRazorComponents<App>();
app.MapHub<OcrHub>("/hub");
app.Run();
