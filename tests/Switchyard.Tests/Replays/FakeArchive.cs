using Switchyard.Delivery.Archives;
using Switchyard.Domain;
using Switchyard.Domain.Replays;

namespace Switchyard.Tests.Replays;

/// <summary>
/// An archive in memory for replay tests, before (and apart from) the real archive store: its events, the reads the
/// runner made (to see minute-by-minute progress), and an optional gate that holds reads of a range until released.
/// </summary>
public sealed class FakeArchive : IReplayArchives, IArchiveReader
{
    public const string Account = "123456789012";
    public static readonly AccountRegion Scope = new(Account, "us-east-1");

    private readonly List<ArchivedEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset From, DateTimeOffset To, long After)> _reads = [];

    public FakeArchive(string name = "orders-archive", string busName = "default")
    {
        Source = new ReplaySource(Scope, name, $"arn:aws:events:us-east-1:{Account}:archive/{name}", busName);
    }

    public ReplaySource Source { get; }

    /// <summary>When set, a read whose range starts at or after it waits until <see cref="Release"/>.</summary>
    public DateTimeOffset? HoldFrom { get; set; }

    /// <summary>When set, a read (from, after) for which it is true waits until <see cref="Release"/>.</summary>
    public Func<DateTimeOffset, long, bool>? HoldWhen { get; set; }

    /// <summary>A held read throws once released, as reads do in a process that is going down.</summary>
    public bool FailHeld { get; set; }

    public ManualResetEventSlim Released { get; } = new(false);

    /// <summary>Set once a read is waiting at the gate.</summary>
    public ManualResetEventSlim Holding { get; } = new(false);

    public void Release() => Released.Set();

    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To, long After)> Reads
    {
        get
        {
            lock (_lock) return _reads.ToList();
        }
    }

    public void Add(DateTimeOffset time, string id, string detail = "{}", string source = "app")
    {
        var envelope = $$"""{"version":"0","id":"{{id}}","detail-type":"t","source":"{{source}}","account":"{{Account}}","time":"{{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}","region":"us-east-1","resources":[],"detail":{{detail}}}""";
        lock (_lock) _events.Add(new ArchivedEvent(_events.Count + 1, time, System.Text.Encoding.UTF8.GetBytes(envelope)));
    }

    /// <summary>The archive was deleted: it is no longer found.</summary>
    public bool Gone { get; set; }

    public bool TryFind(string archiveArn, out ReplaySource archive)
    {
        archive = Source;
        return !Gone && archiveArn == Source.ArchiveArn;
    }

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max)
    {
        lock (_lock) _reads.Add((from, to, afterPosition));
        if (((HoldFrom is { } hold && from >= hold) || HoldWhen?.Invoke(from, afterPosition) == true) && !Released.IsSet)
        {
            Holding.Set();
            Released.Wait(TimeSpan.FromSeconds(30));
            if (FailHeld) throw new IOException("the archive cannot be read: the process is going down");
        }
        if (archiveArn != Source.ArchiveArn) return [];
        lock (_lock)
        {
            return _events.Where(e => e.EventTime >= from && e.EventTime < to && e.Position > afterPosition)
                .OrderBy(e => e.Position).Take(max).ToList();
        }
    }
}
