using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace Switchyard.Tests.Protocol.Generator;

/// <summary>
/// Runs the generator (tools/Switchyard.ModelGen) in this process: loads its built assembly and calls
/// ModelGenerator.Generate(json), which returns the files it would write. The tool is built first only when its
/// output is missing or older than its sources, so the usual solution build makes this free.
/// </summary>
/// <remarks>
/// The test project does not reference the tool (a ProjectReference would let this call the API directly);
/// loading the built assembly keeps the generator out of the server and test builds.
/// </remarks>
internal static class ModelGenRunner
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <param name="method">The generator's entry point: <c>Generate</c> (EventBridge) or <c>GenerateScheduler</c>.</param>
    public static IReadOnlyDictionary<string, string> Generate(string serviceModelJson, string method = "Generate")
    {
        var assemblyPath = EnsureBuilt();
        var context = new AssemblyLoadContext("modelgen", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            var generator = assembly.GetType("Switchyard.ModelGen.ModelGenerator", throwOnError: true)!;
            var generate = generator.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
            var files = (System.Collections.IEnumerable)generate.Invoke(null, [serviceModelJson])!;

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var type = file.GetType();
                var name = (string)type.GetProperty("Name")!.GetValue(file)!;
                var content = (string)type.GetProperty("Content")!.GetValue(file)!;
                result.Add(name, content);
            }
            return result;
        }
        finally
        {
            context.Unload();
        }
    }

    private static string EnsureBuilt()
    {
        var project = RepositoryPaths.GeneratorProject;
        var assembly = Path.Combine(project, "bin", Configuration, "net10.0", "Switchyard.ModelGen.dll");
        var newestSource = Directory
            .EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".csproj", StringComparison.Ordinal))
                        && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Max(File.GetLastWriteTimeUtc);

        if (File.Exists(assembly) && File.GetLastWriteTimeUtc(assembly) >= newestSource) return assembly;

        var build = Process.Start(new ProcessStartInfo("dotnet",
            ["build", Path.Combine(project, "Switchyard.ModelGen.csproj"), "-c", Configuration, "-nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException("Building tools/Switchyard.ModelGen took over 5 minutes.");
        }
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the generator failed:\n{output.Result}\n{error.Result}");
        }
        return assembly;
    }
}
