namespace Spaces.Gateway.Forwarding;

/// <summary>How an upgraded (WebSocket) session ended.</summary>
internal enum TunnelEnd
{
    /// <summary>One side closed its stream normally.</summary>
    Closed,

    /// <summary>The client's side failed.</summary>
    ClientFailed,

    /// <summary>The upstream's side failed.</summary>
    UpstreamFailed,

    /// <summary>The token was cancelled (client gone or caller).</summary>
    Canceled,
}

/// <summary>Pumps bytes both ways between the client's upgraded stream and the upstream's raw connection until one side ends.</summary>
internal static class UpgradeTunnel
{
    public static async Task<TunnelEnd> RunAsync(Stream client, Stream upstream, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toUpstream = StreamCopier.CopyAsync(client, upstream, both.Token);
        var toClient = StreamCopier.CopyAsync(upstream, client, both.Token);

        var first = await Task.WhenAny(toUpstream, toClient);
        // When one direction ends or fails the session is over: stop the other and wait for it, so no copy outlives the request.
        await both.CancelAsync();
        await Task.WhenAll(toUpstream, toClient);

        var (status, _) = await first;
        var fromClient = first == toUpstream;
        return status switch
        {
            StreamCopyStatus.Completed => TunnelEnd.Closed,
            StreamCopyStatus.Canceled => TunnelEnd.Canceled,
            StreamCopyStatus.SourceFailed => fromClient ? TunnelEnd.ClientFailed : TunnelEnd.UpstreamFailed,
            _ => fromClient ? TunnelEnd.UpstreamFailed : TunnelEnd.ClientFailed,
        };
    }
}
