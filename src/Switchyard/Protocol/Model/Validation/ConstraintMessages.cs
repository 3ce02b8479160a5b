using System.Globalization;

namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// The constraint texts of AWS's ValidationException ("Member must ..."), as AWS's Java validators word them.
/// Sources: real AWS responses quoted in client issues and recorded by LocalStack/dynalite, e.g. EventBridge's
/// "Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression
/// pattern: [\.\-_A-Za-z0-9]+" and "... Map keys must satisfy constraint: [Member must have length less than or equal
/// to 256, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ...]".
/// </summary>
public static class ConstraintMessages
{
    public const string NotNull = "Member must not be null";

    public static string MaxLength(long max) => $"Member must have length less than or equal to {Number(max)}";
    public static string MinLength(long min) => $"Member must have length greater than or equal to {Number(min)}";
    public static string MaxValue(long max) => $"Member must have value less than or equal to {Number(max)}";
    public static string MinValue(long min) => $"Member must have value greater than or equal to {Number(min)}";
    public static string Pattern(string pattern) => $"Member must satisfy regular expression pattern: {pattern}";
    public static string Enum(IEnumerable<string> values) => $"Member must satisfy enum value set: [{string.Join(", ", values)}]";

    /// <summary>A list whose scalar elements break their shape's constraints: all of them, in brackets.</summary>
    public static string ListMembers(IEnumerable<string> elementConstraints) =>
        $"Member must satisfy constraint: [{string.Join(", ", elementConstraints)}]";

    public static string MapKeys(IEnumerable<string> keyConstraints) =>
        $"Map keys must satisfy constraint: [{string.Join(", ", keyConstraints)}]";

    public static string MapValues(IEnumerable<string> valueConstraints) =>
        $"Map value must satisfy constraint: [{string.Join(", ", valueConstraints)}]";

    /// <summary>
    /// One violation: "Value 'v' at 'path' failed to satisfy constraint: c". A null value prints bare
    /// ("Value null at"); a sensitive value is left out ("Value at"), as AWS does for e.g. passwords.
    /// </summary>
    public static string Violation(string? renderedValue, bool sensitive, string path, string constraint)
    {
        var value = sensitive ? "" : renderedValue is null ? " null" : $" '{renderedValue}'";
        return $"Value{value} at '{path}' failed to satisfy constraint: {constraint}";
    }

    /// <summary>
    /// Every constraint of an element shape, in the order AWS lists them inside brackets: length max, length min,
    /// pattern, enum, value max, value min.
    /// </summary>
    public static IReadOnlyList<string> AllOf(ShapeModel shape)
    {
        var all = new List<string>();
        var isLength = shape.Type is ShapeType.String or ShapeType.List or ShapeType.Map or ShapeType.Blob;
        if (isLength)
        {
            if (shape.Max is { } max) all.Add(MaxLength(max));
            if (shape.Min is { } min) all.Add(MinLength(min));
        }
        if (shape.Pattern is not null) all.Add(Pattern(shape.Pattern));
        if (shape.Enum is not null) all.Add(Enum(shape.Enum));
        if (!isLength)
        {
            if (shape.Max is { } max) all.Add(MaxValue(max));
            if (shape.Min is { } min) all.Add(MinValue(min));
        }
        return all;
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
