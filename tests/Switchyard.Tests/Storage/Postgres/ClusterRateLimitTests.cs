using System.Collections.Concurrent;
using Switchyard.Delivery.ApiDestinations;
using Switchyard.Storage.Postgres;
using Xunit;

namespace Switchyard.Tests.Storage.Postgres;

/// <summary>
/// InvocationRateLimitPerSecond shared by the nodes on one database: two limiters (two nodes, each with its own
/// connection pool) racing for one destination's tokens. Judged by counting the calls granted in each second of the
/// database's clock, not by timing.
/// </summary>
public class ClusterRateLimitTests
{
    private const string Destination = "arn:aws:events:us-east-1:111111111111:api-destination/limited/1";

    [Fact]
    public async Task Two_nodes_together_never_pass_the_limit_in_any_second()
    {
        const int limit = 30;
        const int total = 150;
        var connection = PostgresTestServer.CreateDatabase();
        using var first = PostgresDatabase.Open(connection);
        using var second = PostgresDatabase.Open(connection);
        var nodes = new[]
        {
            new ClusterInvocationRateLimiter(Destination, limit, new PostgresRateLimitWindows(first), TimeProvider.System),
            new ClusterInvocationRateLimiter(Destination, limit, new PostgresRateLimitWindows(second), TimeProvider.System),
        };
        var perWindow = new ConcurrentDictionary<long, int>();
        var perNode = new int[nodes.Length];
        var taken = 0;
        // Three callers per node, each taking turns until the nodes together have had `total` calls.
        var callers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var node = i % nodes.Length;
            while (Interlocked.Increment(ref taken) <= total)
            {
                var window = await nodes[node].TakeTurnAsync(CancellationToken.None);
                perWindow.AddOrUpdate(window, 1, (_, n) => n + 1);
                Interlocked.Increment(ref perNode[node]);
            }
        }));
        await Task.WhenAll(callers);

        Assert.Equal(total, perWindow.Values.Sum());
        Assert.All(perWindow, window => Assert.InRange(window.Value, 1, limit));
        // 150 calls at 30 a second need at least five seconds: the limiters waited instead of letting calls through.
        Assert.True(perWindow.Count >= total / limit, $"calls spread over {perWindow.Count} seconds");
        // Both nodes got calls out: the budget is shared, not taken by whoever came first.
        Assert.All(perNode, count => Assert.True(count > 0));
    }

    [Fact]
    public async Task A_batch_that_no_longer_fits_is_refused_whole_and_single_tokens_still_fit()
    {
        var connection = PostgresTestServer.CreateDatabase();
        using var database = PostgresDatabase.Open(connection);
        var windows = new PostgresRateLimitWindows(database);
        // Retried (under a new limiter) until the takes land in one second of the database's clock.
        for (var attempt = 0; ; attempt++)
        {
            var limiter = $"{Destination}-{attempt}";
            var a = await windows.TakeAsync(limiter, 4, 5, CancellationToken.None);
            var b = await windows.TakeAsync(limiter, 4, 5, CancellationToken.None);
            var c = await windows.TakeAsync(limiter, 1, 5, CancellationToken.None);
            var d = await windows.TakeAsync(limiter, 1, 5, CancellationToken.None);
            if (new[] { a, b, c, d }.Select(g => g.WindowSecond).Distinct().Count() > 1 && attempt < 5) continue;
            Assert.Equal(4, a.Granted);
            Assert.Equal(0, b.Granted);
            Assert.Equal(1, c.Granted);
            Assert.Equal(0, d.Granted);
            Assert.InRange(a.SecondsLeft, 0, 1);
            return;
        }
    }
}
