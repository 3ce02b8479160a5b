using System.Text.RegularExpressions;
using Switchyard.Tests.Protocol.Generator;

namespace Switchyard.Tests.Architecture;

/// <summary>
/// Keeps the server's folders in layers (docs/architecture.md, "Layers"): a folder may use only folders of a lower
/// layer, so no folder cycle can come back. Reads the sources, not the compiled assembly: a folder's dependencies are
/// its <c>using</c> directives and the names it writes qualified (<c>Hosting.ServiceLimits</c>,
/// <c>Switchyard.Delivery.Scheduling.ScheduleBook</c>), which is every way C# lets one namespace name another's types.
/// </summary>
public sealed partial class FolderLayerTests
{
    /// <summary>Bottom first. Folders of one layer do not use each other.</summary>
    private static readonly string[][] Layers =
    [
        ["Settings", "Storage"],
        ["Protocol"],
        ["Domain"],
        ["Delivery"],
        ["Diagnostics", "Api"],
        ["Scheduler"],
        ["Hosting"],
        ["Cli"],
    ];

    /// <summary>
    /// The domain is not the wire format: from Protocol it may name only AWS's error vocabulary (the errors it raises),
    /// through aliases of exactly these types.
    /// </summary>
    private static readonly HashSet<string> DomainMayAlias = new(StringComparer.Ordinal)
    {
        "Switchyard.Protocol.Model.AwsServiceException",
        "Switchyard.Protocol.Model.AwsErrorCodes",
    };

    [Fact]
    public void Every_folder_uses_only_lower_layers()
    {
        var violations = new List<string>();
        foreach (var file in SourceFiles())
        {
            var from = Folder(file.Path);
            foreach (var reference in file.References)
            {
                var to = reference.Folder;
                if (to == from || Allowed(from, to, reference)) continue;
                violations.Add($"{file.Path}: {from} -> {reference.Text}");
            }
        }
        Assert.True(violations.Count == 0,
            "Folder layer violations (allowed order, bottom first: " + string.Join(" < ", Layers.Select(l => string.Join("/", l))) + "):\n"
            + string.Join("\n", violations));
    }

    [Fact]
    public void Every_folder_has_a_layer()
    {
        var placed = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.GetDirectories(SourceRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties"))
            .Where(name => Directory.EnumerateFiles(Path.Combine(SourceRoot, name!), "*.cs", SearchOption.AllDirectories).Any())
            .ToList();
        Assert.All(folders, f => Assert.Contains(f!, placed));
    }

    [Fact]
    public void The_reader_sees_using_directives_and_qualified_names()
    {
        // Guards the test itself: a reader that found nothing would pass every layering.
        var references = ReferencesIn("""
            using System.Text;
            using Switchyard.Domain.Rules;
            using static Switchyard.Settings.SettingNames;
            using Target = Switchyard.Protocol.Model.Target;
            namespace Switchyard.Delivery;
            class C(Hosting.AdminAccess access)
            {
                // Storage.IStateStore in a comment is no dependency
                string s = "Api.Thing in a string is none either";
                object o = Switchyard.Cli.CliConsole.Out;
            }
            """).Select(r => r.Folder).ToList();
        Assert.Equal(["Domain", "Settings", "Protocol", "Hosting", "Cli"], references);
        Assert.False(Allowed("Domain", "Delivery", new Reference("Delivery", "Switchyard.Delivery", IsAlias: false)));
        Assert.True(Allowed("Delivery", "Domain", new Reference("Domain", "Switchyard.Domain", IsAlias: false)));
    }

    private static bool Allowed(string from, string to, Reference reference)
    {
        var fromLayer = LayerOf(from);
        var toLayer = LayerOf(to);
        if (fromLayer < 0 || toLayer < 0 || toLayer >= fromLayer) return false;
        if (from == "Domain" && to == "Protocol")
            return reference.IsAlias && DomainMayAlias.Contains(reference.Text);
        return true;
    }

    private static int LayerOf(string folder) => Array.FindIndex(Layers, layer => layer.Contains(folder));

    private static string SourceRoot => Path.Combine(RepositoryPaths.Root, "src", "Switchyard");

    /// <summary>The top folder of a path relative to src/Switchyard; files at the top (Program.cs) are the "Cli" entry.</summary>
    private static string Folder(string relativePath) =>
        relativePath.Contains('/') ? relativePath[..relativePath.IndexOf('/')] : "Cli";

    private sealed record SourceFile(string Path, IReadOnlyList<Reference> References);

    private sealed record Reference(string Folder, string Text, bool IsAlias);

    private static IEnumerable<SourceFile> SourceFiles()
    {
        var files = Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(SourceRoot, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100, $"expected the server's sources under {SourceRoot}, found {files.Count} files");
        return files.Select(p => new SourceFile(p, ReferencesIn(File.ReadAllText(Path.Combine(SourceRoot, p)))));
    }

    private static List<Reference> ReferencesIn(string source)
    {
        var references = new List<Reference>();
        var code = StripCommentsAndStrings(source);
        foreach (Match m in UsingDirective().Matches(code))
        {
            var target = m.Groups["target"].Value;
            var folder = FolderOfNamespace(target);
            if (folder is not null) references.Add(new Reference(folder, target, IsAlias: m.Groups["alias"].Success));
        }
        var body = UsingDirective().Replace(NamespaceDeclaration().Replace(code, ""), "");
        foreach (Match m in QualifiedName().Matches(body))
            references.Add(new Reference(m.Groups["folder"].Value, m.Value, IsAlias: false));
        return references;
    }

    private static string? FolderOfNamespace(string name)
    {
        var m = ServerNamespace().Match(name);
        return m.Success ? m.Groups["folder"].Value : null;
    }

    /// <summary>
    /// The code without comments, string and character literals (replaced by spaces), so that prose naming a folder
    /// is not read as a dependency. Verbatim, raw and interpolated strings are blanked as a whole: the server names
    /// no other folder's types inside an interpolation hole.
    /// </summary>
    private static string StripCommentsAndStrings(string source) =>
        CommentOrString().Replace(source, m => new string(' ', m.Length));

    [GeneratedRegex("""^\s*(?:global\s+)?using\s+(?:static\s+)?(?:(?<alias>\w+)\s*=\s*)?(?<target>[\w.]+)\s*;""", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex("""^\s*namespace\s+[\w.]+\s*[;{]""", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex("""^Switchyard\.(?<folder>Api|Cli|Delivery|Diagnostics|Domain|Hosting|Protocol|Settings|Storage)(?:\.|$)""")]
    private static partial Regex ServerNamespace();

    [GeneratedRegex("""(?<![\w.])(?:Switchyard\.)?(?<folder>Api|Cli|Delivery|Diagnostics|Domain|Hosting|Protocol|Settings|Storage)\.[A-Z]\w*""")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(""""//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|@"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)'"""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
