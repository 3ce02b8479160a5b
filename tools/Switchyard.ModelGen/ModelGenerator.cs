using Switchyard.ModelGen.Emit;
using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen;

/// <summary>One file the generator writes: a name relative to the output directory and its full text.</summary>
public sealed record GeneratedFile(string Name, string Content);

/// <summary>Turns a botocore service model into the committed C# sources. Pure: no file system access.</summary>
public static class ModelGenerator
{
    public static IReadOnlyList<GeneratedFile> Generate(string serviceModelJson)
    {
        var spec = ServiceSpec.Parse(serviceModelJson);
        return
        [
            new("AwsErrorCodes.g.cs", ErrorCodesEmitter.Emit(spec)),
            new("EventsJsonContext.g.cs", JsonContextEmitter.Emit(spec)),
            new("ServiceModel.g.cs", ServiceModelEmitter.Emit(spec)),
            new("Shapes.g.cs", DtoEmitter.Emit(spec)),
        ];
    }
}
