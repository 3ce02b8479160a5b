using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;
using Switchyard.Storage.Catalog;
using Rule = Switchyard.Domain.Rules.Rule;

namespace Switchyard.Tests.Storage.Catalog;

/// <summary>
/// The bus and rule catalogs of two instances ("processes") on one database: concurrent PutPermission and PutTargets
/// lose nothing, and a rule put through one instance is routed by the other's matcher.
/// </summary>
public abstract class DomainCatalogConcurrencyContract : CatalogTestBase
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private static readonly TimeProvider Time = TimeProvider.System;

    private sealed record Instance(ChangeFeedPump Pump, EventBusCatalog Buses, RuleCatalog Rules);

    private Instance Open(TimeSpan? pollInterval = null)
    {
        var pump = OpenPump(pollInterval);
        return new Instance(pump, new EventBusCatalog(pump, Time, maxBusesPerRegion: 100), new RuleCatalog(pump));
    }

    private static Rule NewRule(string name, string? pattern = """{"source":["app"]}""") => new()
    {
        AccountId = Scope.AccountId,
        Region = Scope.Region,
        BusName = "default",
        Name = name,
        EventPattern = pattern,
        State = RuleStates.Enabled,
        CreatedBy = Scope.AccountId,
        CreationTime = Time.GetUtcNow(),
    };

    // PutTargets' read-modify-write: the rule's targets plus one more.
    private static Rule WithTarget(Rule rule, string id) =>
        rule with { Targets = [.. rule.Targets, new RuleTarget { Id = id, Arn = $"arn:aws:sqs:us-east-1:123456789012:{id}" }] };

    private static IEnumerable<string?> TargetIds(Rule rule) => rule.Targets.Select(t => t.Id);

    [Fact]
    public async Task Twenty_concurrent_PutPermission_calls_with_distinct_statement_ids_keep_all_twenty()
    {
        var one = Open();
        var two = Open();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).Buses.Update(Scope, "default", bus => bus with
            {
                Policy = BusPolicyEditor.AddOrReplace(bus.Policy, bus.Arn,
                    new BusPolicyEditor.PermissionGrant($"statement-{i}", "events:PutEvents", "210987654321", null)),
            }))));

        two.Pump.CatchUp();
        one.Pump.CatchUp();
        foreach (var instance in new[] { one, two })
        {
            using var policy = JsonDocument.Parse(instance.Buses.Get(Scope, "default").Policy!);
            var sids = policy.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()).Order();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"statement-{i}").Order(), sids);
        }
    }

    [Fact]
    public async Task Twenty_concurrent_PutTargets_calls_with_distinct_target_ids_keep_all_twenty()
    {
        var one = Open();
        var two = Open();
        one.Rules.Put(Scope, "default", "fan-out", _ => NewRule("fan-out"));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).Rules.Update(Scope, "default", "fan-out", rule => WithTarget(rule, $"target-{i}")))));

        two.Pump.CatchUp();
        one.Pump.CatchUp();
        foreach (var instance in new[] { one, two })
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"target-{i}").Order(), TargetIds(instance.Rules.Get(Scope, "default", "fan-out")).Order());
    }

    [Fact]
    public async Task A_rule_put_through_another_instance_reaches_this_instances_matcher()
    {
        var one = Open(TimeSpan.FromMilliseconds(20));
        var router = new BusRouter(one.Rules, NullLogger<BusRouter>.Instance);
        one.Pump.Start();
        var two = Open();

        two.Rules.Put(Scope, "default", "from-two", _ => NewRule("from-two"));

        var matched = new List<Rule>();
        await Eventually(() =>
        {
            matched.Clear();
            router.Match(Scope, "default", """{"source":"app","detail-type":"x","detail":{}}"""u8, matched);
            return matched.Count == 1;
        });
        Assert.Equal("from-two", matched[0].Name);
        Assert.True(one.Rules.TryGet(Scope, "default", "from-two", out _));

        // And its deletion stops the routing there.
        two.Rules.Delete(Scope, "default", "from-two");
        await Eventually(() =>
        {
            matched.Clear();
            router.Match(Scope, "default", """{"source":"app","detail-type":"x","detail":{}}"""u8, matched);
            return matched.Count == 0;
        });
    }

    [Fact]
    public void A_rule_put_here_is_routed_as_soon_as_the_call_returns()
    {
        var one = Open();
        var router = new BusRouter(one.Rules, NullLogger<BusRouter>.Instance);

        one.Rules.Put(Scope, "default", "mine", _ => NewRule("mine"));

        var matched = new List<Rule>();
        router.Match(Scope, "default", """{"source":"app","detail-type":"x","detail":{}}"""u8, matched);
        Assert.Equal("mine", Assert.Single(matched).Name);
    }

    [Fact]
    public void Looking_up_a_bus_and_a_rule_on_the_event_paths_allocates_nothing()
    {
        var one = Open();
        one.Buses.Get(Scope, "default");
        one.Rules.Put(Scope, "default", "hot", _ => NewRule("hot"));
        var found = 0;
        void Lookups()
        {
            // PutEvents finds its bus; each delivery finds its rule.
            if (one.Buses.TryGet(Scope, "default", out _)) found++;
            if (one.Rules.TryGet(Scope, "default", "hot", out _)) found++;
        }
        for (var i = 0; i < 50; i++) Lookups();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++) Lookups();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(500, found);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Rules_of_buses_whose_names_share_a_prefix_are_listed_apart()
    {
        var one = Open();
        one.Rules.Put(Scope, "orders", "r", _ => NewRule("r") with { BusName = "orders" });
        one.Rules.Put(Scope, "orders/eu", "r", _ => NewRule("r") with { BusName = "orders/eu" });

        Assert.Single(one.Rules.List(Scope, "orders"));
        Assert.Single(one.Rules.List(Scope, "orders/eu"));
        Assert.Equal(1, one.Rules.CountOnBus(Scope, "orders"));
        Assert.Equal("orders/eu", one.Rules.Get(Scope, "orders/eu", "r").BusName);
    }
}

public sealed class InMemoryDomainCatalogConcurrencyTests : DomainCatalogConcurrencyContract
{
    protected override CatalogDatabase CreateDatabase() => new MemoryCatalogDatabase();
}

public sealed class SqliteDomainCatalogConcurrencyTests : DomainCatalogConcurrencyContract
{
    protected override CatalogDatabase CreateDatabase() => new SqliteCatalogDatabase();
}

public sealed class PostgresDomainCatalogConcurrencyTests : DomainCatalogConcurrencyContract
{
    protected override CatalogDatabase CreateDatabase() => new PostgresCatalogDatabase();
}
