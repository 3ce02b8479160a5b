namespace Switchyard.Patterns.Model;

/// <summary>
/// An interval over doubles. Infinite bounds stand for "no bound". Both bounds inclusive and equal means <c>=</c>.
/// </summary>
internal readonly record struct NumericRange(double Lower, bool LowerInclusive, double Upper, bool UpperInclusive)
{
    public bool Contains(double value)
    {
        if (value < Lower || (value == Lower && !LowerInclusive && !double.IsNegativeInfinity(Lower))) return false;
        if (value > Upper || (value == Upper && !UpperInclusive && !double.IsPositiveInfinity(Upper))) return false;
        return true;
    }
}
