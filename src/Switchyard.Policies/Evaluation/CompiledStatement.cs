using Switchyard.Policies.Conditions;

namespace Switchyard.Policies.Evaluation;

/// <summary>
/// A statement prepared for evaluation: Resource values and condition values parsed for policy variables
/// (only in Version 2012-10-17 documents, as IAM does) and condition operators taken apart, so each request
/// only substitutes and compares.
/// </summary>
internal sealed class CompiledStatement
{
    private CompiledStatement(PolicyStatement statement, IReadOnlyList<WildcardPattern>? actions,
        IReadOnlyList<WildcardPattern>? notActions, IReadOnlyList<PolicyVariableTemplate>? resources,
        IReadOnlyList<PolicyVariableTemplate>? notResources, IReadOnlyList<CompiledCondition> conditions)
    {
        Statement = statement;
        Actions = actions;
        NotActions = notActions;
        Resources = resources;
        NotResources = notResources;
        Conditions = conditions;
    }

    public PolicyStatement Statement { get; }
    public IReadOnlyList<WildcardPattern>? Actions { get; }
    public IReadOnlyList<WildcardPattern>? NotActions { get; }
    public IReadOnlyList<PolicyVariableTemplate>? Resources { get; }
    public IReadOnlyList<PolicyVariableTemplate>? NotResources { get; }
    public IReadOnlyList<CompiledCondition> Conditions { get; }

    /// <summary>Prepares a statement that the parser has already validated.</summary>
    public static CompiledStatement Compile(PolicyStatement statement, bool variablesEnabled)
    {
        // Actions take no policy variables: every '*' and '?' in them is a wildcard.
        IReadOnlyList<WildcardPattern>? Patterns(PolicyValues? values) =>
            values?.Values.Select(WildcardPattern.FromPolicyText).ToArray();
        IReadOnlyList<PolicyVariableTemplate>? Templates(PolicyValues? values) =>
            values?.Values.Select(v => PolicyVariableTemplate.Parse(v, variablesEnabled)).ToArray();

        var conditions = (statement.Condition ?? []).Select(clause =>
        {
            var op = ConditionOperator.TryParse(clause.Operator, out var error)
                     ?? throw new InvalidOperationException($"Unvalidated condition operator reached evaluation: {error}");
            var keys = clause.Keys.Select(k => new CompiledConditionKey(
                k.Key,
                k.Values,
                k.Values.Select(v => PolicyVariableTemplate.Parse(v.Text, variablesEnabled && op.Base.SupportsPolicyVariables)).ToArray()))
                .ToArray();
            return new CompiledCondition(clause.Operator, op, keys);
        }).ToArray();

        return new CompiledStatement(statement, Patterns(statement.Action), Patterns(statement.NotAction), Templates(statement.Resource), Templates(statement.NotResource), conditions);
    }
}

/// <summary>One operator of a statement's Condition block, ready to evaluate.</summary>
internal sealed record CompiledCondition(string OperatorText, ConditionOperator Operator, IReadOnlyList<CompiledConditionKey> Keys);

/// <summary>One key of a condition operator with its values as written and as templates.</summary>
internal sealed record CompiledConditionKey(string Key, IReadOnlyList<ConditionValue> Values, IReadOnlyList<PolicyVariableTemplate> Templates);
