namespace Switchyard.Policies.Conditions;

/// <summary>How an operator reads the values it compares (IAM's operator categories).</summary>
internal enum ValueFamily
{
    String,
    Arn,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Null,
}
