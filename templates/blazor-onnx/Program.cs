using BlazorOnnx.Components;
using BlazorOnnx.Hubs;
using BlazorOnnx.Models;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents();
builder.Services.AddSignalR();
builder.Services.AddSingleton(ModelFolder.FromEnvironment());
builder.Services.AddSingleton<ModelRunner>();

var app = builder.Build();
app.UseStaticFiles();
app.UseAntiforgery();
app.MapRazorComponents<App>();
app.MapHub<ModelHub>("/hub");
app.Run();
