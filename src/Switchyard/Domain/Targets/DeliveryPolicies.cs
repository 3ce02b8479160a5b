namespace Switchyard.Domain.Targets;

/// <summary>How long and how often delivery to the target is retried; AWS's defaults (185 retries, 24 hours) apply to what is null.</summary>
public sealed record RetryPolicy
{
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
}

/// <summary>The SQS queue an event goes to when delivery to the target failed for good.</summary>
public sealed record DeadLetterConfig
{
    public string? Arn { get; init; }
}
