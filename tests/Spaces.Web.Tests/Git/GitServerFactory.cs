using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Spaces.Web.Tests.Git;

/// <summary>The host on a real Kestrel loopback port, so the git CLI can reach it.</summary>
public sealed class GitServerFactory : SpacesWebFactory
{
    private readonly Lazy<Uri> _address;

    public GitServerFactory()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _address = new Lazy<Uri>(() =>
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.Single());
        });
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c> (starting the server on first use).</summary>
    public Uri Address => _address.Value;
}
