namespace Spaces.Gateway.Forwarding;

/// <summary>How the gateway's forwarder talks to upstreams (a Space's container port), bound from <c>Spaces:Gateway:Forwarder</c>.</summary>
public sealed class ForwarderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Spaces:Gateway:Forwarder";

    /// <summary>How long opening a TCP connection to the upstream may take before the request fails with 502. Default 15 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the upstream may take to send its response headers after the request, its body included, was sent (while a body is
    /// being sent, the wait starts again with each piece that reaches the upstream) before the client gets a 504. Not a whole-body
    /// timeout: a long upload or a streamed response may last as long as it lasts. Default 100 seconds.
    /// </summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long an idle pooled upstream connection is kept for reuse. Default 60 seconds.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest request body forwarded, in bytes. A larger Content-Length gets a 413 without contacting the upstream; a chunked
    /// body that grows past it is cut (413 if the response had not started, otherwise the connection is aborted). Default 512 MiB.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// Whether an upstream connection's socket completions run the forwarder's code on the socket engine's event thread instead of
    /// being queued to the thread pool first (<c>Socket.PreferInlineCompletions</c>, per socket). On by default: it takes one thread
    /// hand-off out of every proxied exchange, about a sixth of the gateway's CPU per request on a small host (docs/benchmarks.md,
    /// "Gateway"). What then runs on that thread is only the forwarder and Kestrel writing to the client, neither of which blocks;
    /// the Space gateway moves any request that starts there (the next request of a pipelining client)
    /// to the thread pool before the platform's code sees it. Off: every completion goes through the thread pool.
    /// </summary>
    public bool InlineUpstreamCompletions { get; set; } = true;

    /// <summary>Checks the values; returns what is wrong, or null.</summary>
    internal string? Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            return $"{nameof(ConnectTimeout)} must be positive.";
        }

        if (ResponseHeadersTimeout <= TimeSpan.Zero && ResponseHeadersTimeout != Timeout.InfiniteTimeSpan)
        {
            return $"{nameof(ResponseHeadersTimeout)} must be positive or infinite.";
        }

        if (PooledConnectionIdleTimeout < TimeSpan.Zero)
        {
            return $"{nameof(PooledConnectionIdleTimeout)} must not be negative.";
        }

        return MaxRequestBodyBytes < 0 ? $"{nameof(MaxRequestBodyBytes)} must not be negative." : null;
    }
}
