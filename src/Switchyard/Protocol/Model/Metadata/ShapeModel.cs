using System.Text.RegularExpressions;

namespace Switchyard.Protocol.Model;

/// <summary>
/// One shape of the model with its constraints. Min/Max are lengths for strings, lists and maps and values for
/// numbers, exactly as in the model.
/// </summary>
public sealed class ShapeModel
{
    public required string Name { get; init; }
    public required ShapeType Type { get; init; }

    /// <summary>Structure members in model order (AWS reports errors in this order). Empty for other types.</summary>
    public IReadOnlyList<MemberModel> Members { get; init; } = [];

    /// <summary>The DTO class for a structure shape.</summary>
    public Type? ClrType { get; init; }

    public string? ListMember { get; init; }
    public string? MapKey { get; init; }
    public string? MapValue { get; init; }

    public long? Min { get; init; }
    public long? Max { get; init; }

    /// <summary>The model's pattern text, printed verbatim in ValidationException messages.</summary>
    public string? Pattern { get; init; }

    /// <summary>The pattern translated to .NET and anchored for a whole-value match; compiled once.</summary>
    public Regex? PatternRegex { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>AWS hides sensitive values in its messages.</summary>
    public bool IsSensitive { get; init; }

    public bool IsException { get; init; }

    /// <summary>A server fault (HTTP 500), e.g. InternalException.</summary>
    public bool IsFault { get; init; }

    /// <summary>Resolved list element shape.</summary>
    public ShapeModel? ListMemberShape { get; internal set; }

    /// <summary>Resolved map key shape.</summary>
    public ShapeModel? MapKeyShape { get; internal set; }

    /// <summary>Resolved map value shape.</summary>
    public ShapeModel? MapValueShape { get; internal set; }

    public bool HasConstraints => Min is not null || Max is not null || Pattern is not null || Enum is not null;

    public override string ToString() => $"{Name} ({Type})";
}
