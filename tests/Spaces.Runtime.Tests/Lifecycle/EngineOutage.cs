using System.Diagnostics;
using Spaces.Docker;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>
/// Takes the real dockerd away and brings it back the way scripts/lib/prepare.sh starts it: the same command line (read from the
/// running daemon), detached with <c>setsid nohup</c> so it outlives the tests, output appended to its log (the daemon's own stdout
/// file, else <c>.cache/dockerd.log</c>). Disposing restarts it and waits until it answers; that happens even when the test fails
/// and, as a last resort, when the test process exits.
/// </summary>
public sealed class EngineOutage : IAsyncDisposable
{
    private const string PidFile = "/var/run/docker.pid";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _startCommand;
    private readonly EventHandler _onProcessExit;
    private int _restarted;

    private EngineOutage(string startCommand)
    {
        _startCommand = startCommand;
        _onProcessExit = (_, _) => StartDaemonOnce();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>How long the daemon took to exit after SIGTERM (it stops its containers first).</summary>
    public TimeSpan StopDuration { get; private set; }

    /// <summary>How long the daemon took to answer after it was started again (set by <see cref="DisposeAsync"/>).</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>Sends SIGTERM to dockerd and returns once its process is gone.</summary>
    /// <exception cref="InvalidOperationException">No dockerd runs here; the message says how to start it.</exception>
    public static async Task<EngineOutage> BeginAsync()
    {
        var pid = FindDaemon() ?? throw new InvalidOperationException(
            $"No dockerd process found ({PidFile}, pgrep -x dockerd): the engine restart test needs the real daemon started by scripts/test " +
            "(scripts/lib/prepare.sh: `setsid nohup dockerd >.cache/dockerd.log 2>&1 &`).");
        var outage = new EngineOutage(StartCommandOf(pid));
        try
        {
            var clock = Stopwatch.StartNew();
            await RunAsync("kill", "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            while (Directory.Exists($"/proc/{pid}"))
            {
                if (clock.Elapsed > StopTimeout)
                {
                    throw new TimeoutException($"dockerd (pid {pid}) did not exit within {StopTimeout.TotalSeconds:0} s of SIGTERM.");
                }

                await Task.Delay(50);
            }

            outage.StopDuration = clock.Elapsed;
            return outage;
        }
        catch
        {
            await outage.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts dockerd again (once) and waits until it answers a ping.</summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        var clock = Stopwatch.StartNew();
        StartDaemonOnce();
        using var docker = new DockerClient();
        Exception? last = null;
        while (clock.Elapsed < StartTimeout)
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await docker.System.PingAsync(attempt.Token);
                StartDuration = clock.Elapsed;
                return;
            }
            catch (Exception ex) when (ex is DockerException or OperationCanceledException)
            {
                last = ex;
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException(
            $"dockerd did not answer within {StartTimeout.TotalSeconds:0} s of being started again with `{_startCommand}` ({last?.Message}); " +
            "see its log (.cache/dockerd.log) and start it by hand: every later test needs it.", last);
    }

    private void StartDaemonOnce()
    {
        if (Interlocked.Exchange(ref _restarted, 1) == 0)
        {
            // Like prepare.sh: `setsid nohup dockerd ... 2>&1 </dev/null &` from a shell, which returns at once.
            using var shell = Process.Start(new ProcessStartInfo("bash", ["-c", _startCommand]) { UseShellExecute = false })!;
            shell.WaitForExit();
        }
    }

    private static int? FindDaemon()
    {
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var fromFile) && IsDockerd(fromFile))
        {
            return fromFile;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && IsDockerd(pid))
            {
                return pid;
            }
        }

        return null;
    }

    private static bool IsDockerd(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "dockerd";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The running daemon's own argv, working directory and log file, as a detached start command.
    private static string StartCommandOf(int pid)
    {
        var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (argv.Length == 0)
        {
            argv = ["dockerd"];
        }

        var cwd = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? "/";
        var output = new FileInfo($"/proc/{pid}/fd/1").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
        var log = output is not null && output.StartsWith('/') && File.Exists(output) ? output : DefaultLog();
        // A plain background command (not an && list), so no subshell stays behind waiting for the daemon.
        return $"cd {Quote(cwd)} || exit 1\nsetsid nohup {string.Join(' ', argv.Select(Quote))} >>{Quote(log)} 2>&1 </dev/null &";
    }

    // prepare.sh's log: .cache/dockerd.log at the repository root.
    private static string DefaultLog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spaces.sln")))
            {
                Directory.CreateDirectory(Path.Combine(dir.FullName, ".cache"));
                return Path.Combine(dir.FullName, ".cache", "dockerd.log");
            }
        }

        return Path.Combine(Path.GetTempPath(), "dockerd.log");
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', arguments)}` exited with {process.ExitCode}.");
        }
    }
}
