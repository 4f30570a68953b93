using System.Text;
using System.Threading.Channels;
using Spaces.Docker.Models;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Builds;

/// <summary>
/// One build's log while it runs: turns the engine's progress objects into lines (output text split at line ends, status lines,
/// the error), publishes each line live and appends it to the build's log file, in order. Reporting never waits for the disk.
/// </summary>
internal sealed class BuildLog : IProgress<BuildProgress>, IAsyncDisposable
{
    /// <summary>Longer lines are cut (a runaway line must not fill memory or a viewer).</summary>
    public const int MaxLineLength = 16_384;

    private readonly SpaceNotifications _notifications;
    private readonly long _spaceId;
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringBuilder _partial = new();
    private readonly Lock _lock = new();
    private readonly Task _writer;
    private bool _afterCarriageReturn;

    public BuildLog(BuildLogStore store, SpaceNotifications notifications, long spaceId, long buildId)
    {
        _notifications = notifications;
        _spaceId = spaceId;
        _writer = WriteAsync(store.OpenForAppend(spaceId, buildId));
    }

    /// <summary>Logs one line of the platform's own (what is built, how it ended).</summary>
    public void Line(string text, bool isError = false)
    {
        lock (_lock)
        {
            Emit(text, isError);
        }
    }

    /// <summary>Logs one progress object of the engine's build stream.</summary>
    public void Report(BuildProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (value.Stream is { } text)
            {
                Append(text);
            }

            if (value.Status is { } status)
            {
                FlushPartial();
                var prefix = value.Id is { Length: > 0 } id ? id + ": " : "";
                var progress = value.Progress is { Length: > 0 } bar ? " " + bar : "";
                Emit(prefix + status + progress, isError: false);
            }

            if (value.IsError)
            {
                FlushPartial();
                Emit(value.ErrorMessage!.TrimEnd(), isError: true);
            }
        }
    }

    /// <summary>Logs what is left of an unfinished line and closes the file once every line is written.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            FlushPartial();
            _pending.Writer.TryComplete();
        }

        await _writer;
    }

    private void Append(string text)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                // "\r\n" ends one line: the "\r" already did.
                if (!_afterCarriageReturn)
                {
                    Emit(_partial.ToString(), isError: false);
                }

                _partial.Clear();
                _afterCarriageReturn = false;
                continue;
            }

            if (c == '\r')
            {
                // A lone "\r" (a progress bar redrawn) ends a line too.
                if (_partial.Length > 0)
                {
                    Emit(_partial.ToString(), isError: false);
                }

                _partial.Clear();
                _afterCarriageReturn = true;
                continue;
            }

            _afterCarriageReturn = false;
            if (_partial.Length < MaxLineLength)
            {
                _partial.Append(c);
            }
        }
    }

    private void FlushPartial()
    {
        if (_partial.Length > 0)
        {
            Emit(_partial.ToString(), isError: false);
            _partial.Clear();
        }
    }

    private void Emit(string line, bool isError)
    {
        if (line.Length > MaxLineLength)
        {
            line = line[..MaxLineLength];
        }

        _notifications.PublishLog(_spaceId, LogKind.Build, line, isError);
        _pending.Writer.TryWrite(line);
    }

    private async Task WriteAsync(FileStream file)
    {
        await using (file)
        {
            var writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await using (writer)
            {
                try
                {
                    while (await _pending.Reader.WaitToReadAsync())
                    {
                        while (_pending.Reader.TryRead(out var line))
                        {
                            await writer.WriteAsync(line);
                            await writer.WriteAsync('\n');
                        }

                        // Flushed per batch so the file can be read while the build runs.
                        await writer.FlushAsync();
                    }
                }
                catch (IOException)
                {
                    // A full or failing disk loses the stored log, never the build; live lines were already published.
                    while (await _pending.Reader.WaitToReadAsync())
                    {
                        while (_pending.Reader.TryRead(out _))
                        {
                        }
                    }
                }
            }
        }
    }
}
