namespace Switchyard.Storage.Leases;

/// <summary>
/// Named leases for work that must run in one process at a time (the scheduled-rule clock, retention trimming,
/// later replays). A lease has one holder until it expires; the holder extends it by renewing, and another holder can
/// take it only once it has expired. Times come from the store's clock, so every holder judges expiry alike.
/// </summary>
public interface ILeaseStore : IDisposable
{
    /// <summary>
    /// Takes the lease for <paramref name="duration"/> if it is free, expired, or already this holder's (then it is
    /// extended). False while another holder's lease runs.
    /// </summary>
    bool TryAcquire(string name, string holder, TimeSpan duration);

    /// <summary>Extends this holder's lease; false if the holder no longer has it (another holder took it).</summary>
    bool Renew(string name, string holder, TimeSpan duration);

    /// <summary>Gives the lease up (if this holder has it), so another holder can take it at once.</summary>
    void Release(string name, string holder);

    /// <summary>The current holder, or null when the lease is free or expired.</summary>
    string? HolderOf(string name);
}
