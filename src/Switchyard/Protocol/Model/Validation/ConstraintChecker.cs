using System.Text.Json;
using Switchyard.Protocol.Model.Serialization;

namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// Second pass (after <see cref="JsonTypeChecker"/>): collects every constraint violation of a well-typed body in
/// AWS's order — model member order, depth first; for one value: pattern, then length/value bounds, then enum.
/// </summary>
/// <remarks>
/// Paths are lower-camel member names joined by '.'; a list element of structure type is "list.N.member" (1-based),
/// so a target id is "targets.1.member.id". Scalar list elements and map keys/values are not reported one by one:
/// AWS reports the whole collection once, listing every constraint of the element shape in brackets
/// ("Member must satisfy constraint: [...]", "Map keys must satisfy constraint: [...]").
/// </remarks>
internal sealed class ConstraintChecker
{
    private readonly List<string> _violations = [];

    public IReadOnlyList<string> Violations => _violations;

    public void CheckStructure(ShapeModel shape, JsonElement value, string path)
    {
        var isObject = value.ValueKind == JsonValueKind.Object;
        foreach (var member in shape.Members)
        {
            var memberPath = path.Length == 0 ? member.PathName : $"{path}.{member.PathName}";
            JsonElement child = default;
            var present = isObject && value.TryGetProperty(member.Name, out child) && child.ValueKind != JsonValueKind.Null;
            if (!present)
            {
                if (member.Required) Add(null, false, memberPath, ConstraintMessages.NotNull);
                continue;
            }
            CheckValue(member.Target, child, memberPath);
        }
    }

    private void CheckValue(ShapeModel shape, JsonElement value, string path)
    {
        foreach (var constraint in Failures(shape, value))
        {
            Add(AwsValueFormatter.Render(shape, value), shape.IsSensitive, path, constraint);
        }

        switch (shape.Type)
        {
            case ShapeType.Structure:
                CheckStructure(shape, value, path);
                break;
            case ShapeType.List:
                CheckListElements(shape, value, path);
                break;
            case ShapeType.Map:
                CheckMapEntries(shape, value, path);
                break;
        }
    }

    private void CheckListElements(ShapeModel list, JsonElement value, string path)
    {
        var element = list.ListMemberShape!;
        if (IsContainer(element))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                index++;
                if (item.ValueKind != JsonValueKind.Null) CheckValue(element, item, $"{path}.{index}.member");
                // A null element stands for an element with no members: refused where the element requires some
                // (a Target, a Tag); elements that require none (PutEvents entries) are answered by the operation.
                else if (element.Members.Any(m => m.Required)) Add(null, false, $"{path}.{index}.member", ConstraintMessages.NotNull);
            }
            return;
        }

        if (!element.HasConstraints) return;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null || !Failures(element, item).Any()) continue;
            Add(AwsValueFormatter.Render(list, value), list.IsSensitive || element.IsSensitive, path,
                ConstraintMessages.ListMembers(ConstraintMessages.AllOf(element)));
            return;
        }
    }

    private void CheckMapEntries(ShapeModel map, JsonElement value, string path)
    {
        var key = map.MapKeyShape!;
        var mapValue = map.MapValueShape!;
        var rendered = new Lazy<string>(() => AwsValueFormatter.Render(map, value));

        if (key.HasConstraints)
        {
            foreach (var entry in value.EnumerateObject())
            {
                if (StringFailures(key, entry.Name).Any())
                {
                    Add(rendered.Value, map.IsSensitive, path, ConstraintMessages.MapKeys(ConstraintMessages.AllOf(key)));
                    break;
                }
            }
        }

        if (IsContainer(mapValue))
        {
            foreach (var entry in value.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Null) CheckValue(mapValue, entry.Value, $"{path}.{entry.Name}");
            }
            return;
        }

        if (!mapValue.HasConstraints) return;
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.Null || !Failures(mapValue, entry.Value).Any()) continue;
            Add(rendered.Value, map.IsSensitive || mapValue.IsSensitive, path,
                ConstraintMessages.MapValues(ConstraintMessages.AllOf(mapValue)));
            return;
        }
    }

    /// <summary>The constraint texts that <paramref name="value"/> itself (not its children) breaks, in AWS's order.</summary>
    private static IEnumerable<string> Failures(ShapeModel shape, JsonElement value) => shape.Type switch
    {
        ShapeType.String => StringFailures(shape, value.GetString()!),
        ShapeType.List => LengthFailures(shape, value.GetArrayLength()),
        ShapeType.Map => LengthFailures(shape, value.EnumerateObject().Count()),
        ShapeType.Integer or ShapeType.Long => ValueFailures(shape, CoralNumbers.ToInt64(value)),
        _ => [],
    };

    private static IEnumerable<string> StringFailures(ShapeModel shape, string text)
    {
        if (shape.PatternRegex is not null && !shape.PatternRegex.IsMatch(text))
        {
            yield return ConstraintMessages.Pattern(shape.Pattern!);
        }
        // Java's String.length() counts UTF-16 code units, as .NET's does.
        foreach (var failure in LengthFailures(shape, text.Length)) yield return failure;
        if (shape.Enum is not null && !shape.Enum.Contains(text, StringComparer.Ordinal))
        {
            yield return ConstraintMessages.Enum(shape.Enum);
        }
    }

    private static IEnumerable<string> LengthFailures(ShapeModel shape, long length)
    {
        if (shape.Min is { } min && length < min) yield return ConstraintMessages.MinLength(min);
        if (shape.Max is { } max && length > max) yield return ConstraintMessages.MaxLength(max);
    }

    private static IEnumerable<string> ValueFailures(ShapeModel shape, long number)
    {
        if (shape.Min is { } min && number < min) yield return ConstraintMessages.MinValue(min);
        if (shape.Max is { } max && number > max) yield return ConstraintMessages.MaxValue(max);
    }

    private static bool IsContainer(ShapeModel shape) =>
        shape.Type is ShapeType.Structure or ShapeType.List or ShapeType.Map;

    private void Add(string? renderedValue, bool sensitive, string path, string constraint) =>
        _violations.Add(ConstraintMessages.Violation(renderedValue, sensitive, path, constraint));
}
