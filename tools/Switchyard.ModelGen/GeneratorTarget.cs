namespace Switchyard.ModelGen;

/// <summary>
/// Which service model the generator reads and the C# names it writes for it: EventBridge's tables live in
/// <c>Switchyard.Protocol.Model</c>; another service (EventBridge Scheduler) gets its own namespace and class names so
/// both sets compile side by side on the same metadata types (ShapeModel, OperationModel, ...).
/// </summary>
/// <param name="EmitHttpBindings">REST protocols: write each operation's method and URI and each member's location.</param>
public sealed record GeneratorTarget(
    string SpecFile,
    string OutputFolder,
    string Namespace,
    string ModelClass,
    string JsonContextClass,
    string ErrorCodesClass,
    bool EmitHttpBindings)
{
    /// <summary>The metadata types every generated table is built from.</summary>
    public const string MetadataNamespace = "Switchyard.Protocol.Model";

    public static GeneratorTarget Events { get; } = new(
        "events-2015-10-07.service.json", Path.Combine("src", "Switchyard", "Protocol", "Model", "Generated"),
        MetadataNamespace, "ServiceModel", "EventsJsonContext", "AwsErrorCodes", EmitHttpBindings: false);

    public static GeneratorTarget Scheduler { get; } = new(
        "scheduler-2021-06-30.service.json", Path.Combine("src", "Switchyard", "Scheduler", "Protocol", "Generated"),
        "Switchyard.Scheduler.Protocol", "SchedulerModel", "SchedulerJsonContext", "SchedulerErrorCodes", EmitHttpBindings: true);

    public static IReadOnlyList<GeneratorTarget> All { get; } = [Events, Scheduler];

    /// <summary>Whether the generated files must import the metadata namespace (they live elsewhere).</summary>
    public bool NeedsMetadataImport => Namespace != MetadataNamespace;
}
