using Switchyard.Policies.Evaluation;

namespace Switchyard.Policies.Conditions;

/// <summary>
/// Evaluates a statement's Condition block the way IAM does: every operator and every key must hold (AND);
/// within a key the policy values are alternatives (OR, or NOR for negated operators).
/// </summary>
internal static class ConditionEvaluator
{
    /// <summary>Returns the first key that does not hold, or null when the whole block holds.</summary>
    public static ConditionFailure? FirstFailure(IReadOnlyList<CompiledCondition> conditions, RequestContext request)
    {
        foreach (var condition in conditions)
            foreach (var key in condition.Keys)
                if (!KeyHolds(condition.Operator, key, request, out var why))
                    return new ConditionFailure(condition.OperatorText, key.Key, why);
        return null;
    }

    private static bool KeyHolds(ConditionOperator op, CompiledConditionKey key, RequestContext request, out string why)
    {
        var requestValues = request.GetValues(key.Key);

        if (op.Base.Family == ValueFamily.Null)
        {
            // "Null": {"k": "true"} holds when k is absent; "false" when it is present.
            var absent = requestValues is null;
            var holds = key.Values.Any(v => bool.TryParse(v.Text, out var wantsAbsent) && wantsAbsent == absent);
            why = absent ? $"{key.Key} is not present in the request" : $"{key.Key} is present in the request";
            return holds;
        }

        if (requestValues is null)
        {
            why = $"{key.Key} is not present in the request";
            // Missing keys: ...IfExists passes; ForAllValues passes (vacuously: every one of no values matches);
            // ForAnyValue fails (no value to match); otherwise positive operators fail and negated ones pass.
            if (op.IfExists) return true;
            return op.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => op.Base.IsNegated,
            };
        }

        // A policy value whose variable cannot be resolved matches nothing; the other values still count.
        var patterns = new List<WildcardPattern>(key.Templates.Count);
        foreach (var template in key.Templates)
            if (template.Resolve(request, out _) is { } pattern)
                patterns.Add(pattern);

        bool PositiveMatch(string value) => patterns.Any(p => ValueComparison.Matches(op.Base, value, p));
        bool ValueHolds(string value) => op.Base.IsNegated ? !PositiveMatch(value) : PositiveMatch(value);

        var result = op.Qualifier switch
        {
            SetQualifier.ForAnyValue => requestValues.Any(ValueHolds),
            SetQualifier.ForAllValues => requestValues.All(ValueHolds),
            // No qualifier: the operator compares one request value. A request carrying several values (an event
            // pattern with two sources) does not satisfy a positive operator even when each value is listed: the
            // EventBridge guide's table refuses {"source":["aws.ec2","aws.ecs"]} under
            // StringEquals events:source ["aws.ec2","aws.ecs"] and says to use ForAllValues instead. A negated
            // operator is exactly the negation of its positive form.
            _ => (requestValues.Count == 1 && PositiveMatch(requestValues[0])) != op.Base.IsNegated,
        };

        why = op.Qualifier == SetQualifier.None && requestValues.Count > 1 && !op.Base.IsNegated
            ? $"{key.Key} has several values {Describe(requestValues)}; without ForAllValues/ForAnyValue they do not satisfy {Describe(key.Values)}"
            : $"{key.Key} is {Describe(requestValues)}, which does not satisfy {Describe(key.Values)}";
        return result;
    }

    private static string Describe(IReadOnlyList<string> values) =>
        values.Count == 1 ? $"\"{values[0]}\"" : "[" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "]";

    private static string Describe(IReadOnlyList<ConditionValue> values) => Describe(values.Select(v => v.Text).ToArray());
}
