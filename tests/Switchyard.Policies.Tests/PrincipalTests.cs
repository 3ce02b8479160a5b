using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>Principal and NotPrincipal as resource policies use them.</summary>
public class PrincipalTests
{
    private const string Role = "arn:aws:iam::111122223333:role/sender";

    [Theory]
    [InlineData("\"*\"", Sender, null, true)]
    [InlineData("\"*\"", Stranger, Role, true)]
    [InlineData("{\"AWS\":\"*\"}", Stranger, null, true)]
    // An account id and its root ARN both mean "any principal of that account".
    [InlineData("{\"AWS\":\"111122223333\"}", Sender, null, true)]
    [InlineData("{\"AWS\":\"111122223333\"}", Sender, Role, true)]
    [InlineData("{\"AWS\":\"111122223333\"}", Stranger, null, false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", Sender, Role, true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", Stranger, "arn:aws:iam::444455556666:role/sender", false)]
    // Role and user ARNs name exactly that principal.
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Sender, Role, true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Sender, "arn:aws:iam::111122223333:role/other", false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Sender, null, false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Sender, "arn:aws:iam::111122223333:role/Sender", false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}", Sender, "arn:aws:iam::111122223333:user/alice", true)]
    // A role ARN covers the role's sessions; session ARNs have no path, so the role name is what counts.
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Sender, "arn:aws:sts::111122223333:assumed-role/sender/session-1", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/team/sender\"}", Sender, "arn:aws:sts::111122223333:assumed-role/sender/s", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Sender, "arn:aws:sts::111122223333:assumed-role/other/sender", false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}", Stranger, "arn:aws:sts::444455556666:assumed-role/sender/s", false)]
    // Lists: any entry may match.
    [InlineData("{\"AWS\":[\"444455556666\",\"arn:aws:iam::111122223333:root\"]}", Sender, null, true)]
    [InlineData("{\"AWS\":[\"444455556666\",\"arn:aws:iam::111122223333:root\"]}", Stranger, null, true)]
    [InlineData("{\"AWS\":[\"444455556666\",\"arn:aws:iam::111122223333:root\"]}", "999988887777", null, false)]
    // Principal types other than AWS/Service are accepted but no request here can be them.
    [InlineData("{\"Federated\":\"cognito-identity.amazonaws.com\"}", Sender, null, false)]
    [InlineData("{\"CanonicalUser\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"}", Sender, null, false)]
    public void Principal_matches_account_callers(string principalJson, string account, string? principalArn, bool expected) =>
        Assert.Equal(expected,
            Decide(Allow(principalJson), Request(account, principalArn: principalArn)) == PolicyDecision.Allow);

    [Theory]
    [InlineData("{\"Service\":\"events.amazonaws.com\"}", "events.amazonaws.com", true)]
    [InlineData("{\"Service\":[\"sqs.amazonaws.com\",\"events.amazonaws.com\"]}", "events.amazonaws.com", true)]
    [InlineData("{\"Service\":\"events.amazonaws.com\"}", "sns.amazonaws.com", false)]
    [InlineData("\"*\"", "events.amazonaws.com", true)]
    [InlineData("{\"AWS\":\"*\"}", "events.amazonaws.com", true)]
    // A service caller is not a principal of the account it acts for.
    [InlineData("{\"AWS\":\"123456789012\"}", "events.amazonaws.com", false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "events.amazonaws.com", false)]
    public void Principal_matches_service_callers(string principalJson, string service, bool expected) =>
        Assert.Equal(expected,
            Decide(Allow(principalJson), Request(BusOwner, service: service)) == PolicyDecision.Allow);

    [Fact]
    public void Service_principal_does_not_match_an_account_caller() =>
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(Allow("{\"Service\":\"events.amazonaws.com\"}"), Request(Sender)));

    [Fact]
    public void Root_arn_in_another_partition_matches_by_account() =>
        Assert.Equal(PolicyDecision.Allow, Decide(
            Allow("{\"AWS\":\"arn:aws-cn:iam::111122223333:root\"}", resourceJson: "\"*\""),
            Request(Sender, resource: "arn:aws-cn:events:cn-north-1:123456789012:event-bus/default")));

    [Fact]
    public void NotPrincipal_with_Deny_denies_everyone_except_the_named_principals()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"*"},
              {"Sid":"only-sender","Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},
               "Action":"events:PutEvents","Resource":"*"}]}
            """);
        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(Sender)));
        var stranger = PolicyEvaluator.Evaluate(policy, Request(Stranger));
        Assert.Equal(PolicyDecision.ExplicitDeny, stranger.Decision);
        Assert.Equal("only-sender", stranger.DecidingStatement?.Sid);

        var senderTrace = PolicyEvaluator.Evaluate(policy, Request(Sender)).Trace[1];
        Assert.Equal(StatementElement.NotPrincipal, senderTrace.FailedElement);
    }

    [Fact]
    public void NotPrincipal_with_Allow_allows_everyone_except_the_named_principals()
    {
        var policy = Allow("{\"AWS\":\"444455556666\"}", principalField: "NotPrincipal");
        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(Sender)));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Stranger)));
    }

    [Fact]
    public void NotPrincipal_star_excludes_everyone() =>
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(Allow("\"*\"", principalField: "NotPrincipal"), Request(Sender)));
}
