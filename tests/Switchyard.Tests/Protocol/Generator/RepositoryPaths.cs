namespace Switchyard.Tests.Protocol.Generator;

/// <summary>Locates the repository checkout the tests were built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ServiceModel => Path.Combine(Root, "spec", "events-2015-10-07.service.json");
    public static string GeneratedDir => Path.Combine(Root, "src", "Switchyard", "Protocol", "Model", "Generated");
    public static string SchedulerModel => Path.Combine(Root, "spec", "scheduler-2021-06-30.service.json");
    public static string SchedulerGeneratedDir => Path.Combine(Root, "src", "Switchyard", "Scheduler", "Protocol", "Generated");
    public static string GeneratorProject => Path.Combine(Root, "tools", "Switchyard.ModelGen");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Switchyard.slnx above {AppContext.BaseDirectory}.");
    }
}
