using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>Laws that must hold for every input, checked on generated policies and requests.</summary>
public class PropertyTests
{
    // Each positive operator with its negated form and a pool of values that exercises it (matches, near misses,
    // wildcards, unparseable values).
    private static readonly (string Positive, string Negated, string[] Pool)[] OperatorPairs =
    [
        ("StringEquals", "StringNotEquals", ["a", "A", "ab", "a*", "*", ""]),
        ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", ["a", "A", "ab", "AB", "b"]),
        ("StringLike", "StringNotLike", ["a", "ab", "a*", "*b", "?b", "abc", "*"]),
        ("ArnEquals", "ArnNotEquals", ["arn:aws:events:us-east-1:111122223333:rule/r", "arn:aws:events:*:111122223333:rule/*", "arn:aws:sqs:us-east-1:111122223333:q", "not-an-arn"]),
        ("ArnLike", "ArnNotLike", ["arn:aws:events:us-east-1:111122223333:rule/r", "arn:aws:*:*:*:*", "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:events"]),
        ("NumericEquals", "NumericNotEquals", ["1", "1.0", "10", "-3", "x"]),
        ("DateEquals", "DateNotEquals", ["2020-01-01T00:00:00Z", "1577836800", "2021-06-01", "never"]),
        ("IpAddress", "NotIpAddress", ["10.0.0.1", "10.0.0.0/8", "192.168.0.1", "bad"]),
    ];

    private static string ValuesJson(string[] values) =>
        "[" + string.Join(",", values.Select(v => System.Text.Json.JsonSerializer.Serialize(v))) + "]";

    [Property(MaxTest = 300)]
    public Property Negated_operator_is_the_negation_of_its_positive_form_on_present_keys()
    {
        var cases =
            from pair in Gen.Elements(OperatorPairs)
            from policyValues in Gen.Elements(pair.Pool).NonEmptyListOf()
            from requestValues in Gen.Elements(pair.Pool).NonEmptyListOf()
            from qualifier in Gen.Elements("", "ForAnyValue:", "ForAllValues:")
            select (pair, policyValues: policyValues.Take(3).ToArray(), requestValues: requestValues.Take(3).ToArray(), qualifier);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var policyJson = ValuesJson(c.policyValues);
            var positive = Holds(Cond(c.pair.Positive, policyJson), ("k", c.requestValues));
            var negated = Holds(Cond(c.pair.Negated, policyJson), ("k", c.requestValues));
            if (c.qualifier.Length == 0) return negated == !positive;

            // With a set qualifier, negation applies per request value: for a single value it is still exact.
            var positiveSet = Holds(Cond(c.qualifier + c.pair.Positive, policyJson), ("k", c.requestValues));
            var negatedSet = Holds(Cond(c.qualifier + c.pair.Negated, policyJson), ("k", c.requestValues));
            return c.requestValues.Length > 1 || negatedSet == !positiveSet;
        });
    }

    [Property(MaxTest = 200)]
    public Property IfExists_changes_nothing_when_the_key_is_present()
    {
        var cases =
            from pair in Gen.Elements(OperatorPairs)
            from op in Gen.Elements(pair.Positive, pair.Negated)
            from policyValue in Gen.Elements(pair.Pool)
            from requestValue in Gen.Elements(pair.Pool)
            select (op, policyValue, requestValue);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var values = ValuesJson([c.policyValue]);
            return Holds(Cond(c.op, values), ("k", [c.requestValue]))
                   == Holds(Cond(c.op + "IfExists", values), ("k", [c.requestValue]));
        });
    }

    [Property(MaxTest = 300)]
    public Property StringLike_matches_any_string_against_a_pattern_made_from_it()
    {
        // Replace some characters of s by '?' and some runs by '*': the pattern must still match s.
        var cases =
            from text in Gen.Elements('a', 'b', '.', '/', ':', '-').NonEmptyListOf().Select(cs => new string(cs.ToArray()))
            from edits in Gen.Elements(0, 1, 2).ListOf(text.Length)
            select (text, edits: edits.ToArray());

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var pattern = new System.Text.StringBuilder();
            var i = 0;
            while (i < c.text.Length)
            {
                switch (c.edits[i])
                {
                    case 1: pattern.Append('?'); i++; break;
                    case 2: pattern.Append('*'); i += 1 + i % 3; break;
                    default: pattern.Append(c.text[i]); i++; break;
                }
            }
            var matchesOriginal = Holds(Cond("StringLike", ValuesJson([pattern.ToString()])), ("k", [c.text]));
            var literalMatchesOnlyItself = Holds(Cond("StringLike", ValuesJson([c.text])), ("k", [c.text + "x"]));
            return matchesOriginal && !literalMatchesOnlyItself;
        });
    }

    private static readonly Gen<PolicyValues> ActionValues =
        Gen.Elements("events:PutEvents", "events:PutRule", "events:*", "*", "events:Put*")
            .NonEmptyListOf()
            .SelectMany(values => Gen.Elements(true, false), (values, asList) =>
                asList || values.Count > 1 ? new PolicyValues(values.ToArray(), true) : PolicyValues.Of(values[0]));

    private static readonly Gen<PolicyValues> ResourceValues =
        Gen.Elements("*", BusArn, "arn:aws:events:us-east-1:123456789012:rule/*", "arn:aws:events:*:${aws:PrincipalAccount}:event-bus/*")
            .NonEmptyListOf()
            .SelectMany(values => Gen.Elements(true, false), (values, asList) =>
                asList || values.Count > 1 ? new PolicyValues(values.ToArray(), true) : PolicyValues.Of(values[0]));

    private static readonly Gen<PolicyPrincipal> Principals = Gen.OneOf(
        Gen.Constant(PolicyPrincipal.Everyone),
        Gen.Elements("*", Sender, Stranger, "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/sender")
            .NonEmptyListOf().Select(values => PolicyPrincipal.Aws(values.ToArray())),
        Gen.Constant(PolicyPrincipal.Service("events.amazonaws.com")));

    private static readonly Gen<ConditionClause> Conditions =
        from op in Gen.Elements("StringEquals", "StringNotLike", "ForAnyValue:StringLike", "ArnLikeIfExists", "NumericLessThan", "Bool", "Null")
        from key in Gen.Elements("aws:PrincipalOrgID", "events:source", "events:detail-type", "n")
        from values in Gen.Elements(
                new ConditionValue("o-1234567890"), new ConditionValue("com.example.*"), new ConditionValue("5", ConditionValueKind.Number),
                new ConditionValue("true", ConditionValueKind.Boolean), new ConditionValue("${aws:PrincipalAccount}"))
            .NonEmptyListOf()
        select new ConditionClause(op, [new ConditionKeyValues(key, values.Take(2).ToArray(), values.Count > 1)]);

    private static readonly Gen<PolicyStatement> Statements =
        from effect in Gen.Elements(PolicyEffect.Allow, PolicyEffect.Deny)
        from principal in Principals
        from notPrincipal in Gen.Elements(false, true)
        from action in ActionValues
        from notAction in Gen.Elements(false, false, true)
        from resource in ResourceValues
        from conditions in Conditions.ListOf()
        select new PolicyStatement(null, effect,
            notPrincipal ? null : principal, notPrincipal ? principal : null,
            notAction ? null : action, notAction ? action : null,
            resource, null,
            conditions.Count == 0 ? null : conditions.GroupBy(c => c.Operator).Select(g => g.First()).ToArray());

    private static readonly Gen<PolicyDocument> Documents =
        Statements.NonEmptyListOf().Select(statements => PolicyDocument.Create(
            statements.Take(4).Select((s, i) => i % 2 == 0 ? s with { Sid = $"s{i}" } : s)));

    private static readonly Gen<PolicyRequest> Requests =
        from account in Gen.Elements(Sender, Stranger)
        from action in Gen.Elements("events:PutEvents", "events:PutRule", "events:DeleteRule")
        from resource in Gen.Elements(BusArn, "arn:aws:events:us-east-1:123456789012:rule/r", "arn:aws:events:us-east-1:111122223333:event-bus/b")
        from service in Gen.Elements<string?>(null, null, "events.amazonaws.com")
        from org in Gen.Elements<string?>(null, "o-1234567890", "o-other")
        from source in Gen.Elements<string[]>([], ["com.example.orders"], ["aws.ec2", "com.example.x"])
        select Request(account, action, resource, service: service, context:
        [
            .. org is null ? Array.Empty<(string, string[])>() : [("aws:PrincipalOrgID", [org])],
            ("events:source", source),
        ]);

    [Property(MaxTest = 200)]
    public Property ToJson_round_trips_through_Parse() =>
        Prop.ForAll(Documents.ToArbitrary(), document =>
        {
            var json = document.ToJson();
            var reparsed = PolicyDocument.Parse(json);
            return reparsed.ToJson() == json && reparsed.Statements.SequenceEqual(document.Statements);
        });

    [Property(MaxTest = 200)]
    public Property Evaluation_follows_the_combining_rules()
    {
        var cases = from document in Documents from request in Requests select (document, request);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var result = PolicyEvaluator.Evaluate(c.document, c.request);
            var applying = result.Trace.Where(t => t.Applies).ToArray();
            var expected = applying.Any(t => t.Effect == PolicyEffect.Deny) ? PolicyDecision.ExplicitDeny
                : applying.Length > 0 ? PolicyDecision.Allow
                : PolicyDecision.ImplicitDeny;

            var denyAll = new PolicyStatement("deny-all", PolicyEffect.Deny, PolicyPrincipal.Everyone, null,
                PolicyValues.Of("*"), null, PolicyValues.Of("*"), null);
            var allowAll = denyAll with { Sid = "allow-all", Effect = PolicyEffect.Allow };
            var withDenyAll = PolicyEvaluator.Evaluate(PolicyDocument.Create([.. c.document.Statements, denyAll]), c.request).Decision;
            var withAllowAll = PolicyEvaluator.Evaluate(PolicyDocument.Create([.. c.document.Statements, allowAll]), c.request).Decision;

            return result.Decision == expected
                   && result.Trace.Count == c.document.Statements.Count
                   && (result.DecidingStatement is null) == (expected == PolicyDecision.ImplicitDeny)
                   && withDenyAll == PolicyDecision.ExplicitDeny
                   && withAllowAll == (expected == PolicyDecision.ExplicitDeny ? PolicyDecision.ExplicitDeny : PolicyDecision.Allow);
        });
    }
}
