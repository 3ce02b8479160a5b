namespace Switchyard.Storage.Leases;

/// <summary>The leases this server takes; each names work that one process at a time does.</summary>
public static class LeaseNames
{
    /// <summary>The clock that fires scheduled rules (two clocks would fire every rule twice).</summary>
    public const string RuleScheduler = "rule-scheduler";

    /// <summary>Trimming the journal's event log past the retention period.</summary>
    public const string Retention = "retention";
}
