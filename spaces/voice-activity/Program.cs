using VoiceActivity.Components;
using VoiceActivity.Hubs;
using VoiceActivity.Vad;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents();
// An uploaded WAV arrives in one message (base64): allow up to 16 MB.
builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 16 * 1024 * 1024);
builder.Services.AddSingleton(VadModel.FromEnvironment());
builder.Services.AddSingleton<MicrophoneStreams>();

var app = builder.Build();
app.UseStaticFiles();
app.UseAntiforgery();
app.MapRazorComponents<App>();
app.MapHub<VadHub>("/hub");
app.Run();
