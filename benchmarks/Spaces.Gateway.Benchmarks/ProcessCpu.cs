using System.Globalization;

namespace Spaces.Gateway.Benchmarks;

/// <summary>CPU time (user + system) a process and its children (nginx's workers) used so far, from /proc; a steadier figure than
/// requests/s on a shared host.</summary>
internal static class ProcessCpu
{
    // USER_HZ: 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int pid)
    {
        var total = Ticks(pid);
        var children = $"/proc/{pid}/task/{pid}/children";
        if (File.Exists(children))
        {
            foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                total += Ticks(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static long Ticks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command (which may contain spaces) start after the last ')': state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
