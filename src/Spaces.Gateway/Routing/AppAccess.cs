namespace Spaces.Gateway.Routing;

/// <summary>What the gateway does with a request after checking who may see the Space.</summary>
internal enum AppAccess
{
    /// <summary>Serve it.</summary>
    Allowed,

    /// <summary>404: the visitor may not see the Space (answered exactly like an unknown Space).</summary>
    Denied,

    /// <summary>A token was exchanged for the app cookie and the answer (a redirect to the URL without the token) is written.</summary>
    Answered,
}
