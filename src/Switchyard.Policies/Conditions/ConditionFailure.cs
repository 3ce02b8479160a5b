namespace Switchyard.Policies.Conditions;

/// <summary>The first condition key that did not hold, for the statement trace.</summary>
internal sealed record ConditionFailure(string Operator, string Key, string Explanation);
