using System.Net.Sockets;
using System.Reflection;

namespace Spaces.Gateway;

/// <summary>
/// How many socket engine threads the process has: the threads that wait on epoll and, for sockets with inline completions, run their
/// continuations. .NET makes one for up to 30 cores unless <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> says otherwise, read once
/// when the first socket is registered. The gateway serves Space connections on these threads
/// (<see cref="Routing.GatewayOptions.InlineSpaceConnections"/>), so it wants one per core, as an event-loop proxy has one worker per
/// core.
/// </summary>
public static class GatewaySocketEngines
{
    /// <summary>The runtime's environment variable for the engine thread count.</summary>
    public const string CountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>
    /// Asks for one engine thread per core unless the operator set <see cref="CountVariable"/>. Call it first in <c>Main</c>: it has no
    /// effect once the process has used an asynchronous socket. True when it set the variable.
    /// </summary>
    public static bool UseOnePerCore()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CountVariable)))
        {
            return false;
        }

        Environment.SetEnvironmentVariable(CountVariable, Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>
    /// How many engine threads the process has, read from the runtime (<c>SocketAsyncEngine.s_engines</c>; creating them if no socket
    /// did yet), or null when this runtime keeps them elsewhere (a test fails then).
    /// </summary>
    public static int? Count =>
        typeof(Socket).Assembly.GetType("System.Net.Sockets.SocketAsyncEngine")
            ?.GetField("s_engines", BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) is Array engines
            ? engines.Length
            : null;

    /// <summary>Whether every core has its own engine thread (so work kept on them is spread over the cores).</summary>
    public static bool OnePerCore => Count >= Environment.ProcessorCount;
}
