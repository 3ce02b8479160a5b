namespace Switchyard.Delivery.Journal;

/// <summary>
/// What a durable journal's writer loop is asked to do; callers queue these and the loop applies whatever has queued
/// up in one transaction (group commit). Shared by the SQLite and PostgreSQL journals.
/// </summary>
internal abstract record JournalWrite
{
    public sealed record Append(List<PendingDelivery> Rows, IReadOnlyList<Domain.Routing.AcceptedEvent> Events) : JournalWrite
    {
        public TaskCompletionSource<IReadOnlyList<PendingDelivery>> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed record Remove(long Id) : JournalWrite;

    public sealed record Retry(long Id, int Attempts, long NextAttemptAtMs, string? ErrorCode, string? ErrorMessage) : JournalWrite
    {
        public static Retry Of(PendingDelivery delivery, DateTimeOffset nextAttemptAt) =>
            new(delivery.Id, delivery.Attempts, nextAttemptAt.ToUnixTimeMilliseconds(), delivery.LastFailure?.ErrorCode, delivery.LastFailure?.ErrorMessage);
    }

    public sealed record Renew : JournalWrite
    {
        public static readonly Renew Instance = new();
    }

    /// <summary>Removes an archive's rows (archived before a time, or all), a chunk per commit.</summary>
    public sealed record RemoveArchived(string Arn, long? BeforeMs) : JournalWrite
    {
        public TaskCompletionSource<long> Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Rows removed by the last commit (writer thread only).</summary>
        public long LastChunk { get; set; }

        /// <summary>Rows removed so far (writer thread only).</summary>
        public long Total { get; set; }

        /// <summary>Queues the removal of an archive's rows on a journal's writer loop; completes with how many were removed.</summary>
        public static ValueTask<long> Queue(System.Threading.Channels.ChannelWriter<JournalWrite> writes, object journal, string arn,
            DateTimeOffset? archivedBefore, CancellationToken cancellation)
        {
            var removal = new RemoveArchived(arn, archivedBefore?.ToUnixTimeMilliseconds());
            ObjectDisposedException.ThrowIf(!writes.TryWrite(removal), journal);
            return new ValueTask<long>(removal.Removed.Task.WaitAsync(cancellation));
        }

        /// <summary>
        /// After a commit (writer thread): counts its chunk, and either queues the removal again (a full chunk: there
        /// may be more, removed by the next commit, so appends go in between) or completes it.
        /// </summary>
        public void Committed(System.Threading.Channels.ChannelWriter<JournalWrite> writes, int chunk)
        {
            Total += LastChunk;
            if (LastChunk < chunk || !writes.TryWrite(this)) Removed.TrySetResult(Total);
        }
    }

    public sealed record Claim(int Max) : JournalWrite
    {
        public TaskCompletionSource<DeliveryClaim> Claimed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>How many rows a write adds to a commit (a commit is capped in rows).</summary>
    public int RowCount => this is Append append ? append.Rows.Count + append.Events.Count : 1;

    /// <summary>
    /// Fails the callers waiting on a commit that failed, and returns the delivery outcomes (done, retry later) it
    /// held: those are not the callers' to repeat (dropped, a row would stay leased to this node, which renews its
    /// leases, and no node would ever claim it again), so the journal writes them again.
    /// </summary>
    public static List<JournalWrite>? FailCommit(List<JournalWrite> batch, Exception error)
    {
        List<JournalWrite>? outcomes = null;
        foreach (var write in batch)
        {
            if (write is Append append) append.Committed.TrySetException(error);
            else if (write is Claim claim) claim.Claimed.TrySetException(error);
            else if (write is RemoveArchived removal) removal.Removed.TrySetException(error);
            else if (write is Remove or Retry) (outcomes ??= []).Add(write);
        }
        return outcomes;
    }
}
