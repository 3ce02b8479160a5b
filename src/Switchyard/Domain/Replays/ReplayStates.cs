namespace Switchyard.Domain.Replays;

/// <summary>The ReplayState values (the model's enum): STARTING → RUNNING → COMPLETED, or CANCELLING → CANCELLED, or FAILED.</summary>
public static class ReplayStates
{
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Cancelling = "CANCELLING";
    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";

    /// <summary>The states AWS counts as active (the limit of concurrent replays) and the runner works on.</summary>
    public static bool IsActive(string state) => state is Starting or Running or Cancelling;

    /// <summary>CancelReplay is accepted only while the replay has not ended nor is already being cancelled.</summary>
    public static bool IsCancellable(string state) => state is Starting or Running;
}
