namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>The upstream broke HTTP/1.1: a malformed status line, header or chunk, a head too large, or a body cut short.</summary>
internal sealed class UpstreamProtocolException : IOException
{
    public UpstreamProtocolException(string message)
        : base(message)
    {
    }
}
