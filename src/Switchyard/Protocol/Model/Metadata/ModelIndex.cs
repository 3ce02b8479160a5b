using System.Collections.Frozen;

namespace Switchyard.Protocol.Model;

/// <summary>
/// The generated tables of one service model made navigable: shapes and operations by name, with every member, list
/// and map reference resolved to its ShapeModel once. Shared by every generated model class (EventBridge's
/// ServiceModel, Scheduler's SchedulerModel).
/// </summary>
public sealed class ModelIndex
{
    public ModelIndex(ShapeModel[] shapes, OperationModel[] operations)
    {
        ShapesByName = shapes.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var shape in shapes)
        {
            foreach (var member in shape.Members) member.Target = Resolve(member.Shape);
            if (shape.ListMember is not null) shape.ListMemberShape = Resolve(shape.ListMember);
            if (shape.MapKey is not null) shape.MapKeyShape = Resolve(shape.MapKey);
            if (shape.MapValue is not null) shape.MapValueShape = Resolve(shape.MapValue);
        }
        foreach (var op in operations)
        {
            if (op.InputShape is not null) op.Input = Resolve(op.InputShape);
            if (op.OutputShape is not null) op.Output = Resolve(op.OutputShape);
        }
        OperationsByName = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
        Operations = operations;
        Shapes = shapes;
    }

    public FrozenDictionary<string, ShapeModel> ShapesByName { get; }
    public FrozenDictionary<string, OperationModel> OperationsByName { get; }

    /// <summary>All operations, in ordinal name order.</summary>
    public IReadOnlyList<OperationModel> Operations { get; }

    /// <summary>All shapes, in ordinal name order.</summary>
    public IReadOnlyList<ShapeModel> Shapes { get; }

    private ShapeModel Resolve(string name) =>
        ShapesByName.TryGetValue(name, out var shape)
            ? shape
            : throw new InvalidOperationException($"The generated model references unknown shape '{name}'.");
}
