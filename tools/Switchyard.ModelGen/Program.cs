using Switchyard.ModelGen;

// Usage: dotnet run --project tools/Switchyard.ModelGen -- [--check] [--service events|scheduler] [spec path] [output dir]
// Without --service every service model is generated (EventBridge and EventBridge Scheduler), each from its committed
// spec/ file into its own folder; paths default to the repository's (found from the current directory upward).
// --check writes nothing and exits 1 when the committed files differ from what the model generates.
var check = args.Contains("--check");
string? service = null;
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--check") continue;
    if (args[i] == "--service" && i + 1 < args.Length) { service = args[++i]; continue; }
    positional.Add(args[i]);
}

var targets = service switch
{
    null => GeneratorTarget.All,
    "events" => [GeneratorTarget.Events],
    "scheduler" => [GeneratorTarget.Scheduler],
    _ => null,
};
if (targets is null || (positional.Count > 0 && targets.Count != 1))
{
    Console.Error.WriteLine("modelgen: --service events|scheduler (required with explicit paths)");
    return 2;
}

var repoRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory()) ?? ".";
var exit = 0;
foreach (var target in targets)
{
    var specPath = positional.Count > 0 ? Path.GetFullPath(positional[0]) : Path.Combine(repoRoot, "spec", target.SpecFile);
    var outputDir = positional.Count > 1 ? Path.GetFullPath(positional[1]) : Path.Combine(repoRoot, target.OutputFolder);
    exit = Math.Max(exit, Run(target, specPath, outputDir, check));
}
return exit;

static int Run(GeneratorTarget target, string specPath, string outputDir, bool check)
{
    if (!File.Exists(specPath))
    {
        Console.Error.WriteLine($"modelgen: service model not found: {specPath}");
        return 2;
    }

    var files = ModelGenerator.GenerateFor(File.ReadAllText(specPath), target);
    var stale = new List<string>();
    Directory.CreateDirectory(outputDir);
    foreach (var file in files)
    {
        var path = Path.Combine(outputDir, file.Name);
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        if (current == file.Content) continue;
        stale.Add(file.Name);
        if (!check) File.WriteAllText(path, file.Content);
    }

    // Files we generated earlier but no longer produce would otherwise linger and still compile.
    var expected = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
    foreach (var orphan in Directory.GetFiles(outputDir, "*.g.cs").Where(p => !expected.Contains(Path.GetFileName(p))))
    {
        stale.Add(Path.GetFileName(orphan));
        if (!check) File.Delete(orphan);
    }

    if (check)
    {
        foreach (var name in stale) Console.Error.WriteLine($"modelgen: out of date: {target.OutputFolder}/{name}");
        return stale.Count == 0 ? 0 : 1;
    }

    Console.WriteLine($"modelgen: {files.Count} files in {outputDir} ({stale.Count} changed)");
    return 0;
}
