using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace Spaces.Web.Tests.Live;

/// <summary>
/// The items of one streaming invocation: read one by one (<see cref="NextAsync"/>, <see cref="ReadAllAsync"/>), and also kept in
/// arrival order with their arrival time (<see cref="Items"/>, <see cref="WaitForAsync"/>).
/// </summary>
internal sealed class HubStream(HubTestClient client, string id)
{
    private readonly Channel<JsonElement> _items = Channel.CreateUnbounded<JsonElement>();
    private readonly ConcurrentQueue<HubItem> _received = new();
    private volatile string? _end;

    /// <summary>The items received so far, oldest first.</summary>
    public IReadOnlyList<HubItem> Items => [.. _received];

    /// <summary>Why the stream ended (its error, or that it completed), while it has not: null.</summary>
    public string? Error => _end;

    /// <summary>The next item; throws <see cref="HubErrorException"/> when the stream ended with an error, or on timeout.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? client.Timeout;
        using var cancel = new CancellationTokenSource(wait);
        try
        {
            return await _items.Reader.ReadAsync(cancel.Token);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            throw closed.InnerException;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No stream item within {wait}.");
        }
    }

    /// <summary>The next item whose <c>type</c> is <paramref name="type"/>, skipping others.</summary>
    public async Task<JsonElement> NextOfTypeAsync(string type, TimeSpan? timeout = null)
    {
        while (true)
        {
            var item = await NextAsync(timeout);
            if (item.GetProperty("type").GetString() == type)
            {
                return item;
            }
        }
    }

    /// <summary>True once an item can be read, false when the stream completed without more (as <see cref="ChannelReader{T}.WaitToReadAsync"/>).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _items.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Every unread item until the stream completes; throws <see cref="HubErrorException"/> when it ends with an error.</summary>
    public async Task<List<JsonElement>> ReadAllAsync()
    {
        using var timeout = new CancellationTokenSource(client.Timeout);
        var all = new List<JsonElement>();
        try
        {
            await foreach (var item in _items.Reader.ReadAllAsync(timeout.Token))
            {
                all.Add(item);
            }
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            throw closed.InnerException;
        }

        return all;
    }

    /// <summary>
    /// Waits until an item matching <paramref name="match"/> arrived (read or not) and returns it; fails naming <paramref name="what"/>
    /// and every item received when the stream ends or <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<HubItem> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ended = _end;
            if (_received.FirstOrDefault(i => match(i.Json)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline || ended is not null)
            {
                throw new TimeoutException($"The hub stream never received {what} (error: {ended ?? "none"}). Items: " +
                    string.Join(" | ", _received.Select(i => i.Json.GetRawText())));
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Asks the server to end the stream.</summary>
    public Task CancelAsync() => client.CancelStreamAsync(id);

    internal void Add(JsonElement item)
    {
        _received.Enqueue(new HubItem(item, client.Elapsed));
        _items.Writer.TryWrite(item);
    }

    internal void Complete(Exception? error)
    {
        _end ??= error?.Message ?? "the stream completed";
        _items.Writer.TryComplete(error);
    }
}
