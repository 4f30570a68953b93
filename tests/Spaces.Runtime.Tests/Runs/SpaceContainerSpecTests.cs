using Spaces.Core.Accounts;
using Spaces.Core.Config;
using Spaces.Core.Repositories;
using Spaces.Runtime.Hardware;
using Spaces.Runtime.Runs;

namespace Spaces.Runtime.Tests.Runs;

public sealed class SpaceContainerSpecTests
{
    private static readonly SpaceResources Names = new("test1");

    private static readonly Repo Space = new()
    {
        Id = 42,
        Name = "Demo_App.v2",
        NormalizedName = "demo-app-v2",
        StorageKey = "k",
        Owner = new Account { Id = 1, Name = "Alice", NormalizedName = "alice" },
    };

    [Fact]
    public void The_container_is_hardened_limited_by_its_flavor_and_published_on_loopback_only()
    {
        var config = Config("---\nsdk: docker\napp_port: 8080\n---\n");
        var flavor = new HardwareFlavor { Name = "cpu-upgrade", Cpus = 8, MemoryMiB = 1536 };
        var request = new SpaceRunRequest(Space, "0123456789abcdef", "spaces/space-42:0123456789abcdef", config, flavor);

        var created = SpaceContainerSpec.Create(request, Names, "spaces-42-x-1", new RuntimeOptions { PidsLimit = 128, TmpfsSize = "64m" }, hostCpus: 2,
            new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" }, [], dataVolume: null, gpuDeviceIds: []);

        var host = created.HostConfig!;
        Assert.Equal(("1000:1000", "spaces/space-42:0123456789abcdef"), (created.User, created.Image));
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Equal(["no-new-privileges"], host.SecurityOpt);
        Assert.True(host.ReadonlyRootfs);
        Assert.Equal("rw,nosuid,nodev,size=64m", host.Tmpfs!["/tmp"]);
        Assert.Equal(128, host.PidsLimit);
        Assert.Equal((1536L << 20, 1536L << 20), (host.Memory, host.MemorySwap));
        Assert.Equal(2_000_000_000, host.NanoCpus);
        var binding = Assert.Single(host.PortBindings!["8080/tcp"]);
        Assert.Equal(("127.0.0.1", ""), (binding.HostIp, binding.HostPort));
        Assert.Contains("8080/tcp", created.ExposedPorts!.Keys);
        Assert.Equal("spaces-test1-net-42", host.NetworkMode);
        Assert.Equal("no", host.RestartPolicy!.Name);
        Assert.False(host.Privileged);
        Assert.Null(host.Binds);
        Assert.Null(host.Mounts);
        Assert.Null(host.DeviceRequests);
        Assert.Equal(["A=1", "B=2"], created.Env);
        Assert.Equal("0123456789abcdef", created.Labels![SpaceResources.RevisionLabel]);
        Assert.Equal("cpu-upgrade", created.Labels[SpaceResources.HardwareLabel]);
        Assert.Equal("42", created.Labels[SpaceResources.SpaceIdLabel]);
        Assert.Equal("Alice/Demo_App.v2", created.Labels[SpaceResources.SpaceLabel]);
        Assert.Equal(("true", "test1"), (created.Labels[SpaceResources.ManagedLabel], created.Labels[SpaceResources.InstanceLabel]));
    }

    [Fact]
    public void Models_mount_read_only_and_the_data_volume_at_data()
    {
        var request = new SpaceRunRequest(Space, "abc", "img", Config("---\nsdk: docker\n---\n"), new HardwareFlavor { Name = "cpu-basic" });
        var models = new[] { new ModelMount("bob/tiny", "c0ffee", "/data/models/7/c0ffee", "/models/bob/tiny") };

        var created = SpaceContainerSpec.Create(request, Names, "n", new RuntimeOptions(), 4, new Dictionary<string, string>(), models, "spaces-data-42", []);

        var mounts = created.HostConfig!.Mounts!;
        Assert.Equal(2, mounts.Count);
        Assert.Equal(("bind", "/data/models/7/c0ffee", "/models/bob/tiny", true), (mounts[0].Type, mounts[0].Source, mounts[0].Target, mounts[0].ReadOnly));
        Assert.Equal(("volume", "spaces-data-42", "/data", false), (mounts[1].Type, mounts[1].Source, mounts[1].Target, mounts[1].ReadOnly));
    }

    [Fact]
    public void Gpu_flavors_name_the_ledger_devices_or_ask_the_engine_for_a_count()
    {
        var flavor = new HardwareFlavor { Name = "a10g-largex2", Gpus = 2, Accelerator = "a10g" };
        var request = new SpaceRunRequest(Space, "abc", "img", Config("---\nsdk: docker\n---\n"), flavor);

        var assigned = SpaceContainerSpec.Create(request, Names, "n", new RuntimeOptions(), 4, new Dictionary<string, string>(), [], null, ["0", "1"]);
        var counted = SpaceContainerSpec.Create(request, Names, "n", new RuntimeOptions(), 4, new Dictionary<string, string>(), [], null, []);

        var byId = Assert.Single(assigned.HostConfig!.DeviceRequests!);
        Assert.Equal("nvidia", byId.Driver);
        Assert.Equal(["0", "1"], byId.DeviceIDs!);
        Assert.Equal("0,1", assigned.Labels![SpaceResources.GpusLabel]);
        var byCount = Assert.Single(counted.HostConfig!.DeviceRequests!);
        Assert.Equal(2, byCount.Count);
        Assert.Equal([["gpu"]], byCount.Capabilities);
    }

    [Fact]
    public void Built_in_variables_override_the_space_settings()
    {
        var config = Config("---\ntitle: My Demo\nsdk: docker\n---\n");
        var flavor = new HardwareFlavor { Name = "t4-small", Cpus = 4, MemoryMiB = 15360, Gpus = 1, Accelerator = "t4" };
        var settings = new Dictionary<string, string> { ["SPACE_ID"] = "spoofed", ["HF_TOKEN"] = "x" };

        var env = SpaceEnvironmentVariables.Build(Space, config, flavor, hostCpus: 2, "alice--demo-app-v2.spaces.localhost:5080", settings);

        Assert.Equal("Alice/Demo_App.v2", env["SPACE_ID"]);
        Assert.Equal("alice--demo-app-v2.spaces.localhost:5080", env["SPACE_HOST"]);
        Assert.Equal(("Alice", "Demo_App.v2", "My Demo"), (env["SPACE_AUTHOR_NAME"], env["SPACE_REPO_NAME"], env["SPACE_TITLE"]));
        Assert.Equal(("2", "15Gi", "t4"), (env["CPU_CORES"], env["MEMORY"], env["ACCELERATOR"]));
        Assert.Equal("x", env["HF_TOKEN"]);
        Assert.Equal("none", SpaceEnvironmentVariables.Build(Space, config, new HardwareFlavor { Name = "c" }, 2, "h", settings)["ACCELERATOR"]);
        Assert.Equal("512Mi", SpaceEnvironmentVariables.Memory(512));
    }

    [Theory]
    [InlineData("persistent_storage: true\n", true)]
    [InlineData("persistent_storage: small\n", true)]
    [InlineData("persistent_storage: false\n", false)]
    [InlineData("", false)]
    public void Persistent_storage_is_asked_for_in_the_config(string line, bool expected) =>
        Assert.Equal(expected, SpaceRunner.WantsPersistentStorage(Config($"---\nsdk: docker\n{line}---\n")));

    private static SpaceConfig Config(string readme)
    {
        var result = SpaceConfig.Parse(readme, "Alice/Demo_App.v2");
        Assert.True(result.IsSuccess, result.ErrorMessage);
        return result.Config;
    }
}
