namespace Switchyard.Tests.Protocol.Generator;

/// <summary>
/// The committed src/Switchyard/Protocol/Model/Generated/*.g.cs must be exactly what the generator makes from the
/// committed model; otherwise someone edited generated code or forgot to re-run
/// `dotnet run --project tools/Switchyard.ModelGen`.
/// </summary>
public class GeneratedCodeIsUpToDateTests
{
    [Fact]
    public void CommittedFilesMatchAFreshGeneration()
    {
        var expected = ModelGenRunner.Generate(File.ReadAllText(RepositoryPaths.ServiceModel));

        var committed = Directory.GetFiles(RepositoryPaths.GeneratedDir, "*.g.cs")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), committed);

        foreach (var (name, content) in expected)
        {
            var actual = File.ReadAllText(Path.Combine(RepositoryPaths.GeneratedDir, name));
            Assert.True(actual == content,
                $"{name} is out of date: run `dotnet run --project tools/Switchyard.ModelGen` and commit the result.");
        }
    }

    [Fact]
    public void GenerationIsDeterministic()
    {
        var json = File.ReadAllText(RepositoryPaths.ServiceModel);
        Assert.Equal(ModelGenRunner.Generate(json), ModelGenRunner.Generate(json));
    }

    [Fact]
    public void CommittedSchedulerFilesMatchAFreshGeneration()
    {
        var expected = ModelGenRunner.Generate(File.ReadAllText(RepositoryPaths.SchedulerModel), "GenerateScheduler");
        var committed = Directory.GetFiles(RepositoryPaths.SchedulerGeneratedDir, "*.g.cs")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), committed);
        foreach (var (name, content) in expected)
        {
            var actual = File.ReadAllText(Path.Combine(RepositoryPaths.SchedulerGeneratedDir, name));
            Assert.True(actual == content,
                $"Scheduler's {name} is out of date: run `dotnet run --project tools/Switchyard.ModelGen` and commit the result.");
        }
    }
}
