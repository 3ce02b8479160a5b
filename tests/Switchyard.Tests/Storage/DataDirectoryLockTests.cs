using Switchyard.Hosting;
using Switchyard.Storage;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Storage;

public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("switchyard-lock-").FullName;

    [Fact]
    public void A_second_acquire_of_a_held_directory_fails_naming_the_directory()
    {
        using var first = DataDirectoryLock.Acquire(_directory);
        var error = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_directory));
        Assert.Equal(_directory, error.Directory);
        Assert.Contains(_directory, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_lock_is_free_again_after_dispose()
    {
        DataDirectoryLock.Acquire(_directory).Dispose();
        using var again = DataDirectoryLock.Acquire(_directory);
        Assert.Equal(_directory, again.Directory);
        Assert.True(File.Exists(Path.Combine(_directory, DataDirectoryLock.FileName)));
    }

    [Fact]
    public void A_relative_path_to_the_same_directory_is_the_same_lock()
    {
        using var first = DataDirectoryLock.Acquire(_directory);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _directory);
        Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(relative));
    }

    [Fact]
    public void A_missing_directory_is_created_and_locked()
    {
        var nested = Path.Combine(_directory, "new", "data");
        using var held = DataDirectoryLock.Acquire(nested);
        Assert.True(Directory.Exists(nested));
        Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(nested));
    }

    [Fact]
    public async Task A_second_server_on_a_running_servers_directory_fails_to_build_and_the_first_keeps_serving()
    {
        var options = new ServerOptions { DataDirectory = _directory };
        await using (var first = await ServerHarness.StartAsync(options))
        {
            Assert.Throws<DataDirectoryInUseException>(() => ServerApp.Build(options with { Port = 0 }));
            Assert.Equal(200, (await first.CallAsync("CreateEventBus", """{"Name":"still-serving"}""")).Status);
        }
        // Stopping the first releases the directory.
        await using var second = await ServerHarness.StartAsync(options);
        Assert.Equal(200, (await second.CallAsync("DescribeEventBus", """{"Name":"still-serving"}""")).Status);
    }

    [Fact]
    public async Task In_memory_servers_take_no_lock()
    {
        var options = new ServerOptions { DataDirectory = _directory, InMemory = true };
        await using var first = await ServerHarness.StartAsync(options);
        await using var second = await ServerHarness.StartAsync(options);
        Assert.False(File.Exists(Path.Combine(_directory, DataDirectoryLock.FileName)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
