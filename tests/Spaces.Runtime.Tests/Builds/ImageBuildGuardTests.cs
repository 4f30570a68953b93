using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

public sealed class ImageBuildGuardTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Builds_run_side_by_side_and_a_removal_waits_for_them_while_holding_new_builds_back()
    {
        var guard = new ImageBuildGuard();
        var first = await guard.EnterBuildAsync(CancellationToken.None);
        var second = await guard.EnterBuildAsync(CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(2, guard.RunningBuilds);
        Assert.Null(guard.TryEnterRemoval());

        var removal = guard.EnterRemovalAsync(CancellationToken.None);
        var third = guard.EnterBuildAsync(CancellationToken.None);
        first.Dispose();
        await Task.Delay(50);
        Assert.False(removal.IsCompleted);
        Assert.False(third.IsCompleted);

        second.Dispose();
        var removing = await removal.WaitAsync(Bound);
        Assert.False(third.IsCompleted);
        removing.Dispose();
        (await third.WaitAsync(Bound)).Dispose();
        using var again = guard.TryEnterRemoval();
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_removal_given_up_lets_the_builds_it_held_back_go()
    {
        var guard = new ImageBuildGuard();
        var build = await guard.EnterBuildAsync(CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var removal = guard.EnterRemovalAsync(giveUp.Token);
        var held = guard.EnterBuildAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(held.IsCompleted);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => removal);
        (await held.WaitAsync(Bound)).Dispose();
        build.Dispose();
        Assert.Equal(0, guard.RunningBuilds);
    }
}
