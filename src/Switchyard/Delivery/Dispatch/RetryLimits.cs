using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.Dispatch;

/// <summary>A target's RetryPolicy with AWS's defaults filled in: 185 retries, 24 hours.</summary>
public readonly record struct RetryLimits(int MaximumRetryAttempts, TimeSpan MaximumEventAge)
{
    public const int DefaultMaximumRetryAttempts = 185;
    public const int DefaultMaximumEventAgeInSeconds = 86_400;

    public static RetryLimits For(RuleTarget target) => new(
        target.RetryPolicy?.MaximumRetryAttempts ?? DefaultMaximumRetryAttempts,
        TimeSpan.FromSeconds(target.RetryPolicy?.MaximumEventAgeInSeconds ?? DefaultMaximumEventAgeInSeconds));
}

/// <summary>The two values of EXHAUSTED_RETRY_CONDITION.</summary>
public static class ExhaustedRetryConditions
{
    public const string MaximumRetryAttempts = "MaximumRetryAttempts";
    public const string MaximumEventAgeInSeconds = "MaximumEventAgeInSeconds";
}
