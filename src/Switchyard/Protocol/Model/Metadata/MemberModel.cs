namespace Switchyard.Protocol.Model;

/// <summary>A member of a structure shape: its wire name, target shape and whether the model requires it.</summary>
/// <param name="Location">REST protocols only: <c>uri</c>, <c>querystring</c> or <c>header</c> (null: the JSON body),
/// under <paramref name="LocationName"/>.</param>
public sealed record MemberModel(string Name, string Shape, bool Required, string? Location = null, string? LocationName = null)
{
    /// <summary>The target shape, resolved once when ServiceModel is loaded.</summary>
    public ShapeModel Target { get; internal set; } = null!;

    /// <summary>The name as AWS prints it in validation paths and value dumps: first letter lower-cased.</summary>
    public string PathName { get; } = Name.Length == 0 ? Name : char.ToLowerInvariant(Name[0]) + Name[1..];
}
