namespace Switchyard.Storage;

/// <summary>
/// Holds <c>switchyard.lock</c> in a data directory exclusively for the life of the server, so a second process on the
/// same directory refuses to start instead of losing writes, clashing journal ids and firing schedules twice (issue 8).
/// The lock is the operating system's (a FileStream opened with FileShare.None takes an exclusive flock on Unix and a
/// sharing lock on Windows): it dies with the process, so a crashed or SIGKILLed server never blocks its restart and
/// no stale lock file has to be cleaned up by hand.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "switchyard.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(string directory, FileStream file)
    {
        Directory = directory;
        _file = file;
    }

    /// <summary>The data directory held, as a full path.</summary>
    public string Directory { get; }

    /// <summary>Takes the lock or throws <see cref="DataDirectoryInUseException"/> when another holder has it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new DataDirectoryInUseException(directory, error);
        }
        // The holder's process id, for whoever looks at the file; the lock itself is what counts, not the content.
        try
        {
            file.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            file.Write(pid);
            file.Flush();
        }
        catch (IOException)
        {
            // A full disk must not stop the server from taking its own lock; the content is informational only.
        }
        return new DataDirectoryLock(directory, file);
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Another process (or another server in this one) holds the data directory.</summary>
public sealed class DataDirectoryInUseException(string directory, Exception inner)
    : Exception($"data directory {directory} is in use by another switchyard process (it holds {Path.Combine(directory, DataDirectoryLock.FileName)}); stop it or choose another --data-dir", inner)
{
    public string Directory { get; } = directory;
}
