namespace Switchyard.Policies.Conditions;

/// <summary>The <c>ForAnyValue:</c> / <c>ForAllValues:</c> prefix that makes an operator compare value sets.</summary>
internal enum SetQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}
