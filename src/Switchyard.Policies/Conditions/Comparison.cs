namespace Switchyard.Policies.Conditions;

/// <summary>
/// The positive test an operator performs on one request value and one policy value. Negated operators
/// (StringNotEquals, ArnNotLike, NotIpAddress, ...) reuse the positive test and invert the combined result, which
/// is what gives IAM's "NOR over the policy values" rule.
/// </summary>
internal enum Comparison
{
    Equals,
    EqualsIgnoreCase,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
    InNetwork,
    IsNull,
}
