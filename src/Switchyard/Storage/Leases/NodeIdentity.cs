namespace Switchyard.Storage.Leases;

/// <summary>
/// This process's name as a holder of leases (named leases and the journal's delivery leases): random per start, so
/// a restarted process never mistakes the leases of its crashed predecessor for its own.
/// </summary>
public sealed record NodeIdentity(string Id)
{
    public static NodeIdentity NewRandom() => new($"node-{Guid.NewGuid():N}"[..21]);
}
