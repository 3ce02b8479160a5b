using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Delivery;
using Switchyard.Delivery.Invokers;
using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Organizations;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;
using Switchyard.Hosting;
using Switchyard.Tests.CrossAccount;
using Switchyard.Settings;
using Switchyard.Domain.Routing;

namespace Switchyard.Tests.Delivery;

/// <summary>
/// A log-group target ARN never names a file outside the log directory: every traversal form is refused by PutTargets
/// and, should one reach delivery anyway (a rule stored before the check, a crafted journal), by the invoker, with no
/// file created anywhere around the data directory. Legal names with <c>/</c>, <c>.</c>, <c>..</c> and 512
/// characters land in their own file inside it.
/// </summary>
public sealed class LogGroupPathTests : IDisposable
{
    private const string Account = "123456789012";
    private const string Region = "us-east-1";

    // root/ holds the data directory and siblings an escape would reach: root/data/logs is the log directory.
    private readonly string _root = Directory.CreateTempSubdirectory("switchyard-paths-").FullName;
    private string DataDirectory => Path.Combine(_root, "data");
    private string LogDirectory => Path.Combine(DataDirectory, "logs");

    public LogGroupPathTests()
    {
        Directory.CreateDirectory(LogDirectory);
        Directory.CreateDirectory(Path.Combine(_root, "sibling"));
        File.WriteAllText(Path.Combine(_root, "sibling", "keep.txt"), "untouched");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Traversal forms in the account and the region (a name's own <c>..</c> and <c>/</c> are legal on AWS: those are in
    /// the test of legal names), names with NUL, backslashes, spaces, empty and over-long names, and absolute paths.
    /// </summary>
    public static TheoryData<string> TraversalArns() => new(TraversalArnList());

    private static string[] TraversalArnList()
    {
        var outside = Path.Combine(Path.GetTempPath(), "switchyard-escape-" + Guid.NewGuid().ToString("N")[..8]);
        return
        [
            $"arn:aws:logs:{Region}:..:log-group:x",
            "arn:aws:logs:..:..:log-group:x",
            $"arn:aws:logs:..:{Account}:log-group:x",
            $"arn:aws:logs:{Region}:../..:log-group:x",
            $"arn:aws:logs:{Region}:../../sibling:log-group:x",
            $"arn:aws:logs:../../../sibling:{Account}:log-group:x",
            $"arn:aws:logs:{Region}:{outside}:log-group:x",
            $"arn:aws:logs:{outside}:{Account}:log-group:x",
            $"arn:aws:logs:{Region}:/etc:log-group:passwd",
            $"arn:aws:logs:{Region}:{Account}:log-group:a\0b",
            $"arn:aws:logs:{Region}:{Account}:log-group:x\0/../../../../sibling/y",
            $"arn:aws:logs:{Region}:{Account}:log-group:..\\..\\sibling\\x",
            $"arn:aws:logs:{Region}:{Account}:log-group:x y",
            $"arn:aws:logs:{Region}:{Account}:log-group:",
            $"arn:aws:logs:{Region}:{Account}:log-group:{new string('a', LogGroupArn.MaxNameLength + 1)}",
            $"arn:aws:logs:{Region}:{Account}:log-group:{new string('a', 5000)}",
            $"arn:aws:logs:{Region}:12345678901:log-group:x",
            $"arn:aws:logs:{Region}:1234567890123:log-group:x",
            $"arn:aws:logs:{Region}:{Account}\n:log-group:x",
            $"arn:aws:logs:US-EAST-1:{Account}:log-group:x",
            $"arn:aws:logs::{Account}:log-group:x",
        ];
    }

    [Theory]
    [MemberData(nameof(TraversalArns))]
    public void The_arn_check_refuses_every_traversal_form(string arn)
    {
        Assert.True(Arns.TryParse(arn, out var parsed));
        Assert.False(LogGroupArn.TryParse(parsed, out _, out var reason));
        Assert.NotEmpty(reason);
        Assert.Throws<Switchyard.Protocol.Model.AwsServiceException>(() => TargetValidator.Validate(new RuleTarget { Id = "t", Arn = arn }, new AccountRegion(Account, Region)));
    }

    [Theory]
    [MemberData(nameof(TraversalArns))]
    public async Task Delivery_of_a_traversal_arn_creates_no_file_anywhere(string arn)
    {
        var outsideDirectories = OutsideDirectoriesNamedIn(arn);
        var before = Snapshot();
        var result = await Invoke(arn);

        Assert.False(result.Succeeded);
        Assert.Equal(DeliveryErrorCodes.NoResource, result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Equal(before, Snapshot());
        foreach (var directory in outsideDirectories) Assert.False(Path.Exists(directory), $"{directory} was created");
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(_root, "sibling", "keep.txt")));
    }

    [Theory]
    [InlineData("/aws/events/app", "%2Faws%2Fevents%2Fapp.jsonl")]
    [InlineData("..", "...jsonl")]
    [InlineData(".", "..jsonl")]
    [InlineData("/..", "%2F...jsonl")]
    [InlineData("../../x", "..%2F..%2Fx.jsonl")]
    [InlineData("../../../sibling/x", "..%2F..%2F..%2Fsibling%2Fx.jsonl")]
    [InlineData("/tmp/x", "%2Ftmp%2Fx.jsonl")]
    [InlineData("a//b/", "a%2F%2Fb%2F.jsonl")]
    [InlineData("#team_a-1.0", "#team_a-1.0.jsonl")]
    public async Task Legal_names_with_slashes_and_dots_stay_in_their_own_file_inside_the_log_directory(string name, string file)
    {
        var result = await Invoke($"arn:aws:logs:{Region}:{Account}:log-group:{name}");

        Assert.True(result.Succeeded, result.ErrorMessage);
        var expected = Path.Combine(LogDirectory, Account, Region, file);
        Assert.Equal([expected], Snapshot().Where(p => p.StartsWith(LogDirectory, StringComparison.Ordinal) && File.Exists(p)));
        Assert.Single(File.ReadAllLines(expected));
        Assert.Equal(["data", "sibling"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_512_character_name_gets_a_short_file_name_distinct_from_its_neighbours()
    {
        var first = new string('a', 300) + "/" + new string('b', 211);
        var second = new string('a', 300) + "/" + new string('c', 211);
        var longest = new string('/', LogGroupArn.MaxNameLength);
        foreach (var name in new[] { first, second, longest })
        {
            Assert.True((await Invoke($"arn:aws:logs:{Region}:{Account}:log-group:{name}")).Succeeded);
            Assert.True(LogGroupFiles.FileName(name).Length <= LogGroupFiles.MaxFileNameLength);
        }

        var files = Directory.GetFiles(Path.Combine(LogDirectory, Account, Region));
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.Single(File.ReadAllLines(f)));
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("%2~") || Path.GetFileName(f).Contains("%~"));
    }

    [Fact]
    public void Names_that_an_underscore_mapping_would_merge_get_separate_files()
    {
        string[] names = ["/a_b", "_a/b", "_a_b", "/a/b"];
        Assert.Equal(names.Length, names.Select(LogGroupFiles.FileName).Distinct().Count());
    }

    [Fact]
    public void The_stream_suffix_names_the_same_group()
    {
        Assert.True(Arns.TryParse($"arn:aws:logs:{Region}:{Account}:log-group:/app:*", out var arn));
        Assert.True(LogGroupArn.TryParse(arn, out var group, out _));
        Assert.Equal("/app", group.Name);
        Assert.True(LogGroupFiles.TryResolve(LogDirectory, group, out var path));
        Assert.Equal(Path.Combine(LogDirectory, Account, Region, "%2Fapp.jsonl"), path);
    }

    [Fact]
    public async Task PutTargets_refuses_traversal_arns_and_stores_nothing()
    {
        await using var server = await CrossAccountServer.StartAsync("{}");
        await server.OkAsync(Account, "PutRule", """{"Name":"r","EventPattern":"{\"source\":[\"s\"]}"}""");
        foreach (var arn in TraversalArnList())
        {
            var body = new JsonObject { ["Rule"] = "r", ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "t", ["Arn"] = arn }) }.ToJsonString();
            var response = await server.CallAsync(Account, "PutTargets", body);
            Assert.True(response.Status == 400, $"{arn}: {response.Status} {response.Body}");
            // ARNs over the model's 1600 characters fail the model's constraint; the rest fail the log-group check.
            Assert.Equal("ValidationException", response.Json.GetProperty("__type").GetString());
        }
        var targets = await server.OkAsync(Account, "ListTargetsByRule", """{"Rule":"r"}""");
        Assert.Equal(0, targets.GetProperty("Targets").GetArrayLength());
    }

    private async Task<InvocationResult> Invoke(string arn)
    {
        Assert.True(Arns.TryParse(arn, out var parsed));
        var modules = new ModuleSettings(new Dictionary<string, JsonElement>());
        var invoker = new LogGroupTargetInvoker(new LogDirectory(LogDirectory), new LogGroupGrants(modules),
            new TargetAccess(new BusAccessAuthorizer(new OrganizationDirectory(modules))));
        Assert.True(invoker.CanHandle(parsed));
        var scope = new AccountRegion(Account, Region);
        var rule = new Rule
        {
            AccountId = Account, Region = Region, BusName = "default", Name = "r", State = RuleStates.Enabled,
            CreatedBy = Account, CreationTime = DateTimeOffset.UnixEpoch,
        };
        var accepted = new AcceptedEvent("e-1", scope, "default", """{"id":"e-1"}"""u8.ToArray(), DateTimeOffset.UnixEpoch, 0);
        return await invoker.InvokeAsync(new TargetInvocation(rule, new RuleTarget { Id = "t", Arn = arn }, parsed, accepted, """{"id":"e-1"}"""u8.ToArray(), 1), default);
    }

    /// <summary>Every file and directory under the test's root (data directory and its siblings).</summary>
    private List<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Where a write through an absolute ARN part would have landed: the part itself and PART/REGION.</summary>
    private static List<string> OutsideDirectoriesNamedIn(string arn) =>
        arn.Split(':').Where(part => part.StartsWith('/') && part.Length > 1)
            .SelectMany(part => new[] { Path.Combine(part, Region), Path.Combine(part, Account) }
                .Concat(part.Contains("switchyard-escape-", StringComparison.Ordinal) ? [part[..(part.IndexOf("switchyard-escape-", StringComparison.Ordinal) + 26)]] : []))
            .ToList();
}
