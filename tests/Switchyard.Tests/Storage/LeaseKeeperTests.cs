using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Storage.Leases;

namespace Switchyard.Tests.Storage;

public sealed class LeaseKeeperTests
{
    [Fact]
    public async Task A_heartbeat_after_stop_does_not_take_the_released_leases_back()
    {
        using var store = new InMemoryLeaseStore();
        using var keeper = new LeaseKeeper(store, new NodeIdentity("this-node"), TimeProvider.System, NullLogger<LeaseKeeper>.Instance);
        await keeper.StartAsync(CancellationToken.None);
        Assert.True(keeper.Holds(LeaseNames.Scheduler));

        await keeper.StopAsync(CancellationToken.None);
        // A beat that was already waiting for the keeper's lock when it stopped.
        keeper.Heartbeat();

        Assert.False(keeper.Holds(LeaseNames.Scheduler));
        Assert.Null(store.HolderOf(LeaseNames.Scheduler));
        Assert.True(store.TryAcquire(LeaseNames.Scheduler, "next-node", TimeSpan.FromSeconds(60)));
    }
}
