using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery;
using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Input;
using Switchyard.Delivery.Journal;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;
using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using Rule = Switchyard.Domain.Rules.Rule;
using Switchyard.Settings;
using Switchyard.Domain.Routing;

namespace Switchyard.Tests.Delivery;

/// <summary>The dispatcher's retry, backoff, expiry and dead-letter decisions, on a clock the test moves.</summary>
public sealed class DispatcherTests
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private const string LambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:f";
    private const string DeadLetterArn = "arn:aws:sqs:us-east-1:123456789012:dlq";

    private readonly ManualTimeProvider _time = new(Start);
    private readonly RuleCatalog _rules = new(new ChangeFeedPump(new InMemoryVersionedStore()));
    private readonly DeliveryQueue _queue = new();
    private readonly RecordingJournal _journal = new();
    private readonly ScriptedInvoker _invoker = new();
    private readonly RecordingDeadLetters _deadLetters = new();
    private readonly DeliveryMetrics _metrics = new();
    private readonly DeliveryDispatcher _dispatcher;

    public DispatcherTests()
    {
        // random() = 1: every delay is the full exponential ceiling, so the test knows them: 10 s, 20 s, 40 s, ...
        _dispatcher = new DeliveryDispatcher(_queue, _journal, _rules, new InputShaper(), [_invoker], _deadLetters, _metrics,
            new RetryBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40), () => 1.0), _time, new DeliveryOptions(),
            NullLogger<DeliveryDispatcher>.Instance);
    }

    private void AddRule(RuleTarget target) =>
        _rules.Put(Scope, "default", "r", _ => new Rule
        {
            AccountId = Scope.AccountId, Region = Scope.Region, BusName = "default", Name = "r", State = RuleStates.Enabled,
            EventPattern = """{"source":["s"]}""", CreatedBy = Scope.AccountId, CreationTime = Start, Targets = [target],
        });

    private static PendingDelivery Delivery(int hop = 0, long id = 1) =>
        new(id, new AcceptedEvent("e-1", Scope, "default", """{"id":"e-1","source":"s"}"""u8.ToArray(), Start, hop),
            new DeliveryTask("e-1", Scope, "default", "r", "t"));

    /// <summary>
    /// The last failed attempt was handed back to the journal due <paramref name="delay"/> from now: moves the clock
    /// there and runs the delivery as a claim would return it.
    /// </summary>
    private async Task RunRetryAfter(TimeSpan delay)
    {
        var (due, at) = Assert.Single(_journal.Retries);
        _journal.Retries.Clear();
        Assert.Equal(_time.GetUtcNow() + delay, at);
        _time.Advance(delay);
        await _dispatcher.DeliverAsync(due, default);
    }

    [Fact]
    public async Task Success_completes_the_delivery()
    {
        AddRule(new RuleTarget { Id = "t", Arn = LambdaArn });
        await _dispatcher.DeliverAsync(Delivery(), default);
        Assert.Equal([1L], _journal.Completed);
        Assert.Single(_invoker.Calls);
        Assert.Equal(1, _metrics.Target(Scope, "default", "r", "t").Invocations.Value);
        Assert.Equal(1, _metrics.Target(Scope, "default", "r", "t").SuccessfulInvocationAttempts.Value);
    }

    [Fact]
    public async Task Retryable_failures_back_off_exponentially_then_dead_letter_on_maximum_retry_attempts()
    {
        AddRule(new RuleTarget
        {
            Id = "t", Arn = LambdaArn, RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 3 },
            DeadLetterConfig = new DeadLetterConfig { Arn = DeadLetterArn },
        });
        _invoker.Script.Enqueue(InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, "boom", retryable: true));
        var delivery = Delivery();
        await _dispatcher.DeliverAsync(delivery, default);
        Assert.Empty(_journal.Completed);
        await RunRetryAfter(TimeSpan.FromSeconds(10));
        await RunRetryAfter(TimeSpan.FromSeconds(20));
        await RunRetryAfter(TimeSpan.FromSeconds(40));
        Assert.Equal(4, _invoker.Calls.Count);
        Assert.Equal([1, 2, 3, 4], _invoker.Calls.Select(c => c.Attempt));

        var letter = Assert.Single(_deadLetters.Sent);
        Assert.Equal(DeadLetterArn, letter.QueueArn);
        Assert.Equal("arn:aws:events:us-east-1:123456789012:rule/r", letter.Letter.RuleArn);
        Assert.Equal(LambdaArn, letter.Letter.TargetArn);
        Assert.Equal("THIRD_PARTY_ERROR", letter.Letter.ErrorCode);
        Assert.Equal("boom", letter.Letter.ErrorMessage);
        Assert.Equal(ExhaustedRetryConditions.MaximumRetryAttempts, letter.Letter.ExhaustedRetryCondition);
        Assert.Equal(3, letter.Letter.RetryAttempts);
        Assert.Equal("""{"id":"e-1","source":"s"}""", System.Text.Encoding.UTF8.GetString(letter.Letter.Event));
        Assert.Equal([1L], _journal.Completed);

        var series = _metrics.Target(Scope, "default", "r", "t");
        Assert.Equal(4, series.InvocationAttempts.Value);
        Assert.Equal(3, series.RetryInvocationAttempts.Value);
        Assert.Equal(1, series.FailedInvocations.Value);
        Assert.Equal(1, series.DeadLetterInvocations.Value);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task Retries_stop_when_the_next_would_pass_the_maximum_event_age()
    {
        AddRule(new RuleTarget
        {
            Id = "t", Arn = LambdaArn, RetryPolicy = new RetryPolicy { MaximumEventAgeInSeconds = 60 },
            DeadLetterConfig = new DeadLetterConfig { Arn = DeadLetterArn },
        });
        _invoker.Script.Enqueue(InvocationResult.Failure(DeliveryErrorCodes.Throttling, "slow down", retryable: true));
        await _dispatcher.DeliverAsync(Delivery(), default); // t=0, next at 10
        await RunRetryAfter(TimeSpan.FromSeconds(10));      // t=10, next at 30
        await RunRetryAfter(TimeSpan.FromSeconds(20));      // t=30, next would be at 70 > 60
        var letter = Assert.Single(_deadLetters.Sent).Letter;
        Assert.Equal(ExhaustedRetryConditions.MaximumEventAgeInSeconds, letter.ExhaustedRetryCondition);
        Assert.Equal("THROTTLING", letter.ErrorCode);
        Assert.Equal(2, letter.RetryAttempts);
    }

    [Fact]
    public async Task Non_retryable_errors_go_straight_to_the_dead_letter_queue()
    {
        AddRule(new RuleTarget { Id = "t", Arn = LambdaArn, DeadLetterConfig = new DeadLetterConfig { Arn = DeadLetterArn } });
        _invoker.Script.Enqueue(InvocationResult.Failure(DeliveryErrorCodes.NoResource, "Function not found", retryable: false));
        await _dispatcher.DeliverAsync(Delivery(), default);
        var letter = Assert.Single(_deadLetters.Sent).Letter;
        Assert.Equal("NO_RESOURCE", letter.ErrorCode);
        Assert.Null(letter.ExhaustedRetryCondition);
        Assert.Equal(0, letter.RetryAttempts);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task Without_a_dead_letter_queue_a_failure_is_counted_not_lost()
    {
        AddRule(new RuleTarget { Id = "t", Arn = LambdaArn, RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 0 } });
        _invoker.Script.Enqueue(InvocationResult.Failure(DeliveryErrorCodes.Timeout, "slow", retryable: true));
        await _dispatcher.DeliverAsync(Delivery(), default);
        Assert.Empty(_deadLetters.Sent);
        Assert.Equal(1, _metrics.Target(Scope, "default", "r", "t").FailedInvocations.Value);
        Assert.Equal([1L], _journal.Completed);
    }

    [Fact]
    public async Task A_dead_letter_queue_that_fails_is_counted()
    {
        AddRule(new RuleTarget { Id = "t", Arn = LambdaArn, DeadLetterConfig = new DeadLetterConfig { Arn = DeadLetterArn } });
        _invoker.Script.Enqueue(InvocationResult.Failure(DeliveryErrorCodes.NoPermissions, "denied", retryable: false));
        _deadLetters.Error = "queue does not exist";
        await _dispatcher.DeliverAsync(Delivery(), default);
        Assert.Equal(1, _metrics.Target(Scope, "default", "r", "t").InvocationsFailedToBeSentToDlq.Value);
    }

    [Fact]
    public async Task Unsupported_targets_fail_visibly()
    {
        AddRule(new RuleTarget { Id = "t", Arn = "arn:aws:sns:us-east-1:123456789012:topic", DeadLetterConfig = new DeadLetterConfig { Arn = DeadLetterArn } });
        await _dispatcher.DeliverAsync(Delivery(), default);
        Assert.Empty(_invoker.Calls);
        var letter = Assert.Single(_deadLetters.Sent).Letter;
        Assert.Equal("UNSUPPORTED_TARGET", letter.ErrorCode);
        Assert.Contains("sns", letter.ErrorMessage);
        Assert.Equal(1, _metrics.Target(Scope, "default", "r", "t").FailedInvocations.Value);
    }

    [Fact]
    public async Task An_event_that_already_hopped_is_not_sent_to_another_bus()
    {
        AddRule(new RuleTarget { Id = "t", Arn = "arn:aws:events:us-east-1:123456789012:event-bus/third" });
        _invoker.HandlesEverything = true;
        await _dispatcher.DeliverAsync(Delivery(hop: 1), default);
        Assert.Empty(_invoker.Calls);
        Assert.Empty(_deadLetters.Sent);
        Assert.Equal([1L], _journal.Completed);
        Assert.Equal(1, _metrics.Rule(Scope, "default", "r").Dropped.Value);
    }

    [Fact]
    public async Task A_removed_target_is_dropped()
    {
        AddRule(new RuleTarget { Id = "other", Arn = LambdaArn });
        await _dispatcher.DeliverAsync(Delivery(), default);
        Assert.Empty(_invoker.Calls);
        Assert.Equal([1L], _journal.Completed);
    }

    [Fact]
    public async Task The_target_gets_the_shaped_input()
    {
        AddRule(new RuleTarget { Id = "t", Arn = LambdaArn, InputPath = "$.source" });
        await _dispatcher.DeliverAsync(Delivery(), default);
        Assert.Equal("\"s\"", System.Text.Encoding.UTF8.GetString(Assert.Single(_invoker.Calls).Payload));
    }

    [Fact]
    public void Backoff_grows_and_is_capped_with_jitter_between_half_and_all()
    {
        var full = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), () => 1.0);
        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(n => full.DelayBefore(n).TotalSeconds));
        var half = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), () => 0.0);
        Assert.Equal(2, half.DelayBefore(3).TotalSeconds);
    }

    [Fact]
    public void Retry_policy_defaults_are_aws_defaults()
    {
        var limits = RetryLimits.For(new RuleTarget { Id = "t", Arn = LambdaArn });
        Assert.Equal(185, limits.MaximumRetryAttempts);
        Assert.Equal(TimeSpan.FromHours(24), limits.MaximumEventAge);
    }

    private sealed class ScriptedInvoker : ITargetInvoker
    {
        public Queue<InvocationResult> Script { get; } = new();
        public List<TargetInvocation> Calls { get; } = [];
        public bool HandlesEverything { get; set; }
        private InvocationResult _last = InvocationResult.Success;

        public bool CanHandle(ParsedArn targetArn) => HandlesEverything || targetArn.Service == "lambda";

        public ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
        {
            Calls.Add(invocation);
            if (Script.TryDequeue(out var next)) _last = next;
            return ValueTask.FromResult(_last);
        }
    }

    private sealed class RecordingJournal : IEventJournal
    {
        public List<long> Completed { get; } = [];

        public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation) =>
            throw new NotSupportedException("the dispatcher never appends");

        public void Complete(long deliveryId) => Completed.Add(deliveryId);

        public List<(PendingDelivery Delivery, DateTimeOffset NextAttemptAt)> Retries { get; } = [];

        public void Retry(PendingDelivery delivery, DateTimeOffset nextAttemptAt) => Retries.Add((delivery, nextAttemptAt));

        public ValueTask<DeliveryClaim> ClaimAsync(int max, CancellationToken cancellation) => ValueTask.FromResult(new DeliveryClaim([], null));

        public bool HasDiskBacklog => false;

        public JournalStatus Status() => new(true, 0, null, 0);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingDeadLetters : IDeadLetterSender
    {
        public List<(string QueueArn, DeadLetter Letter)> Sent { get; } = [];
        public string? Error { get; set; }

        public ValueTask<string?> SendAsync(string queueArn, DeadLetter letter, CancellationToken cancellation)
        {
            if (Error is null) Sent.Add((queueArn, letter));
            return ValueTask.FromResult(Error);
        }
    }
}
