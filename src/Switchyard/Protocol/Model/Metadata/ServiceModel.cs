using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Protocol.Model;

/// <summary>
/// Lookup over the generated model tables (ServiceModel.g.cs): operations by name, shapes by name, with every
/// member, list and map reference resolved to its ShapeModel once at load.
/// </summary>
public static partial class ServiceModel
{
    private static readonly FrozenDictionary<string, ShapeModel> ShapesByName;
    private static readonly FrozenDictionary<string, OperationModel> OperationsByName;

    // A static constructor (not field initializers) fixes the order against the generated partial file.
    static ServiceModel()
    {
        var index = new ModelIndex(CreateShapes(), CreateOperations());
        ShapesByName = index.ShapesByName;
        OperationsByName = index.OperationsByName;
        Operations = index.Operations;
        Shapes = index.Shapes;
    }

    /// <summary>All operations, in ordinal name order.</summary>
    public static IReadOnlyList<OperationModel> Operations { get; }

    /// <summary>All shapes, in ordinal name order.</summary>
    public static IReadOnlyList<ShapeModel> Shapes { get; }

    /// <summary>Finds an operation by its exact (case-sensitive) name, e.g. "PutPermission".</summary>
    public static bool TryGetOperation(string name, [NotNullWhen(true)] out OperationModel? op) =>
        OperationsByName.TryGetValue(name, out op);

    /// <summary>
    /// Finds the operation an X-Amz-Target header names ("AWSEvents.PutPermission"): the model's target prefix, a
    /// dot, then the exact operation name. False for a missing header, another prefix or an unknown name.
    /// </summary>
    public static bool TryGetOperationForTarget(string? amzTarget, [NotNullWhen(true)] out OperationModel? op)
    {
        op = null;
        var prefix = Metadata.TargetPrefix;
        if (amzTarget is null
            || amzTarget.Length <= prefix.Length + 1
            || !amzTarget.StartsWith(prefix, StringComparison.Ordinal)
            || amzTarget[prefix.Length] != '.')
        {
            return false;
        }
        return OperationsByName.TryGetValue(amzTarget[(prefix.Length + 1)..], out op);
    }

    public static bool TryGetShape(string name, [NotNullWhen(true)] out ShapeModel? shape) =>
        ShapesByName.TryGetValue(name, out shape);

    public static ShapeModel GetShape(string name) =>
        ShapesByName.TryGetValue(name, out var shape) ? shape : throw new KeyNotFoundException($"No shape '{name}'.");
}
