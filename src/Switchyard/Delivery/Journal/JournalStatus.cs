namespace Switchyard.Delivery.Journal;

/// <summary>
/// What an operator alerts on about the journal: whether it takes writes, the deliveries not yet finished and when the
/// oldest of them was ingested, and the bytes it holds on disk (0 in memory).
/// </summary>
public sealed record JournalStatus(bool Open, long PendingDeliveries, DateTimeOffset? OldestPendingIngestedAt, long SizeOnDiskBytes);
