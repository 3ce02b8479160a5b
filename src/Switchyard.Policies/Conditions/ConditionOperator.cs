namespace Switchyard.Policies.Conditions;

/// <summary>
/// A condition operator as written in a policy, taken apart: optional set qualifier
/// (<c>ForAnyValue:</c>/<c>ForAllValues:</c>), the base operator, and the optional <c>IfExists</c> suffix.
/// </summary>
internal sealed record ConditionOperator(SetQualifier Qualifier, BaseOperator Base, bool IfExists)
{
    private const string IfExistsSuffix = "IfExists";

    /// <summary>Reads an operator name; returns null with a reason when IAM would not accept it.</summary>
    public static ConditionOperator? TryParse(string text, out string? error)
    {
        error = null;
        var rest = text;
        var qualifier = SetQualifier.None;
        var colon = rest.IndexOf(':');
        if (colon >= 0)
        {
            var prefix = rest[..colon];
            if (prefix.Equals("ForAnyValue", StringComparison.OrdinalIgnoreCase))
                qualifier = SetQualifier.ForAnyValue;
            else if (prefix.Equals("ForAllValues", StringComparison.OrdinalIgnoreCase))
                qualifier = SetQualifier.ForAllValues;
            else
            {
                error = $"unknown set operator '{prefix}' in condition operator '{text}' (expected ForAnyValue or ForAllValues)";
                return null;
            }
            rest = rest[(colon + 1)..];
        }

        var ifExists = false;
        if (!BaseOperator.All.TryGetValue(rest, out var baseOperator)
            && rest.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase))
        {
            ifExists = true;
            BaseOperator.All.TryGetValue(rest[..^IfExistsSuffix.Length], out baseOperator);
        }

        if (baseOperator is null)
        {
            error = $"unknown condition operator '{text}'";
            return null;
        }

        // Null already tests for presence, so neither a presence suffix nor a set qualifier means anything for it.
        if (baseOperator.Family == ValueFamily.Null && (ifExists || qualifier != SetQualifier.None))
        {
            error = $"condition operator '{text}' is not valid: Null takes neither IfExists nor a set operator";
            return null;
        }

        return new ConditionOperator(qualifier, baseOperator, ifExists);
    }
}
