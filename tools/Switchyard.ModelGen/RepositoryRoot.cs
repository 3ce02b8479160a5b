namespace Switchyard.ModelGen;

/// <summary>Finds the repository root (the folder holding Switchyard.slnx) so the tool runs from any subfolder.</summary>
public static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx"))) return dir.FullName;
        }
        return null;
    }
}
