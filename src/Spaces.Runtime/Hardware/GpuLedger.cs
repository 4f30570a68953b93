namespace Spaces.Runtime.Hardware;

/// <summary>No free GPUs for a Space: how many it needs, and how many exist and are free.</summary>
public sealed class GpuUnavailableException(int needed, int free, int total)
    : Exception(total == 0
        ? $"This Space needs {needed} GPU(s), and this host has none (no GPU inventory, no NVIDIA runtime). Choose a CPU flavor."
        : $"This Space needs {needed} GPU(s); {free} of {total} are free. Try again when another Space releases one.")
{
    /// <summary>GPUs asked for.</summary>
    public int Needed { get; } = needed;

    /// <summary>GPUs free when asked.</summary>
    public int Free { get; } = free;

    /// <summary>GPUs on the host.</summary>
    public int Total { get; } = total;
}

/// <summary>
/// Which GPU devices each Space holds, so two Spaces never share one. The inventory comes from configuration and
/// <c>nvidia-smi -L</c>; assignments are rebuilt from running containers' labels by the reconciler after a restart.
/// </summary>
public sealed class GpuLedger
{
    private readonly Lock _lock = new();
    private readonly List<string> _devices;
    private readonly Dictionary<string, long> _holders = new(StringComparer.Ordinal);

    /// <summary>Creates a ledger over <paramref name="devices"/> (duplicates ignored, order kept).</summary>
    public GpuLedger(IEnumerable<string> devices)
    {
        _devices = [.. devices.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim()).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every device id on this host.</summary>
    public IReadOnlyList<string> Devices => _devices;

    /// <summary>Devices no Space holds.</summary>
    public IReadOnlyList<string> Free
    {
        get
        {
            lock (_lock)
            {
                return [.. _devices.Where(d => !_holders.ContainsKey(d))];
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="count"/> devices to a Space (the ones it already holds first), or throws <see cref="GpuUnavailableException"/>.
    /// </summary>
    public IReadOnlyList<string> Assign(long spaceId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            var held = _devices.Where(d => _holders.TryGetValue(d, out var holder) && holder == spaceId).ToList();
            var free = _devices.Where(d => !_holders.ContainsKey(d)).ToList();
            if (held.Count + free.Count < count)
            {
                throw new GpuUnavailableException(count, free.Count, _devices.Count);
            }

            var assigned = held.Concat(free).Take(count).ToList();
            foreach (var device in held.Except(assigned))
            {
                _holders.Remove(device);
            }

            foreach (var device in assigned)
            {
                _holders[device] = spaceId;
            }

            return assigned;
        }
    }

    /// <summary>Records devices a running container already holds (adoption after a restart); devices not in the inventory are ignored.</summary>
    public void Restore(long spaceId, IEnumerable<string> devices)
    {
        lock (_lock)
        {
            foreach (var device in devices.Where(_devices.Contains))
            {
                _holders[device] = spaceId;
            }
        }
    }

    /// <summary>Releases everything a Space holds.</summary>
    public void Release(long spaceId)
    {
        lock (_lock)
        {
            foreach (var device in _holders.Where(h => h.Value == spaceId).Select(h => h.Key).ToList())
            {
                _holders.Remove(device);
            }
        }
    }

    /// <summary>The devices a Space holds.</summary>
    public IReadOnlyList<string> HeldBy(long spaceId)
    {
        lock (_lock)
        {
            return [.. _devices.Where(d => _holders.TryGetValue(d, out var holder) && holder == spaceId)];
        }
    }
}
