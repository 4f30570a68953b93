using System.Collections.Concurrent;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>Named one-shot signals shared by a test and the servers it drives ("the upstream saw the request", "the client got event 1").</summary>
internal sealed class Signals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    public TaskCompletionSource this[string name] =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Waits for <paramref name="name"/>, failing the test with its name after a few seconds.</summary>
    public async Task WaitAsync(string name, TimeSpan? timeout = null)
    {
        try
        {
            await this[name].Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The signal '{name}' was not raised in time.");
        }
    }
}
