namespace Switchyard.Settings;

/// <summary>
/// How setting names compare: without case, dashes or underscores, so <c>--data-dir</c>, <c>SWITCHYARD_DATA_DIR</c>
/// and <c>"dataDir"</c> are one setting. Every settings reader uses it, the server's and each module's.
/// </summary>
public static class SettingNames
{
    public static string Canonical(string name) =>
        new string(name.Where(c => c != '-' && c != '_').ToArray()).ToLowerInvariant();
}
