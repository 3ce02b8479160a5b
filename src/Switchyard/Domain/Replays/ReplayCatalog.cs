using Switchyard.Storage.Catalog;

namespace Switchyard.Domain.Replays;

/// <summary>
/// All replays of all accounts and regions, over the generic <see cref="ResourceCatalog{T}"/>: the API creates and
/// cancels them, the runner records their state and progress, every node reads them from its cache.
/// </summary>
public sealed class ReplayCatalog
{
    public const string StateKind = "replay";

    /// <summary>AWS: at most 10 active concurrent replays per account per Region.</summary>
    public const int MaxActivePerRegion = 10;

    private readonly ResourceCatalog<Replay> _replays;

    public ReplayCatalog(ChangeFeedPump pump)
    {
        _replays = new ResourceCatalog<Replay>(pump, StateKind, ReplayJsonContext.Default.Replay, ApiErrors.ConcurrentModification);
    }

    public bool TryGet(AccountRegion scope, string name, out Replay replay) =>
        _replays.TryGet(scope.AccountId, scope.Region, name, out replay);

    public Replay Get(AccountRegion scope, string name) =>
        TryGet(scope, name, out var replay) ? replay : throw ReplayErrors.NotFound(name);

    /// <summary>The replays of one account and region, by name.</summary>
    public IReadOnlyList<Replay> List(AccountRegion scope) =>
        _replays.InScope(scope.AccountId, scope.Region).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    public IEnumerable<Replay> All => _replays.All;

    /// <summary>Told of every later change of a replay (from the feed, whichever process made it).</summary>
    public void Observe(ResourceChanged<Replay> observer) => _replays.Observe(observer, replayExisting: false);

    /// <remarks>
    /// The name check and the active limit are exact within one process (writers take turns on the catalog's lock);
    /// as for buses, two processes creating at once may each see room for one more.
    /// </remarks>
    public Replay Create(Replay replay) =>
        _replays.Change(replay.AccountId, replay.Region, replay.Name, current =>
        {
            if (current is not null) throw ReplayErrors.AlreadyExists(replay.Name);
            if (_replays.InScope(replay.AccountId, replay.Region).Count(r => r.IsActive) >= MaxActivePerRegion)
                throw ReplayErrors.TooManyActive();
            return replay;
        })!;

    /// <summary>CancelReplay: STARTING or RUNNING becomes CANCELLING; the runner stops at its next page.</summary>
    public Replay Cancel(AccountRegion scope, string name) =>
        _replays.Change(scope.AccountId, scope.Region, name, current =>
        {
            if (current is null) throw ReplayErrors.NotFound(name);
            if (!ReplayStates.IsCancellable(current.State)) throw ReplayErrors.NotCancellable(name);
            return current with { State = ReplayStates.Cancelling };
        })!;

    /// <summary>
    /// Read-modify-write for the runner, retried on a concurrent change (a CancelReplay meanwhile is then seen by
    /// <paramref name="change"/>). Returns the replay as stored afterwards, or null once it no longer exists.
    /// </summary>
    public Replay? Update(AccountRegion scope, string name, Func<Replay, Replay> change) =>
        _replays.Change(scope.AccountId, scope.Region, name, current => current is null ? null : change(current));
}
