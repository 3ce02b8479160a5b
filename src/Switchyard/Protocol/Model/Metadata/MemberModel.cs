namespace Switchyard.Protocol.Model;

/// <summary>A member of a structure shape: its wire name, target shape and whether the model requires it.</summary>
public sealed record MemberModel(string Name, string Shape, bool Required)
{
    /// <summary>The target shape, resolved once when ServiceModel is loaded.</summary>
    public ShapeModel Target { get; internal set; } = null!;

    /// <summary>The name as AWS prints it in validation paths and value dumps: first letter lower-cased.</summary>
    public string PathName { get; } = Name.Length == 0 ? Name : char.ToLowerInvariant(Name[0]) + Name[1..];
}
