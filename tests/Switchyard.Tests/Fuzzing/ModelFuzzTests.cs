using System.Diagnostics;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Switchyard.Protocol.Model;
using Switchyard.Tests.Integration;
using Xunit.Abstractions;

namespace Switchyard.Tests.Fuzzing;

/// <summary>
/// Model-driven fuzzing of every operation of the service model against the running server over real HTTP: bodies
/// from <see cref="ModelBodies"/>, and for each the property "no 5xx, an answer within 2 s, and a refused request
/// (4xx) leaves every list/describe answer of the account as it was".
/// </summary>
/// <remarks>
/// Seeded and reproducible: case i of an operation uses its own seed, derived from the run's seed
/// (<c>SWITCHYARD_FUZZ_SEED</c>, fixed by default). A failure prints the operation, the case seed and the body;
/// <c>SWITCHYARD_FUZZ_CASE=Operation:seed</c> runs that one case alone.
/// </remarks>
public sealed class ModelFuzzTests(ITestOutputHelper output)
{
    private const ulong DefaultSeed = 20261202;

    /// <summary>Cases per operation the server serves; operations it does not serve answer before reading the body.</summary>
    private const int CasesPerServedOperation = 70;

    private const int CasesPerOtherOperation = 8;

    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task EveryOperationSurvivesModelDrivenBadInput()
    {
        await using var server = await ServerHarness.StartAsync();
        var state = new FuzzState(server);
        await state.SeedAsync();
        var before = await state.SnapshotAsync();

        var failures = new List<string>();
        var cases = 0;
        var statuses = new SortedDictionary<int, int>();
        var slowest = TimeSpan.Zero;
        foreach (var (operation, seed) in Cases(server))
        {
            var body = ModelBodies.Body(operation).Sample(30, new Rnd(seed), 1)[0];
            var watch = Stopwatch.StartNew();
            var answer = await server.CallBytesAsync(operation.Name, body, accessKeyId: FuzzState.Account);
            var took = watch.Elapsed;
            if (took > slowest) slowest = took;
            cases++;
            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;

            string? problem = null;
            if (answer.Status >= 500) problem = $"status {answer.Status}";
            else if (took > AnswerWithin) problem = $"answered after {took.TotalMilliseconds:F0} ms";
            var after = await state.SnapshotAsync();
            if (problem is null && answer.Status != 200 && after != before) problem = "a refused request changed state:\n" + Diff(before, after);
            before = after;

            if (problem is not null)
            {
                failures.Add($"{operation.Name} seed {seed}: {problem}\n  body: {Printable(body)}\n  answer: {answer.Status} {Truncate(answer.Body, 500)}");
                if (failures.Count >= 25) break;
            }
        }

        output.WriteLine($"{cases} cases; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}; slowest answer {slowest.TotalMilliseconds:F0} ms");
        Assert.True(failures.Count == 0, $"{failures.Count} failing case(s) of {cases} (replay one with SWITCHYARD_FUZZ_CASE=Operation:seed):\n" + string.Join("\n\n", failures));
        Assert.True(cases >= 2000, $"only {cases} cases ran");
    }

    /// <summary>Every operation of the model with its case seeds, or the one case SWITCHYARD_FUZZ_CASE names.</summary>
    private static IEnumerable<(OperationModel Operation, ulong Seed)> Cases(ServerHarness server)
    {
        var only = Environment.GetEnvironmentVariable("SWITCHYARD_FUZZ_CASE");
        if (!string.IsNullOrEmpty(only))
        {
            var (name, seed) = (only[..only.IndexOf(':')], ulong.Parse(only[(only.IndexOf(':') + 1)..], CultureInfo.InvariantCulture));
            Assert.True(ServiceModel.TryGetOperation(name, out var op), $"no operation {name}");
            yield return (op, seed);
            yield break;
        }

        var runSeed = ulong.TryParse(Environment.GetEnvironmentVariable("SWITCHYARD_FUZZ_SEED"), out var given) ? given : DefaultSeed;
        var served = server.Services.GetService(typeof(Switchyard.Protocol.OperationRegistry)) as Switchyard.Protocol.OperationRegistry;
        var operations = ServiceModel.Operations;
        for (var index = 0; index < operations.Count; index++)
        {
            var op = operations[index];
            var count = served?.TryGet(op.Name, out _) == true ? CasesPerServedOperation : CasesPerOtherOperation;
            for (var i = 0; i < count; i++)
            {
                yield return (op, runSeed * 1_000_003UL + (ulong)index * 10_007UL + (ulong)i);
            }
        }
    }

    private static string Diff(string before, string after)
    {
        var old = before.Split('\n');
        var now = after.Split('\n');
        var lines = old.Except(now).Select(l => "  - " + Truncate(l, 400)).Concat(now.Except(old).Select(l => "  + " + Truncate(l, 400)));
        return string.Join("\n", lines);
    }

    /// <summary>The body as text, with bytes that are not printable ASCII as \xNN, cut to a readable length.</summary>
    private static string Printable(byte[] body)
    {
        var text = new StringBuilder();
        foreach (var b in body.Take(3000))
        {
            if (b is >= 0x20 and < 0x7F) text.Append((char)b);
            else text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }
        if (body.Length > 3000) text.Append(CultureInfo.InvariantCulture, $"... ({body.Length} bytes)");
        return text.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "...";
}
