using System.Text.RegularExpressions;
using Switchyard.Protocol;

namespace Switchyard.Tests.Protocol;

public sealed class RequestIdsTests
{
    [Fact]
    public void Ids_are_distinct_lower_case_version_4_uuids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RequestIds.NewId()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var uuid4 = new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
        Assert.All(ids, id => Assert.Matches(uuid4, id));
    }
}
