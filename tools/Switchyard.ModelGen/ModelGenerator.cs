using Switchyard.ModelGen.Emit;
using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen;

/// <summary>One file the generator writes: a name relative to the output directory and its full text.</summary>
public sealed record GeneratedFile(string Name, string Content);

/// <summary>Turns a botocore service model into the committed C# sources. Pure: no file system access.</summary>
public static class ModelGenerator
{
    /// <summary>EventBridge's files (the <see cref="GeneratorTarget.Events"/> names).</summary>
    public static IReadOnlyList<GeneratedFile> Generate(string serviceModelJson) => GenerateFor(serviceModelJson, GeneratorTarget.Events);

    /// <summary>EventBridge Scheduler's files (the <see cref="GeneratorTarget.Scheduler"/> names).</summary>
    public static IReadOnlyList<GeneratedFile> GenerateScheduler(string serviceModelJson) => GenerateFor(serviceModelJson, GeneratorTarget.Scheduler);

    public static IReadOnlyList<GeneratedFile> GenerateFor(string serviceModelJson, GeneratorTarget target)
    {
        var spec = ServiceSpec.Parse(serviceModelJson);
        return
        [
            new($"{target.ErrorCodesClass}.g.cs", ErrorCodesEmitter.Emit(spec, target)),
            new($"{target.JsonContextClass}.g.cs", JsonContextEmitter.Emit(spec, target)),
            new($"{target.ModelClass}.g.cs", ServiceModelEmitter.Emit(spec, target)),
            new("Shapes.g.cs", DtoEmitter.Emit(spec, target)),
        ];
    }
}
