using Spaces.Onnx.Caching;
using static Spaces.Onnx.Tests.OnnxModelBuilder;

namespace Spaces.Onnx.Tests.Caching;

[Collection(OrtCollection.Name)]
public sealed class OrtSessionCacheTests(OrtRuntimeFixture fixture)
{
    private static readonly byte[] Model = SingleNode("Neg", [new Value("x", TensorElementType.Float, "n")], [new Value("y", TensorElementType.Float, "n")]);

    private static Func<CancellationToken, Task<byte[]>> Loader(Action? onLoad = null) => _ =>
    {
        onLoad?.Invoke();
        return Task.FromResult(Model);
    };

    private static float[] Negate(OrtSession session, params float[] values) =>
        session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(values, values.Length) })["y"].ToArray<float>();

    [Fact]
    public async Task A_hit_reuses_the_session_and_does_not_load_again()
    {
        using var cache = new OrtSessionCache(fixture.Runtime, maxModelBytes: 1000);
        var loads = 0;
        OrtSession first;
        using (var lease = await cache.GetAsync("m@1", 100, Loader(() => loads++)))
        {
            first = lease.Session;
            Assert.Equal([-1f, 2], Negate(lease.Session, 1, -2));
        }

        using (var again = await cache.GetAsync("m@1", 100, Loader(() => loads++)))
        {
            Assert.Same(first, again.Session);
        }

        Assert.Equal(1, loads);
        Assert.Equal(100, cache.ModelBytes);
    }

    [Fact]
    public async Task Least_recently_used_revisions_are_evicted_past_the_byte_budget()
    {
        using var cache = new OrtSessionCache(fixture.Runtime, maxModelBytes: 250);
        OrtSession a;
        using (var lease = await cache.GetAsync("a", 100, Loader()))
        {
            a = lease.Session;
        }

        (await cache.GetAsync("b", 100, Loader())).Dispose();
        (await cache.GetAsync("a", 100, Loader())).Dispose(); // a is now the most recent
        (await cache.GetAsync("c", 100, Loader())).Dispose(); // 300 > 250: b goes

        Assert.Equal(["c", "a"], cache.Keys);
        Assert.Equal(200, cache.ModelBytes);
        Assert.Equal([-3f], Negate(a, 3)); // a survived and still runs
    }

    [Fact]
    public async Task An_evicted_session_lives_until_its_last_lease_is_returned()
    {
        using var cache = new OrtSessionCache(fixture.Runtime, maxModelBytes: 100);
        var held = await cache.GetAsync("old", 100, Loader());
        (await cache.GetAsync("new", 100, Loader())).Dispose();

        Assert.Equal(["new"], cache.Keys);
        Assert.Equal([-5f], Negate(held.Session, 5)); // evicted but leased: still open
        held.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Negate(held.Session, 5));
    }

    [Fact]
    public async Task Concurrent_requests_for_one_revision_share_a_single_load()
    {
        using var cache = new OrtSessionCache(fixture.Runtime, maxModelBytes: 1000);
        var loads = 0;
        var gate = new TaskCompletionSource();
        Func<CancellationToken, Task<byte[]>> slowLoader = async _ =>
        {
            Interlocked.Increment(ref loads);
            await gate.Task;
            return Model;
        };

        var requests = Enumerable.Range(0, 8).Select(_ => cache.GetAsync("m", 10, slowLoader)).ToList();
        gate.SetResult();
        var leases = await Task.WhenAll(requests);

        Assert.Equal(1, loads);
        Assert.Single(leases.Select(l => l.Session).Distinct());
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task A_model_ort_refuses_is_reported_and_not_kept()
    {
        using var cache = new OrtSessionCache(fixture.Runtime, maxModelBytes: 1000);
        var ex = await Assert.ThrowsAsync<OnnxException>(() => cache.GetAsync("bad", 10, _ => Task.FromResult("not onnx"u8.ToArray())));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, ex.Code);
        Assert.Empty(cache.Keys);
        Assert.Equal(0, cache.ModelBytes);

        using var fixedLease = await cache.GetAsync("bad", 10, Loader());
        Assert.Equal([-1f], Negate(fixedLease.Session, 1));
    }
}
