using Switchyard.ModelGen;

// Usage: dotnet run --project tools/Switchyard.ModelGen -- [--check] [spec path] [output dir]
// Paths default to the repository's committed model and generated folder (found from the current directory upward).
// --check writes nothing and exits 1 when the committed files differ from what the model generates.
var check = args.Contains("--check");
var positional = args.Where(a => a != "--check").ToArray();

var repoRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory());
var specPath = positional.Length > 0
    ? Path.GetFullPath(positional[0])
    : Path.Combine(repoRoot ?? ".", "spec", "events-2015-10-07.service.json");
var outputDir = positional.Length > 1
    ? Path.GetFullPath(positional[1])
    : Path.Combine(repoRoot ?? ".", "src", "Switchyard", "Protocol", "Model", "Generated");

if (!File.Exists(specPath))
{
    Console.Error.WriteLine($"modelgen: service model not found: {specPath}");
    return 2;
}

var files = ModelGenerator.Generate(File.ReadAllText(specPath));
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
    foreach (var name in stale) Console.Error.WriteLine($"modelgen: out of date: {name}");
    return stale.Count == 0 ? 0 : 1;
}

Console.WriteLine($"modelgen: {files.Count} files in {outputDir} ({stale.Count} changed)");
return 0;
