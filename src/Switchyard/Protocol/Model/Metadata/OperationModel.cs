namespace Switchyard.Protocol.Model;

/// <summary>One operation of the model: its input/output shapes, their DTO types and the errors it may return.</summary>
public sealed class OperationModel
{
    public required string Name { get; init; }
    public required string? InputShape { get; init; }

    /// <summary>Null for operations that return no members (AWS answers <c>{}</c>).</summary>
    public required string? OutputShape { get; init; }

    public required Type? InputType { get; init; }
    public required Type? OutputType { get; init; }

    /// <summary>Modeled error shape names, in model order.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>REST protocols only: the HTTP method and URI template (<c>/schedules/{Name}</c>); null for JSON 1.1.</summary>
    public string? HttpMethod { get; init; }

    public string? RequestUri { get; init; }

    /// <summary>Resolved input shape.</summary>
    public ShapeModel? Input { get; internal set; }

    /// <summary>Resolved output shape.</summary>
    public ShapeModel? Output { get; internal set; }

    public override string ToString() => Name;
}
