using System.Text;

namespace Switchyard.Patterns.Tests.Matching;

public class ConcurrencyTests
{
    /// <summary>
    /// Readers match continuously while a writer adds and removes rules. A stable rule must always match, rules must
    /// never be reported for events they cannot match, and when the writer is done the result must reflect the final set.
    /// </summary>
    [Fact]
    public async Task AddAndRemoveWhileOtherThreadsMatch()
    {
        var matcher = new PatternMatcher();
        matcher.Add("stable", EventPattern.Parse("""{"kind":["order"]}"""));
        var evt = Encoding.UTF8.GetBytes("""{"kind":"order","n":7,"tag":"t7"}""");
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var matches = 0L;

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var names = new List<string>();
            while (!stop.IsCancellationRequested)
            {
                matcher.Match(evt, names);
                if (!names.Contains("stable")) Interlocked.Increment(ref failures);
                foreach (var name in names)
                    if (name != "stable" && !name.StartsWith("n7-", StringComparison.Ordinal) && !name.StartsWith("t7-", StringComparison.Ordinal))
                        Interlocked.Increment(ref failures);
                Interlocked.Increment(ref matches);
            }
        })).ToArray();

        for (var i = 0; i < 2000; i++)
        {
            var n = i % 10;
            matcher.Add($"n{n}-{i}", EventPattern.Parse($$"""{"n":[{"numeric":["=",{{n}}]}]}"""));
            matcher.Add($"t{n}-{i}", EventPattern.Parse($$"""{"tag":[{"prefix":"t{{n}}"}]}"""));
            if (i >= 50)
            {
                matcher.Remove($"n{(i - 50) % 10}-{i - 50}");
                matcher.Remove($"t{(i - 50) % 10}-{i - 50}");
            }

            if (i % 100 == 0) await Task.Yield();
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, failures);
        Assert.True(matches > 0);

        var final = matcher.Match(evt);
        var expected = Enumerable.Range(1950, 50).Where(i => i % 10 == 7).SelectMany(i => new[] { $"n7-{i}", $"t7-{i}" }).Append("stable");
        Assert.Equal(expected.Order(), final.Order());
        Assert.Equal(101, matcher.Count);
    }
}
