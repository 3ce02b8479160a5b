using AwsErrorCodes = Switchyard.Protocol.Model.AwsErrorCodes;
using AwsServiceException = Switchyard.Protocol.Model.AwsServiceException;

namespace Switchyard.Domain.Replays;

/// <summary>
/// The errors of the replay operations, with AWS's texts. Recorded from AWS in LocalStack's
/// tests/aws/services/events/test_archive_and_replay.snapshot.json (TestReplay::*) unless said otherwise.
/// </summary>
public static class ReplayErrors
{
    /// <summary>test_start_replay_error_duplicate.</summary>
    public static AwsServiceException AlreadyExists(string name) => ApiErrors.AlreadyExists($"Replay {name} already exists.");

    /// <summary>LocalStack's provider (get_replay) and moto alike; DescribeReplay/CancelReplay of an unknown name.</summary>
    public static AwsServiceException NotFound(string name) => ApiErrors.NotFound($"Replay {name} does not exist.");

    /// <summary>test_start_replay_error_invalid_end_time (equal times too).</summary>
    public static AwsServiceException EndBeforeStart() =>
        ApiErrors.Validation("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");

    /// <summary>test_start_replay_error_unknown_archive.</summary>
    public static AwsServiceException UnknownArchive(string archiveName) =>
        ApiErrors.Validation($"Parameter EventSourceArn is not valid. Reason: Archive {archiveName} does not exist.");

    /// <summary>test_start_replay_error_unknown_event_bus ("start-replay-wrong-event-bus-error").</summary>
    public static AwsServiceException CrossBus() =>
        ApiErrors.Validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");

    /// <summary>moto's text for a destination that is no event-bus ARN at all (not recorded from AWS).</summary>
    public static AwsServiceException NotABusArn() =>
        ApiErrors.Validation("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.");

    /// <summary>Our choice (AWS's text is not recorded): a FilterArns entry that is not a rule of the destination bus.</summary>
    public static AwsServiceException NotARuleOfTheBus(string arn) =>
        ApiErrors.Validation($"Parameter Destination.FilterArns is not valid. Reason: {arn} is not a rule ARN on the destination event bus.");

    /// <summary>moto's text for CancelReplay of a replay that has ended or is being cancelled.</summary>
    public static AwsServiceException NotCancellable(string name) =>
        new(AwsErrorCodes.IllegalStatusException, $"Replay {name} is not in a valid state for this operation.");

    /// <summary>
    /// AWS's generic LimitExceededException text (its text for replays is not recorded): more than
    /// <see cref="ReplayCatalog.MaxActivePerRegion"/> active replays in the account and region.
    /// </summary>
    public static AwsServiceException TooManyActive() => ApiErrors.LimitExceeded();
}
