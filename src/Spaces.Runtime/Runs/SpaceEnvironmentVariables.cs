using System.Globalization;
using Spaces.Core.Config;
using Spaces.Core.Repositories;
using Spaces.Runtime.Hardware;

namespace Spaces.Runtime.Runs;

/// <summary>The app's environment: the Space's variables and secrets, then the built-ins, which a Space cannot override.</summary>
public static class SpaceEnvironmentVariables
{
    /// <summary>Merges the settings with <c>SPACE_ID</c>, <c>SPACE_HOST</c>, <c>SPACE_AUTHOR_NAME</c>, <c>SPACE_REPO_NAME</c>, <c>SPACE_TITLE</c>, <c>CPU_CORES</c>, <c>MEMORY</c>, <c>ACCELERATOR</c>.</summary>
    public static Dictionary<string, string> Build(
        Repo space, SpaceConfig config, HardwareFlavor flavor, int hostCpus, string spaceHost, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["SPACE_ID"] = space.FullName,
            ["SPACE_HOST"] = spaceHost,
            ["SPACE_AUTHOR_NAME"] = space.Owner?.Name ?? "",
            ["SPACE_REPO_NAME"] = space.Name,
            ["SPACE_TITLE"] = config.Title,
            ["CPU_CORES"] = SpaceContainerSpec.EffectiveCpus(flavor, hostCpus).ToString("0.##", CultureInfo.InvariantCulture),
            ["MEMORY"] = Memory(flavor.MemoryMiB),
            ["ACCELERATOR"] = string.IsNullOrEmpty(flavor.Accelerator) ? "none" : flavor.Accelerator,
        };
        return environment;
    }

    /// <summary>A memory size as Kubernetes-style quantity: <c>2Gi</c>, <c>512Mi</c>.</summary>
    public static string Memory(long mebibytes) => mebibytes % 1024 == 0
        ? $"{(mebibytes / 1024).ToString(CultureInfo.InvariantCulture)}Gi"
        : $"{mebibytes.ToString(CultureInfo.InvariantCulture)}Mi";
}
