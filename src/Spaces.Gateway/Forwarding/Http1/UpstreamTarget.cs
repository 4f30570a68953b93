using System.Text;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>An upstream as a forwarding call names it (a URI): its connection pool, its base path and its Host header, worked out once.</summary>
internal sealed class UpstreamTarget
{
    public UpstreamTarget(Uri upstream, UpstreamPool pool)
    {
        Uri = upstream;
        Pool = pool;
        var path = upstream.AbsolutePath;
        BasePath = path.EndsWith('/') ? path[..^1] : path;
        HostLine = Encoding.ASCII.GetBytes($"Host: {upstream.Authority}\r\n");
    }

    public Uri Uri { get; }

    public UpstreamPool Pool { get; }

    /// <summary>The URI's path without its trailing slash ("" for the root), put before the request's path.</summary>
    public string BasePath { get; }

    /// <summary>The <c>Host</c> header line sent upstream: the upstream's authority, as an HTTP client sets it.</summary>
    public byte[] HostLine { get; }
}
