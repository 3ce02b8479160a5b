using static Switchyard.Tests.Protocol.Validation.ValidationAssert;

namespace Switchyard.Tests.Protocol.Validation;

/// <summary>ValidationException texts, one test per constraint kind, compared with AWS's messages verbatim.</summary>
public class ConstraintValidationTests
{
    private const string TargetIdPattern = @"[\.\-_A-Za-z0-9]+";

    [Fact]
    public void Pattern_PutPermissionPrincipal()
    {
        ValidationError("PutPermission",
            """{"Action":"events:PutEvents","Principal":"abc","StatementId":"s1"}""",
            @"1 validation error detected: Value 'abc' at 'principal' failed to satisfy constraint: " +
            @"Member must satisfy regular expression pattern: (\d{12}|\*)");
    }

    [Fact]
    public void MaxLength_StatementIdOf65()
    {
        var id = new string('a', 65);
        ValidationError("PutPermission",
            $$"""{"Action":"events:PutEvents","Principal":"*","StatementId":"{{id}}"}""",
            $"1 validation error detected: Value '{id}' at 'statementId' failed to satisfy constraint: " +
            "Member must have length less than or equal to 64");
    }

    [Fact]
    public void Pattern_InListOfStructures_UsesOneBasedMemberPath()
    {
        // AWS-recorded (LocalStack snapshot): the target id pattern failure on PutTargets.
        ValidationError("PutTargets",
            """{"Rule":"r1","Targets":[{"Id":"!@#$@!#$","Arn":"arn:aws:sqs:us-east-1:123456789012:q"}]}""",
            "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: " +
            $"Member must satisfy regular expression pattern: {TargetIdPattern}");
    }

    [Fact]
    public void Pattern_SecondListElement_IsNumberedTwo()
    {
        ValidationError("PutTargets",
            """{"Rule":"r1","Targets":[{"Id":"ok","Arn":"a"},{"Id":"no way","Arn":"a"}]}""",
            "1 validation error detected: Value 'no way' at 'targets.2.member.id' failed to satisfy constraint: " +
            $"Member must satisfy regular expression pattern: {TargetIdPattern}");
    }

    [Fact]
    public void Required_MissingName_OnCreateEventBus()
    {
        ValidationError("CreateEventBus", "{}",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public void Required_ExplicitNullCountsAsMissing()
    {
        ValidationError("CreateEventBus", """{"Name":null}""",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public void Required_NestedMembers_InModelOrder()
    {
        ValidationError("PutPermission", """{"Condition":{}}""",
            "3 validation errors detected: " +
            "Value null at 'condition.type' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'condition.key' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'condition.value' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public void Required_InsideListElements()
    {
        ValidationError("PutTargets", """{"Rule":"r","Targets":[{"Id":"t"}]}""",
            "1 validation error detected: Value null at 'targets.1.member.arn' failed to satisfy constraint: " +
            "Member must not be null");
    }

    [Fact]
    public void Enum_WrongValue()
    {
        ValidationError("UpdateEventBus", """{"LogConfig":{"Level":"LOUD"}}""",
            "1 validation error detected: Value 'LOUD' at 'logConfig.level' failed to satisfy constraint: " +
            "Member must satisfy enum value set: [OFF, ERROR, INFO, TRACE]");
    }

    [Fact]
    public void Enum_IsCaseSensitive()
    {
        ValidationError("UpdateEventBus", """{"LogConfig":{"IncludeDetail":"full"}}""",
            "1 validation error detected: Value 'full' at 'logConfig.includeDetail' failed to satisfy constraint: " +
            "Member must satisfy enum value set: [NONE, FULL]");
    }

    [Fact]
    public void TwoErrors_AreCountedAndJoinedWithSemicolons_InMemberOrder()
    {
        var id = new string('s', 65);
        ValidationError("PutPermission",
            $$"""{"StatementId":"{{id}}","Principal":"abc","Action":"events:PutEvents"}""",
            "2 validation errors detected: " +
            @"Value 'abc' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\d{12}|\*); " +
            $"Value '{id}' at 'statementId' failed to satisfy constraint: Member must have length less than or equal to 64");
    }

    [Fact]
    public void PatternBeforeLength_ForOneValue()
    {
        // Same order as AWS's recorded "Value '89hls;;f;d' ... pattern ...; Value '89hls;;f;d' ... length ..." (DynamoDB).
        ValidationError("DescribeEventBus", """{"Name":""}""",
            "2 validation errors detected: " +
            @"Value '' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
            @"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+; " +
            "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    [Fact]
    public void ListTooLong_PrintsEntriesAsAwsDoes()
    {
        var entry = """{"Source":"my.app","DetailType":"t","Detail":"{}","EventBusName":"default"}""";
        var entries = string.Join(",", Enumerable.Repeat(entry, 11));
        var printed = string.Join(", ", Enumerable.Repeat(
            "PutEventsRequestEntry(time=null, source=my.app, resources=null, detailType=t, detail={}, " +
            "eventBusName=default, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)", 11));
        ValidationError("PutEvents", $$"""{"Entries":[{{entries}}]}""",
            $"1 validation error detected: Value '[{printed}]' at 'entries' failed to satisfy constraint: " +
            "Member must have length less than or equal to 10");
    }

    [Fact]
    public void ListTooShort()
    {
        ValidationError("PutEvents", """{"Entries":[]}""",
            "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: " +
            "Member must have length greater than or equal to 1");
    }

    [Fact]
    public void ListValue_PrintsTimestampsAndListsLikeJava()
    {
        var entry = """{"Time":1704067200,"Source":"s","Resources":["r1","r2"]}""";
        var entries = string.Join(",", Enumerable.Repeat(entry, 11));
        var printed = string.Join(", ", Enumerable.Repeat(
            "PutEventsRequestEntry(time=Mon Jan 01 00:00:00 UTC 2024, source=s, resources=[r1, r2], detailType=null, " +
            "detail=null, eventBusName=null, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)", 11));
        ValidationError("PutEvents", $$"""{"Entries":[{{entries}}]}""",
            $"1 validation error detected: Value '[{printed}]' at 'entries' failed to satisfy constraint: " +
            "Member must have length less than or equal to 10");
    }

    [Fact]
    public void IntegerBelowMinimum()
    {
        ValidationError("ListEventBuses", """{"Limit":0}""",
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: " +
            "Member must have value greater than or equal to 1");
    }

    [Fact]
    public void IntegerAboveMaximum()
    {
        ValidationError("ListEventBuses", """{"Limit":101}""",
            "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: " +
            "Member must have value less than or equal to 100");
    }

    [Fact]
    public void IntegerFractionIsTruncatedBeforeChecking()
    {
        Valid("ListEventBuses", """{"Limit":100.9}""");
        ValidationError("ListEventBuses", """{"Limit":0.5}""",
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: " +
            "Member must have value greater than or equal to 1");
    }

    [Fact]
    public void IntegerBeyondRange_SaturatesAsAwsDoes()
    {
        ValidationError("ListEventBuses", """{"Limit":1e400}""",
            "1 validation error detected: Value '2147483647' at 'limit' failed to satisfy constraint: " +
            "Member must have value less than or equal to 100");
    }

    [Fact]
    public void ScalarListElements_AreReportedOnceWithAllElementConstraints()
    {
        ValidationError("RemoveTargets", """{"Rule":"r","Ids":["fine","bad id!"]}""",
            "1 validation error detected: Value '[fine, bad id!]' at 'ids' failed to satisfy constraint: " +
            "Member must satisfy constraint: [Member must have length less than or equal to 64, " +
            $"Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: {TargetIdPattern}]");
    }

    [Fact]
    public void MapKeys_AreReportedAtTheMapPath()
    {
        // Wording as in a real EventBridge PutTargets response quoted by a user.
        ValidationError("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","InputTransformer":{"InputPathsMap":{"de onde?":"$.detail.ip","ok":"$.id"},"InputTemplate":"x"}}]}""",
            "1 validation error detected: Value '{de onde?=$.detail.ip, ok=$.id}' at " +
            "'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: " +
            "[Member must have length less than or equal to 256, Member must have length greater than or equal to 1, " +
            @"Member must satisfy regular expression pattern: [A-Za-z0-9\_\-]+]");
    }

    [Fact]
    public void MapValues_AreReportedAtTheMapPath()
    {
        var path = new string('p', 257);
        ValidationError("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","InputTransformer":{"InputPathsMap":{"k":"PATH"},"InputTemplate":"x"}}]}"""
                .Replace("PATH", path),
            $"1 validation error detected: Value '{{k={path}}}' at " +
            "'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map value must satisfy constraint: " +
            "[Member must have length less than or equal to 256]");
    }

    [Fact]
    public void MapTooManyEntries()
    {
        var entries = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"k{i}\":\"$.a\""));
        var outcome = Validate("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","InputTransformer":{"InputPathsMap":{ENTRIES},"InputTemplate":"x"}}]}"""
                .Replace("ENTRIES", entries));
        Assert.StartsWith("1 validation error detected: Value '{k0=$.a, k1=$.a", outcome.Message);
        Assert.EndsWith("}' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: " +
                        "Member must have length less than or equal to 100", outcome.Message);
    }

    [Fact]
    public void SensitiveValues_AreLeftOut()
    {
        ValidationError("CreateConnection",
            """{"Name":"c","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"u","Password":""}}}""",
            "2 validation errors detected: " +
            "Value at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: Member must satisfy " +
            @"regular expression pattern: ^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$; " +
            "Value at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: " +
            "Member must have length greater than or equal to 1");
    }

    [Fact]
    public void LowerCaseWireMembers_KeepTheirNamesInPaths()
    {
        ValidationError("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","EcsParameters":{"TaskDefinitionArn":"x","CapacityProviderStrategy":[{"capacityProvider":"p","weight":1001}]}}]}""",
            "1 validation error detected: Value '1001' at " +
            "'targets.1.member.ecsParameters.capacityProviderStrategy.1.member.weight' failed to satisfy constraint: " +
            "Member must have value less than or equal to 1000");
    }

    [Fact]
    public void UnknownMembersAreIgnored()
    {
        Valid("CreateEventBus", """{"Name":"bus","NoSuchMember":{"deep":[1,2,3]},"name":42}""");
    }

    [Fact]
    public void ValidRequests_Pass()
    {
        Valid("PutPermission",
            """{"EventBusName":"default","Action":"events:PutEvents","Principal":"111122223333","StatementId":"my-statement_1","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"o-1234567890"}}""");
        Valid("PutPermission", """{"Policy":"{\"Version\":\"2012-10-17\"}"}""");
        Valid("DescribeEventBus", """{"Name":"arn:aws:events:us-east-1:123456789012:event-bus/my-bus"}""");
        Valid("ListEventBuses", "{}");
        Valid("RemovePermission", """{"RemoveAllPermissions":true}""");
        Valid("PutEvents", """{"Entries":[{"Source":"a","DetailType":"b","Detail":"{}"}],"EndpointId":"abc.xyz"}""");
    }

    [Fact]
    public void JavaWordClass_IsAsciiOnly()
    {
        // \w in the model's Java pattern does not match 'é' (Java's \w is ASCII); .NET's would.
        ValidationError("DescribeEventBus", """{"Name":"arn:aws:events:us-east-1:123456789012:event-bus/bé"}""",
            "1 validation error detected: Value 'arn:aws:events:us-east-1:123456789012:event-bus/bé' at 'name' " +
            "failed to satisfy constraint: Member must satisfy regular expression pattern: " +
            @"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+");
    }

    [Fact]
    public void JavaDot_DoesNotMatchLineTerminators()
    {
        Valid("CreateArchive", """{"ArchiveName":"a","EventSourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/b","Description":"one line"}""");
        ValidationError("CreateArchive",
            """{"ArchiveName":"a","EventSourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/b","Description":"two\u2028lines"}""",
            "1 validation error detected: Value 'two\u2028lines' at 'description' failed to satisfy constraint: " +
            "Member must satisfy regular expression pattern: .*");
    }

    [Fact]
    public void UnicodePropertyClasses_AreHonoured()
    {
        Valid("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","RunCommandParameters":{"RunCommandTargets":[{"Key":"tag:Größe","Values":["v"]}]}}]}""");
    }
}
