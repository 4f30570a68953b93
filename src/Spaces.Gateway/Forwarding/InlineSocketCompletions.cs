using System.Net.Sockets;
using System.Reflection;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// Lets one socket's completions run on the socket engine's event thread, where epoll reported them, instead of being queued to the
/// thread pool first. This is .NET's own per-socket switch, <c>Socket.PreferInlineCompletions</c>: internal, kept settable by
/// reflection for servers that know their continuations never block. It is read at each event, so it can be turned on and off while
/// the socket lives. <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> turns it on for every socket of a process, which the
/// platform cannot do (docs/benchmarks.md, "Gateway").
/// </summary>
internal static class InlineSocketCompletions
{
    private static readonly Action<Socket, bool>? SetPreference =
        typeof(Socket).GetProperty("PreferInlineCompletions", BindingFlags.Instance | BindingFlags.NonPublic)?.SetMethod is { } setter
            ? setter.CreateDelegate<Action<Socket, bool>>()
            : null;

    /// <summary>Whether this runtime has the switch (a test fails if a runtime update takes it away).</summary>
    public static bool IsAvailable => SetPreference is not null;

    /// <summary>Asks for inline completions on <paramref name="socket"/>; false when the runtime has no such switch.</summary>
    public static bool TryPrefer(Socket socket) => TrySet(socket, true);

    /// <summary>Turns inline completions on or off for <paramref name="socket"/>; false when the runtime has no such switch.</summary>
    public static bool TrySet(Socket socket, bool inline)
    {
        if (SetPreference is null)
        {
            return false;
        }

        SetPreference(socket, inline);
        return true;
    }
}
