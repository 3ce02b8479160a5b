namespace Switchyard.Policies.Conditions;

/// <summary>An IAM condition operator without its set qualifier and IfExists suffix.</summary>
internal sealed record BaseOperator(string Name, ValueFamily Family, Comparison Comparison, bool IsNegated)
{
    /// <summary>Every operator IAM defines, by name. IAM matches operator names case-insensitively.</summary>
    public static IReadOnlyDictionary<string, BaseOperator> All { get; } = new[]
    {
        new BaseOperator("StringEquals", ValueFamily.String, Comparison.Equals, false),
        new BaseOperator("StringNotEquals", ValueFamily.String, Comparison.Equals, true),
        new BaseOperator("StringEqualsIgnoreCase", ValueFamily.String, Comparison.EqualsIgnoreCase, false),
        new BaseOperator("StringNotEqualsIgnoreCase", ValueFamily.String, Comparison.EqualsIgnoreCase, true),
        new BaseOperator("StringLike", ValueFamily.String, Comparison.Like, false),
        new BaseOperator("StringNotLike", ValueFamily.String, Comparison.Like, true),
        new BaseOperator("NumericEquals", ValueFamily.Numeric, Comparison.Equals, false),
        new BaseOperator("NumericNotEquals", ValueFamily.Numeric, Comparison.Equals, true),
        new BaseOperator("NumericLessThan", ValueFamily.Numeric, Comparison.LessThan, false),
        new BaseOperator("NumericLessThanEquals", ValueFamily.Numeric, Comparison.LessThanEquals, false),
        new BaseOperator("NumericGreaterThan", ValueFamily.Numeric, Comparison.GreaterThan, false),
        new BaseOperator("NumericGreaterThanEquals", ValueFamily.Numeric, Comparison.GreaterThanEquals, false),
        new BaseOperator("DateEquals", ValueFamily.Date, Comparison.Equals, false),
        new BaseOperator("DateNotEquals", ValueFamily.Date, Comparison.Equals, true),
        new BaseOperator("DateLessThan", ValueFamily.Date, Comparison.LessThan, false),
        new BaseOperator("DateLessThanEquals", ValueFamily.Date, Comparison.LessThanEquals, false),
        new BaseOperator("DateGreaterThan", ValueFamily.Date, Comparison.GreaterThan, false),
        new BaseOperator("DateGreaterThanEquals", ValueFamily.Date, Comparison.GreaterThanEquals, false),
        new BaseOperator("Bool", ValueFamily.Bool, Comparison.Equals, false),
        new BaseOperator("BinaryEquals", ValueFamily.Binary, Comparison.Equals, false),
        new BaseOperator("IpAddress", ValueFamily.IpAddress, Comparison.InNetwork, false),
        new BaseOperator("NotIpAddress", ValueFamily.IpAddress, Comparison.InNetwork, true),
        // IAM documents ArnEquals and ArnLike as the same test: per-component matching with wildcards.
        new BaseOperator("ArnEquals", ValueFamily.Arn, Comparison.Like, false),
        new BaseOperator("ArnNotEquals", ValueFamily.Arn, Comparison.Like, true),
        new BaseOperator("ArnLike", ValueFamily.Arn, Comparison.Like, false),
        new BaseOperator("ArnNotLike", ValueFamily.Arn, Comparison.Like, true),
        new BaseOperator("Null", ValueFamily.Null, Comparison.IsNull, false),
    }.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether policy variables are substituted in this operator's values. IAM supports them for the string,
    /// ARN and Bool operators only; elsewhere <c>${...}</c> is plain text.
    /// </summary>
    public bool SupportsPolicyVariables => Family is ValueFamily.String or ValueFamily.Arn or ValueFamily.Bool;
}
