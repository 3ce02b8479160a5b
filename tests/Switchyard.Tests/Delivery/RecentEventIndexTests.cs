using Switchyard.Delivery.Journal;
using static Switchyard.Tests.Delivery.EventJournalContract;

namespace Switchyard.Tests.Delivery;

public sealed class RecentEventIndexTests
{
    [Fact]
    public void Recent_index_forgets_the_oldest_beyond_its_capacity()
    {
        var index = new RecentEventIndex(2);
        index.Add(Event("a"));
        index.Add(Event("b"));
        index.Add(Event("c"));
        Assert.False(index.TryGet("a", out _));
        Assert.True(index.TryGet("c", out var c));
        Assert.Equal("c", c.EventId);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Recent_index_answers_the_first_bus_of_an_event_seen_twice()
    {
        var index = new RecentEventIndex(4);
        index.Add(Event("a") with { BusName = "first" });
        index.Add(Event("a") with { BusName = "second" });
        Assert.True(index.TryGet("a", out var found));
        Assert.Equal("first", found.BusName);
        Assert.False(new RecentEventIndex(0).TryGet("a", out _));
    }
}
