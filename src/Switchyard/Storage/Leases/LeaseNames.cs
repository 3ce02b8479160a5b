namespace Switchyard.Storage.Leases;

/// <summary>The leases this server takes; each names work that one process at a time does.</summary>
public static class LeaseNames
{
    /// <summary>The clock that fires scheduled rules (two clocks would fire every rule twice).</summary>
    public const string RuleScheduler = "rule-scheduler";

    /// <summary>EventBridge Scheduler's clock (two clocks would both try every firing; the firing state's
    /// compare-and-swap would keep one, at the cost of wasted work).</summary>
    public const string Scheduler = "scheduler";

    /// <summary>Trimming the journal's event log past the retention period.</summary>
    public const string Retention = "retention";

    /// <summary>
    /// Running replays: the process holding it runs every active replay (one task each); another takes over, from
    /// each replay's stored progress, once it is gone.
    /// </summary>
    public const string Replays = "replays";
}
