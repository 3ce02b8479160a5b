using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Switchyard.Protocol.Model;

namespace Switchyard.Scheduler.Protocol;

/// <summary>
/// Lookup over EventBridge Scheduler's generated model tables (SchedulerModel.g.cs, from
/// spec/scheduler-2021-06-30.service.json): operations by name with their REST bindings, shapes by name.
/// </summary>
public static partial class SchedulerModel
{
    private static readonly FrozenDictionary<string, OperationModel> OperationsByName;

    // A static constructor (not field initializers) fixes the order against the generated partial file.
    static SchedulerModel()
    {
        var index = new ModelIndex(CreateShapes(), CreateOperations());
        OperationsByName = index.OperationsByName;
        Operations = index.Operations;
    }

    /// <summary>All operations, in ordinal name order.</summary>
    public static IReadOnlyList<OperationModel> Operations { get; }

    public static bool TryGetOperation(string name, [NotNullWhen(true)] out OperationModel? op) =>
        OperationsByName.TryGetValue(name, out op);
}
