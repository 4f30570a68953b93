namespace Spaces.Gateway.Forwarding;

/// <summary>How a forwarded request ended.</summary>
public enum ForwardOutcome
{
    /// <summary>The upstream answered and its response was copied to the client (a WebSocket session included).</summary>
    Success,

    /// <summary>The upstream could not be reached (or broke before answering); a 502 was written when the response had not started.</summary>
    UpstreamUnreachable,

    /// <summary>The upstream did not send its response headers in time; a 504 was written when the response had not started.</summary>
    UpstreamTimeout,

    /// <summary>The request body was larger than allowed; a 413 was written when the response had not started.</summary>
    RequestTooLarge,

    /// <summary>The client went away (or its request body broke off); the upstream call was cancelled.</summary>
    ClientDisconnected,

    /// <summary>The upstream failed after its headers (broken body, unexpected 101): a 502 if nothing was sent yet, else the client connection was aborted.</summary>
    UpstreamFailed,

    /// <summary>The caller's cancellation token fired (e.g. shutdown); the upstream call was cancelled and the client connection aborted.</summary>
    Canceled,
}
