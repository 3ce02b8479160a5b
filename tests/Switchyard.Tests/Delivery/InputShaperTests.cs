using System.Text;
using Switchyard.Delivery;
using Switchyard.Delivery.Input;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Targets;
using Rule = Switchyard.Domain.Rules.Rule;

namespace Switchyard.Tests.Delivery;

/// <summary>
/// Input / InputPath / InputTransformer. The event and the expected outputs mirror what AWS delivered in LocalStack's
/// AWS-validated snapshots (tests/aws/services/events/test_events_inputs.snapshot.json) and the EventBridge docs.
/// </summary>
public sealed class InputShaperTests
{
    private static readonly Rule TestRule = new()
    {
        AccountId = "111111111111", Region = "us-east-1", BusName = "my-bus", Name = "my-rule", State = "ENABLED",
        CreatedBy = "111111111111", CreationTime = DateTimeOffset.UnixEpoch,
    };

    // EVENT_DETAIL of the snapshots: {"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}}
    private static readonly AcceptedEvent TestEvent = new("e-1", new AccountRegion("111111111111", "us-east-1"), "my-bus",
        EventEnvelope.Write(new EventEnvelope.Fields("e-1", "core.update-account-command", "core.update-account-command", "111111111111",
            DateTimeOffset.Parse("2024-05-06T15:11:50Z"), "us-east-1", [],
            """{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"},"n":5,"quote":"say \"hi\""}""")),
        DateTimeOffset.Parse("2024-05-06T15:11:51Z"), 0);

    private static string Shape(RuleTarget target) => Encoding.UTF8.GetString(new InputShaper().Shape(TestRule, target, TestEvent));

    private static string Transform(string template, Dictionary<string, string>? paths = null) =>
        Shape(new RuleTarget { Id = "t", Arn = "arn:aws:sqs:us-east-1:111111111111:q", InputTransformer = new InputTransformer { InputTemplate = template, InputPathsMap = paths } });

    private static readonly Dictionary<string, string> SnapshotPaths = new()
    {
        ["detail-type"] = "$.detail-type",
        ["timestamp"] = "$.time",
        ["command"] = "$.detail.command",
    };

    private static readonly Dictionary<string, string> MissingCommand = new(SnapshotPaths) { ["command"] = "$.detail.notinmessage" };

    [Fact]
    public void No_shaping_delivers_the_event_as_is() =>
        Assert.Equal(Encoding.UTF8.GetString(TestEvent.Envelope), Shape(new RuleTarget { Id = "t", Arn = "arn:aws:sqs:us-east-1:1:q" }));

    [Fact]
    public void Input_is_sent_verbatim() =>
        Assert.Equal("""{"fixed": [1, 2]}""", Shape(new RuleTarget { Id = "t", Arn = "arn:aws:sqs:us-east-1:1:q", Input = """{"fixed": [1, 2]}""" }));

    [Theory]
    [InlineData("$.detail", """{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"},"n":5,"quote":"say \"hi\""}""")]
    [InlineData("$.detail.payload", """{"acc_id":"0a787ecb-4015","sf_id":"baz"}""")]
    [InlineData("$.detail.payload.sf_id", "\"baz\"")] // AWS: Body "\"baz\""
    [InlineData("$.detail.n", "5")]
    [InlineData("$.resources", "[]")]
    [InlineData("$.detail.payload.*", """["0a787ecb-4015","baz"]""")]
    [InlineData("$.detail.absent", "null")]
    public void InputPath_selects_part_of_the_event(string path, string expected) =>
        Assert.Equal(expected, Shape(new RuleTarget { Id = "t", Arn = "arn:aws:sqs:us-east-1:1:q", InputPath = path }));

    [Fact]
    public void String_template_inserts_values_without_quotes()
    {
        // AWS: "\"Event of core.update-account-command type, at time date, info extracted from detail update-account\""
        Assert.Equal("\"Event of core.update-account-command type, at time 2024-05-06T15:11:50Z, info extracted from detail update-account\"",
            Transform("\"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>\"", SnapshotPaths));
    }

    [Fact]
    public void String_template_with_a_missing_path_leaves_the_placeholder_empty()
    {
        // AWS: "\"Event of ... type, at time date, info extracted from detail \""
        Assert.Equal("\"Event of core.update-account-command type, at time 2024-05-06T15:11:50Z, info extracted from detail \"",
            Transform("\"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>\"", MissingCommand));
    }

    [Fact]
    public void String_template_starting_with_special_characters_stays_a_string() =>
        Assert.Equal("\"{[/Check with special starting characters for event of core.update-account-command type\"",
            Transform("\"{[/Check with special starting characters for event of <detail-type> type\"", SnapshotPaths));

    [Fact]
    public void Json_template_quotes_string_values_outside_quotes()
    {
        // AWS: {"detailType": "core.update-account-command", "time": "date", "command": "update-account"}
        Assert.Equal("""{"detailType": "core.update-account-command",  "time": "2024-05-06T15:11:50Z", "command": "update-account"}""",
            Transform("""{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}""", SnapshotPaths));
    }

    [Fact]
    public void Json_template_with_a_missing_path_writes_an_empty_string() => // AWS: "command": ""
        Assert.Equal("""{"detailType": "core.update-account-command",  "time": "2024-05-06T15:11:50Z", "command": ""}""",
            Transform("""{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}""", MissingCommand));

    [Fact]
    public void Json_template_keeps_numbers_and_objects_as_json()
    {
        var paths = new Dictionary<string, string> { ["n"] = "$.detail.n", ["payload"] = "$.detail.payload" };
        Assert.Equal("""{"n": 5, "p": {"acc_id":"0a787ecb-4015","sf_id":"baz"}, "s": "n=5"}""",
            Transform("""{"n": <n>, "p": <payload>, "s": "n=<n>"}""", paths));
    }

    [Fact]
    public void Json_template_escapes_strings_placed_inside_quotes()
    {
        var paths = new Dictionary<string, string> { ["quote"] = "$.detail.quote" };
        Assert.Equal("""{"inside": "he said say \"hi\"", "outside": "say \"hi\""}""",
            Transform("""{"inside": "he said <quote>", "outside": <quote>}""", paths));
    }

    [Fact]
    public void Docs_example_mixes_placeholders_in_and_out_of_quotes()
    {
        var paths = new Dictionary<string, string> { ["instance"] = "$.detail.command", ["status"] = "$.detail.payload.sf_id" };
        Assert.Equal("""{"myInstance": "update-account","myStatus": "update-account is in state \"baz\""}""",
            Transform("""{"myInstance": <instance>,"myStatus": "<instance> is in state \"<status>\""}""", paths));
    }

    [Fact]
    public void Plain_text_template_inserts_values_as_they_are() =>
        Assert.Equal("update-account is in state baz",
            Transform("<instance> is in state <status>", new Dictionary<string, string> { ["instance"] = "$.detail.command", ["status"] = "$.detail.payload.sf_id" }));

    [Fact]
    public void Predefined_variables_in_a_string_template()
    {
        // LocalStack's INPUT_TEMPLATE_PREDEFINE_VARIABLES_STR
        Assert.Equal("\"Message containing all pre defined variables arn:aws:events:us-east-1:111111111111:rule/my-bus/my-rule my-rule 2024-05-06T15:11:51Z\"",
            Transform("\"Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>\""));
    }

    [Fact]
    public void Predefined_event_variables_in_a_json_template()
    {
        // LocalStack's INPUT_TEMPLATE_PREDEFINED_VARIABLES_JSON: the event variables go in unquoted.
        var output = Transform("""{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}""");
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var original = document.RootElement.GetProperty("originalEvent");
        Assert.False(original.TryGetProperty("detail", out _));
        Assert.Equal("e-1", original.GetProperty("id").GetString());
        Assert.Equal("baz", document.RootElement.GetProperty("originalEventJson").GetProperty("detail").GetProperty("payload").GetProperty("sf_id").GetString());
    }

    [Fact]
    public void Angle_brackets_that_are_not_variables_stay_text() =>
        Assert.Equal("\"a <b> c update-account\"", Transform("\"a <b> c <command>\"", SnapshotPaths));

    [Fact]
    public void Json_path_evaluator_reads_indices_and_quoted_members()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"a":[{"b c":1},{"b c":2}]}""");
        Assert.True(JsonPathEvaluator.TryEvaluate(document.RootElement, "$.a[1]['b c']", out var value));
        Assert.Equal("2", value.Json);
        Assert.False(JsonPathEvaluator.TryEvaluate(document.RootElement, "$.a[5]", out _));
        Assert.True(JsonPathEvaluator.TryEvaluate(document.RootElement, "$.a[*]['b c']", out var all));
        Assert.Equal("[1,2]", all.Json);
    }
}
