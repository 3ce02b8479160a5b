using Switchyard.Domain.Organizations;
using Switchyard.Settings;

namespace Switchyard.Diagnostics.Organizations;

/// <summary>
/// Applies the organizations of the config file again without a restart: on <c>POST /_switchyard/reload</c> and,
/// debounced, whenever the file changes on disk. A file that does not read or parse leaves the organizations in
/// place and says why (in the log, and in the endpoint's answer).
/// </summary>
public sealed class OrganizationsReloader : IDisposable
{
    /// <summary>Editors write a file in several steps (truncate, write, rename); wait for them to settle.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly OrganizationDirectory _organizations;
    private readonly string? _configFile;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public OrganizationsReloader(OrganizationDirectory organizations, ServerOptions options, ILogger<OrganizationsReloader> logger)
    {
        _organizations = organizations;
        _configFile = options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile);
        _logger = logger;
    }

    public string? ConfigFile => _configFile;

    /// <summary>Re-reads the config file; throws <see cref="DiagnosticsException"/> (and changes nothing) when it cannot.</summary>
    public IReadOnlyList<Organization> Reload()
    {
        if (_configFile is null)
            throw new DiagnosticsException(409, "the server was started without a config file (--config), so there is nothing to reload");
        lock (_gate)
        {
            try
            {
                _organizations.Reload(_configFile);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                _logger.LogWarning("organizations not reloaded from {ConfigFile}, the previous ones stay in force: {Reason}", _configFile, error.Message);
                // The answer names no path (an admin caller learns what failed, not where the server keeps its files);
                // the log line above has it. A message of ours that carries the path loses it here too.
                throw new DiagnosticsException(400, $"organizations not reloaded from the config file: {error.Message.Replace(_configFile, Path.GetFileName(_configFile))}");
            }
            var organizations = _organizations.Organizations;
            _logger.LogInformation("organizations reloaded from {ConfigFile}: {Organizations}", _configFile,
                organizations.Count == 0 ? "none" : string.Join(", ", organizations.Select(o => $"{o.Id} ({o.Accounts.Count} accounts)")));
            return organizations;
        }
    }

    /// <summary>Starts watching the config file (no-op without one).</summary>
    public void Watch()
    {
        if (_configFile is null || _watcher is not null) return;
        _debounce = new Timer(_ => ReloadQuietly(), null, Timeout.Infinite, Timeout.Infinite);
        // Watch the directory, not the file: editors often replace a file by renaming a new one over it.
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_configFile)!, Path.GetFileName(_configFile))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    private void Schedule() => _debounce?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void ReloadQuietly()
    {
        try
        {
            Reload();
        }
        catch (DiagnosticsException)
        {
            // Already logged; the watcher keeps going so the next save can fix it.
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
