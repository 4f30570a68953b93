using System.Net;
using System.Net.Sockets;
using System.Text;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>What an app sees from inside its container: it prints probe results to its log, then serves.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class IsolationTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    private const string Secret = "s3cret-value-4242";

    // Connection attempts with bash's /dev/tcp; 127.0.0.1:7860 (the app itself) is the control that shows the method works.
    private const string ProbeScript = """
        echo "probe uid=$(id -u) gid=$(id -g)"
        if touch /probe-write 2>/dev/null; then echo "probe root-write=yes"; else echo "probe root-write=no"; fi
        if [ -e /var/run/docker.sock ] || [ -e /run/docker.sock ]; then echo "probe docker-sock=yes"; else echo "probe docker-sock=no"; fi
        if touch /tmp/probe-write 2>/dev/null; then echo "probe tmp-write=yes"; else echo "probe tmp-write=no"; fi
        while read -r iface dest gw rest; do if [ "$dest" = "00000000" ]; then g=$gw; fi; done < /proc/net/route
        gateway=$(printf "%d.%d.%d.%d" 0x${g:6:2} 0x${g:4:2} 0x${g:2:2} 0x${g:0:2})
        echo "probe gateway=$gateway"
        echo "probe variable=$GREETING_VAR secret-length=${#API_TOKEN}"
        try() { if timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; then echo "probe $3=open"; else echo "probe $3=closed"; fi; }
        mkdir -p /tmp/www && echo probed > /tmp/www/index.html
        busybox httpd -f -p 7860 -h /tmp/www &
        sleep 0.3
        try 127.0.0.1 7860 self
        try "$gateway" "$HOST_LISTENER_PORT" host-listener
        try "$gateway" "$OTHER_PUBLISHED_PORT" other-published-port
        try "$OTHER_IP" 7860 other-space
        echo "probe done"
        wait
        """;

    [Fact]
    public async Task From_inside_a_space_it_is_uid_1000_read_only_without_docker_socket_host_ports_or_other_spaces()
    {
        using var hostListener = new TcpListener(IPAddress.Loopback, 0);
        hostListener.Start();
        var other = await CreateDockerSpaceAsync(TestApps.Serve("other"));
        var otherRuntime = await Fixture.WaitForStageAsync(other.Id, SpaceStage.Running);
        var otherContainer = await Fixture.Docker.Containers.InspectAsync(otherRuntime.RunningContainerId!);
        var otherIp = otherContainer.NetworkSettings!.Networks!.Values.Single().IPAddress;

        // README only first (NO_APP_FILE), then settings, then the app: its first run already has them.
        var prober = await CreateSpaceAsync("docker", new Dictionary<string, byte[]>());
        await Fixture.WaitForStageAsync(prober.Id, SpaceStage.NoAppFile);
        await Fixture.SetVariableAsync(prober, "GREETING_VAR", "visible");
        await Fixture.SetVariableAsync(prober, "HOST_LISTENER_PORT", ((IPEndPoint)hostListener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Fixture.SetVariableAsync(prober, "OTHER_PUBLISHED_PORT", otherRuntime.HostPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Fixture.SetVariableAsync(prober, "OTHER_IP", otherIp!);
        await Fixture.SetSecretAsync(prober, "API_TOKEN", Secret);
        await Fixture.CommitAsync(prober, TestApps.Files(Fixture, ProbeScript));

        await Fixture.WaitForStageAsync(prober.Id, SpaceStage.Running);
        var log = await Fixture.WaitForRunLogAsync(prober.Id, "probe done", TimeSpan.FromSeconds(30));

        Assert.Contains("probe uid=1000 gid=1000", log);
        Assert.Contains("probe root-write=no", log);
        Assert.Contains("probe docker-sock=no", log);
        Assert.Contains("probe tmp-write=yes", log);
        Assert.Contains("probe self=open", log);
        Assert.Contains("probe host-listener=closed", log);
        Assert.Contains("probe other-published-port=closed", log);
        Assert.Contains("probe other-space=closed", log);
        Assert.Contains($"probe variable=visible secret-length={Secret.Length}", log);
        Assert.Equal("other\n", await TestApps.GetAsync(otherRuntime.HostPort.Value));

        // The secret reached the app (its length above) but no log, stage message or platform log line.
        Assert.DoesNotContain(log, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(await Fixture.Stages.HistoryAsync(prober.Id),
            e => (e.ErrorMessage ?? "").Contains(Secret, StringComparison.Ordinal) || e.Reason.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Fixture.PlatformLog, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.NotEmpty(Fixture.PlatformLog);
    }

    [Fact]
    public async Task A_persistent_data_volume_survives_restarts_and_models_are_mounted_read_only()
    {
        await Fixture.CreateModelAsync("tiny-model", new Dictionary<string, byte[]>
        {
            ["weights.txt"] = Encoding.UTF8.GetBytes("w=42"),
            ["sub/config.json"] = Encoding.UTF8.GetBytes("{}"),
        });
        var script = """
            echo boot >> /data/boots
            echo "probe boots=$(wc -l < /data/boots)"
            echo "probe model=$(cat /models/runner/tiny-model/weights.txt) nested=$(cat /models/runner/tiny-model/sub/config.json)"
            if touch /models/runner/tiny-model/x 2>/dev/null; then echo "probe model-write=yes"; else echo "probe model-write=no"; fi
            """ + "\n" + TestApps.Serve("data");
        var space = await CreateDockerSpaceAsync(script, "persistent_storage: true\nmodels:\n  - runner/tiny-model\n");

        var first = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        var log = await Fixture.WaitForRunLogAsync(space.Id, "probe model-write");
        await Fixture.Lifecycle.RestartAsync(await Fixture.ReloadAsync(space), factory: false);
        await Fixture.WaitForAsync(space.Id, r => r.Stage == SpaceStage.Running && r.RunningContainerId != first.RunningContainerId);
        var afterRestart = await Fixture.WaitForRunLogAsync(space.Id, "probe boots=2");

        Assert.Contains("probe boots=1", log);
        Assert.Contains("probe model=w=42 nested={}", log);
        Assert.Contains("probe model-write=no", log);
        Assert.Contains("probe boots=2", afterRestart);
        var volume = await Fixture.Docker.Volumes.InspectAsync(Fixture.Resources.DataVolumeName(space.Id));
        Assert.Equal("true", volume.Labels![SpaceResources.ManagedLabel]);

        await Fixture.Lifecycle.DeleteResourcesAsync(space.Id);

        await Assert.ThrowsAsync<Docker.DockerNotFoundException>(() => Fixture.Docker.Volumes.InspectAsync(Fixture.Resources.DataVolumeName(space.Id)));
    }

    [Fact]
    public async Task A_model_that_does_not_exist_gives_a_runtime_error_naming_it()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("x"), "models:\n  - runner/missing-model\n");

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.RuntimeError);

        Assert.Contains("runner/missing-model", runtime.ErrorMessage, StringComparison.Ordinal);
    }
}
