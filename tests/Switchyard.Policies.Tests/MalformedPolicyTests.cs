namespace Switchyard.Policies.Tests;

/// <summary>Documents AWS refuses, each with the location and the reason in the message.</summary>
public class MalformedPolicyTests
{
    private const string Body = "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\"";

    private static string One(string statementBody) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{" + statementBody + "}]}";

    private static string WithCondition(string conditionJson) => One(Body + ",\"Condition\":" + conditionJson);

    public static TheoryData<string, string?, string> Documents => new()
    {
        // The document as a whole.
        { "not json", null, "not valid JSON" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{}],}", null, "not valid JSON" },
        { "", null, "not valid JSON" },
        { "[]", null, "must be a JSON object" },
        { "\"policy\"", null, "must be a JSON object" },
        { "{}", null, "missing required field Statement" },
        { "{\"Version\":\"2012-10-17\"}", null, "missing required field Statement" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[],\"Extra\":1}", null, "unknown field \"Extra\"" },
        { "{\"version\":\"2012-10-17\",\"Statement\":[]}", null, "unknown field \"version\"" },
        { "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":[]}", null, "duplicate field \"Version\"" },
        { "{\"Version\":\"2012-10-18\",\"Statement\":[{" + Body + "}]}", "Version", "must be \"2012-10-17\" or \"2008-10-17\"" },
        { "{\"Version\":20121017,\"Statement\":[{" + Body + "}]}", "Version", "must be \"2012-10-17\" or \"2008-10-17\"" },
        { "{\"Id\":5,\"Statement\":[{" + Body + "}]}", "Id", "expected a string" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":\"allow\"}", "Statement", "must be a statement object or an array" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":null}", "Statement", "must be a statement object or an array" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "Statement", "at least one statement" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[1]}", "Statement[0]", "must be a JSON object" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\"," + Body + "},{\"Sid\":\"a\"," + Body + "}]}", "Statement", "Statement IDs (SID) in a single policy must be unique" },
        // Statement fields.
        { One("\"Actions\":\"x\"," + Body), "Statement[0]", "unknown field \"Actions\"" },
        { One(Body + ",\"Effect\":\"Deny\""), "Statement[0]", "duplicate field \"Effect\"" },
        { One("\"Sid\":7," + Body), "Statement[0].Sid", "expected a string" },
        { One("\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0]", "missing required field Effect" },
        { One("\"Effect\":\"allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Effect", "must be \"Allow\" or \"Deny\"" },
        { One("\"Effect\":\"Permit\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Effect", "must be \"Allow\" or \"Deny\"" },
        { One("\"Effect\":true,\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Effect", "must be \"Allow\" or \"Deny\"" },
        // Exactly one of each pair.
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\""), "Statement[0]", "Policy statement must contain actions: missing required field Action (or NotAction)" },
        { One(Body + ",\"NotAction\":\"events:PutRule\""), "Statement[0]", "must not contain both Action and NotAction" },
        { One("\"Effect\":\"Allow\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0]", "A resource-based policy must specify a principal: missing required field Principal (or NotPrincipal)" },
        { One(Body + ",\"NotPrincipal\":{\"AWS\":\"111122223333\"}"), "Statement[0]", "must not contain both Principal and NotPrincipal" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\""), "Statement[0]", "Policy statement must contain resources: missing required field Resource (or NotResource)" },
        { One(Body + ",\"NotResource\":\"*\""), "Statement[0]", "must not contain both Resource and NotResource" },
        // Principal.
        { One("\"Effect\":\"Allow\",\"Principal\":\"111122223333\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"not-an-account\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy: \"AWS\":\"not-an-account\"" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"11112222333\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::*:root\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/*\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:s3:::bucket\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"Account\":\"111122223333\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "unknown field \"Account\"" },
        { One("\"Effect\":\"Allow\",\"Principal\":{},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "principal object is empty" },
        { One("\"Effect\":\"Allow\",\"Principal\":[\"*\"],\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[]},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal.AWS", "must not be empty" },
        { One("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\""), "Statement[0].Principal", "Invalid principal in policy" },
        // Action and Resource values.
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"PutEvents\",\"Resource\":\"*\""), "Statement[0].Action", "must be prefaced by a vendor" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:Put:Events\",\"Resource\":\"*\""), "Statement[0].Action", "Actions/Condition can contain only one colon" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*:PutEvents\",\"Resource\":\"*\""), "Statement[0].Action", "Vendor * is not valid" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\":PutEvents\",\"Resource\":\"*\""), "Statement[0].Action", "Vendor  is not valid" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[],\"Resource\":\"*\""), "Statement[0].Action", "must not be empty" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":5,\"Resource\":\"*\""), "Statement[0].Action", "expected a string or an array of strings" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"events:PutEvents\",5],\"Resource\":\"*\""), "Statement[0].Action", "an item is a number" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":{},\"Resource\":\"*\""), "Statement[0].NotAction", "expected a string or an array of strings" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"default\""), "Statement[0].Resource", "Resource default must be in ARN format or \"*\"" },
        { One("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"NotResource\":[\"*\",\"bus\"]"), "Statement[0].NotResource", "must be in ARN format" },
        // Condition.
        { WithCondition("[]"), "Statement[0].Condition", "must be an object of operators" },
        { WithCondition("{}"), "Statement[0].Condition", "at least one operator" },
        { WithCondition("{\"StringEqualz\":{\"k\":\"v\"}}"), "Statement[0].Condition.StringEqualz", "unknown condition operator 'StringEqualz'" },
        { WithCondition("{\"ForSomeValues:StringEquals\":{\"k\":\"v\"}}"), "Statement[0].Condition.ForSomeValues:StringEquals", "unknown set operator 'ForSomeValues'" },
        { WithCondition("{\"ForAnyValue:\":{\"k\":\"v\"}}"), "Statement[0].Condition.ForAnyValue:", "unknown condition operator" },
        { WithCondition("{\"IfExists\":{\"k\":\"v\"}}"), "Statement[0].Condition.IfExists", "unknown condition operator" },
        { WithCondition("{\"NullIfExists\":{\"k\":\"true\"}}"), "Statement[0].Condition.NullIfExists", "Null takes neither IfExists nor a set operator" },
        { WithCondition("{\"ForAllValues:Null\":{\"k\":\"true\"}}"), "Statement[0].Condition.ForAllValues:Null", "Null takes neither IfExists nor a set operator" },
        { WithCondition("{\"StringEquals\":\"k\"}"), "Statement[0].Condition.StringEquals", "must map condition keys to values" },
        { WithCondition("{\"StringEquals\":{}}"), "Statement[0].Condition.StringEquals", "at least one condition key" },
        { WithCondition("{\"StringEquals\":{\"\":\"v\"}}"), "Statement[0].Condition.StringEquals", "must not be empty" },
        { WithCondition("{\"StringEquals\":{\"k\":null}}"), "Statement[0].Condition.StringEquals.k", "must be a string, number or boolean" },
        { WithCondition("{\"StringEquals\":{\"k\":{\"nested\":1}}}"), "Statement[0].Condition.StringEquals.k", "must be a string, number or boolean" },
        { WithCondition("{\"StringEquals\":{\"k\":[\"a\",[\"b\"]]}}"), "Statement[0].Condition.StringEquals.k", "must be a string, number or boolean" },
        { WithCondition("{\"StringEquals\":{\"k\":[]}}"), "Statement[0].Condition.StringEquals.k", "at least one value" },
        { WithCondition("{\"StringEquals\":{\"aws:SourceArn\":\"a\",\"AWS:SOURCEARN\":\"b\"}}"), "Statement[0].Condition.StringEquals", "duplicate condition key \"AWS:SOURCEARN\"" },
        { WithCondition("{\"StringEquals\":{\"k\":\"a\"},\"StringEquals\":{\"k\":\"b\"}}"), "Statement[0].Condition", "duplicate field \"StringEquals\"" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Refused_with_location_and_reason(string json, string? path, string reason)
    {
        var error = Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Parse(json));
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason);
        Assert.Equal(path is null ? error.Reason : $"{path}: {error.Reason}", error.Message);
    }

    [Fact]
    public void The_second_statement_is_named_by_index()
    {
        var json = "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Body + "},{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}]}";
        var error = Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Parse(json));
        Assert.Equal("Statement[1]", error.Path);
    }

    [Fact]
    public void A_single_statement_object_is_named_Statement()
    {
        var error = Assert.Throws<MalformedPolicyException>(() =>
            PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Maybe\"}}"));
        Assert.Equal("Statement.Effect", error.Path);
    }

    [Fact]
    public void Null_input_is_a_programming_error_not_a_malformed_policy() =>
        Assert.Throws<ArgumentNullException>(() => PolicyDocument.Parse(null!));

    [Theory]
    [InlineData("{\"Statement\":{" + Body + "}}")]
    [InlineData("{\"Version\":\"2008-10-17\",\"Id\":\"p1\",\"Statement\":[{" + Body + "}]}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\"," + Body + "},{" + Body + "},{" + Body + "}]}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"111122223333\",\"arn:aws:iam::111122223333:role/a\",\"arn:aws:sts::111122223333:assumed-role/a/s\"],\"Service\":\"events.amazonaws.com\",\"Federated\":\"cognito-identity.amazonaws.com\",\"CanonicalUser\":\"abc\"},\"NotAction\":[\"events:List*\",\"*\"],\"NotResource\":[\"arn:aws:events:*:*:rule/*\"]}]}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{" + Body + ",\"Condition\":{\"ForAnyValue:StringLikeIfExists\":{\"k\":[\"a\",1,true]},\"Null\":{\"j\":false},\"NumericLessThan\":{\"n\":1.5e3}}}]}")]
    public void Accepted(string json) => Assert.NotEmpty(PolicyDocument.Parse(json).Statements);
}
