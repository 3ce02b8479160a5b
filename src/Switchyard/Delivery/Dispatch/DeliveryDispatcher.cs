using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Delivery.Input;
using Switchyard.Delivery.Invokers;
using Switchyard.Delivery.Journal;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;
using Switchyard.Settings;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.Dispatch;

/// <summary>
/// Delivers journaled events to their targets, at least once and asynchronously. A fixed number of workers take
/// deliveries from the <see cref="DeliveryQueue"/>; each attempt resolves the rule and target as they are now (a
/// removed target is dropped), shapes the input, and calls the first invoker that takes the target's ARN. A failed
/// attempt is retried after a backoff, within the target's RetryPolicy; a delivery that cannot succeed goes to the
/// target's dead-letter queue, or is recorded as failed. Every finished delivery is removed from the journal;
/// a restart resumes the rest. A failed attempt goes back to the journal with its next-attempt time and is claimed again
/// when due (by this node or another).
/// </summary>
public sealed class DeliveryDispatcher : BackgroundService
{
    private readonly DeliveryQueue _queue;
    private readonly IEventJournal _journal;
    private readonly RuleCatalog _rules;
    private readonly InputShaper _shaper;
    private readonly IReadOnlyList<ITargetInvoker> _invokers;
    private readonly UnsupportedTargetInvoker _unsupported = new();
    private readonly IDeadLetterSender _deadLetters;
    private readonly DeliveryMetrics _metrics;
    private readonly RetryBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly DeliveryOptions _options;
    private readonly ILogger<DeliveryDispatcher> _logger;
    private readonly IScheduledTargetResolver? _scheduled;

    public DeliveryDispatcher(DeliveryQueue queue, IEventJournal journal, RuleCatalog rules, InputShaper shaper,
        IEnumerable<ITargetInvoker> invokers, IDeadLetterSender deadLetters, DeliveryMetrics metrics, RetryBackoff backoff,
        TimeProvider time, DeliveryOptions options, ILogger<DeliveryDispatcher> logger, IScheduledTargetResolver? scheduled = null)
    {
        _scheduled = scheduled;
        _queue = queue;
        _journal = journal;
        _rules = rules;
        _shaper = shaper;
        _invokers = invokers.ToList();
        _deadLetters = deadLetters;
        _metrics = metrics;
        _backoff = backoff;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// The longest the claimer sleeps with nothing known to become due: how soon a delivery that another node released
    /// (or whose owner's lease ran out) is noticed without a signal. One indexed query each time.
    /// </summary>
    internal static readonly TimeSpan IdleClaimCheck = TimeSpan.FromSeconds(10);

    protected override Task ExecuteAsync(CancellationToken stopping)
    {
        var workers = new Task[_options.Concurrency + 1];
        for (var i = 0; i < _options.Concurrency; i++) workers[i] = Task.Run(() => WorkAsync(stopping), CancellationToken.None);
        workers[^1] = Task.Run(() => ClaimAsync(stopping), CancellationToken.None);
        return Task.WhenAll(workers);
    }

    /// <summary>
    /// Tops the ready queue up from the journal's work queue: at start (a bounded batch, at most the memory backlog),
    /// when deliveries wait on disk only and the queue has drained to half, when a retry falls due, and every
    /// <see cref="IdleClaimCheck"/> for what other nodes left. Between claims it sleeps until the earliest time the
    /// journal reported or the queue's refill signal (raised by the journal when a commit leaves deliveries on disk
    /// only, by the workers when the queue drains to half, and by a retry), not on a short timer: an idle server
    /// wakes every few seconds for one query.
    /// </summary>
    private async Task ClaimAsync(CancellationToken stopping)
    {
        var first = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var room = _options.MemoryBacklog - _queue.Count;
                var wake = _time.GetUtcNow() + IdleClaimCheck;
                if (room > 0)
                {
                    var claim = await _journal.ClaimAsync(room, stopping);
                    foreach (var delivery in claim.Deliveries) _queue.Enqueue(delivery);
                    if (first && claim.Deliveries.Count > 0)
                        _logger.LogInformation("resuming {Count} pending deliveries from the journal{More}", claim.Deliveries.Count,
                            claim.Deliveries.Count == room ? " (more are claimed as these finish)" : "");
                    first = false;
                    if (claim.Deliveries.Count == room) continue;
                    if (claim.NextClaimableAt is { } next && next < wake) wake = next;
                }
                var sleep = wake - _time.GetUtcNow();
                if (sleep <= TimeSpan.Zero) continue;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var delay = Task.Delay(sleep, _time, timeout.Token);
                await Task.WhenAny(delay, _queue.WaitForRefillSignalAsync(timeout.Token).AsTask());
                await timeout.CancelAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // Nothing is lost (the deliveries stay in the journal, and a restart resumes them); try again shortly.
                _logger.LogError(error, "claiming deliveries from the journal failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Deliveries wait in the journal only and the ready queue has drained to half: time to claim more.</summary>
    private bool RefillWanted => _journal.HasDiskBacklog && _queue.Count <= _options.MemoryBacklog / 2;

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(stopping))
            {
                if (RefillWanted) _queue.SignalRefill();
                try
                {
                    await DeliverAsync(delivery, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // Shutting down mid-attempt: the delivery stays in the journal and is resumed after the restart.
                    return;
                }
                catch (Exception error)
                {
                    // Not a target's failure (those come back as results): something of ours broke. Keep the
                    // delivery and try again later rather than lose it.
                    _logger.LogError(error, "delivery {DeliveryId} of event {EventId} failed unexpectedly; retrying later", delivery.Id, delivery.Event.EventId);
                    Retry(delivery, _backoff.DelayBefore(Math.Max(1, delivery.Attempts)));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>One attempt at one delivery, and what follows from it (done, retry later, dead letter).</summary>
    public async Task DeliverAsync(PendingDelivery delivery, CancellationToken cancellation)
    {
        var task = delivery.Task;
        Rule? rule;
        RuleTarget? target;
        ResolvedDelivery? scheduled = null;
        if (task.IsScheduled)
        {
            // An EventBridge Scheduler invocation: its target travels with it (IScheduledTargetResolver).
            string? reason = "EventBridge Scheduler is not part of this server";
            scheduled = _scheduled?.Resolve(delivery, out reason);
            if (scheduled is null)
            {
                Drop(delivery, reason);
                return;
            }
            (rule, target) = (scheduled.Rule, scheduled.Target);
        }
        else if (!_rules.TryGet(task.RuleScope, task.BusName, task.RuleName, out rule))
        {
            Drop(delivery, "the rule no longer exists");
            return;
        }
        else
        {
            target = rule.Targets.FirstOrDefault(t => t.Id == task.TargetId);
            if (target is null)
            {
                Drop(delivery, "the target was removed from the rule");
                return;
            }
        }
        if (!Arns.TryParse(target.Arn, out var targetArn))
        {
            // PutTargets checks ARNs; a target stored before that check (or edited on disk) cannot be invoked.
            Drop(delivery, $"the target ARN {target.Arn} is not a valid ARN");
            return;
        }
        if (BusTargetDecisions.ExceedsHopLimit(targetArn, delivery.Event.Hop))
        {
            Drop(delivery, $"the event already came through a bus-to-bus hop and is not forwarded to {target.Arn}");
            return;
        }

        var series = _metrics.Target(task.RuleScope, task.BusName, task.RuleName, task.TargetId);
        var now = _time.GetUtcNow();
        var limits = RetryLimits.For(target);
        if (delivery.Attempts > 0 && now - delivery.Event.IngestedAt > limits.MaximumEventAge)
        {
            await FailAsync(delivery, rule, target, scheduled, series, delivery.LastFailure ?? Expired(), ExhaustedRetryConditions.MaximumEventAgeInSeconds, cancellation);
            return;
        }
        if (delivery.Attempts == 0)
            _metrics.Rule(task.RuleScope, task.BusName, task.RuleName).IngestionToInvocationStart.Observe(Milliseconds(now - delivery.Event.IngestedAt));

        delivery.Attempts++;
        series.InvocationAttempts.Inc();
        if (delivery.Attempts > 1) series.RetryInvocationAttempts.Inc();
        var result = await AttemptAsync(delivery, rule, target, targetArn, scheduled, cancellation);
        if (result.Succeeded)
        {
            series.SuccessfulInvocationAttempts.Inc();
            series.Invocations.Inc();
            series.IngestionToInvocationSuccess.Observe(Milliseconds(_time.GetUtcNow() - delivery.Event.IngestedAt));
            _journal.Complete(delivery.Id);
            return;
        }

        delivery.LastFailure = result;
        if (!result.Retryable)
        {
            await FailAsync(delivery, rule, target, scheduled, series, result, null, cancellation);
            return;
        }
        if (delivery.Attempts - 1 >= limits.MaximumRetryAttempts)
        {
            await FailAsync(delivery, rule, target, scheduled, series, result, ExhaustedRetryConditions.MaximumRetryAttempts, cancellation);
            return;
        }
        var delay = _backoff.DelayBefore(delivery.Attempts);
        if (_time.GetUtcNow() + delay - delivery.Event.IngestedAt > limits.MaximumEventAge)
        {
            await FailAsync(delivery, rule, target, scheduled, series, result, ExhaustedRetryConditions.MaximumEventAgeInSeconds, cancellation);
            return;
        }
        _logger.LogWarning("delivery attempt {Attempt} of event {EventId} to {TargetArn} (rule {RuleArn}) failed with {ErrorCode}: {ErrorMessage}; retrying in {Delay} ms",
            delivery.Attempts, delivery.Event.EventId, target.Arn, rule.Arn, result.ErrorCode, result.ErrorMessage, (long)delay.TotalMilliseconds);
        Retry(delivery, delay);
    }

    private async ValueTask<InvocationResult> AttemptAsync(PendingDelivery delivery, Rule rule, RuleTarget target, ParsedArn targetArn,
        ResolvedDelivery? scheduled, CancellationToken cancellation)
    {
        byte[] payload;
        try
        {
            payload = scheduled is null ? _shaper.Shape(rule, target, delivery.Event) : scheduled.PayloadForAttempt(delivery.Attempts);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or FormatException)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, $"the target input could not be built: {error.Message}", retryable: false);
        }
        var invoker = PickInvoker(targetArn);
        try
        {
            return await invoker.InvokeAsync(new TargetInvocation(rule, target, targetArn, scheduled?.Event ?? delivery.Event, payload, delivery.Attempts), cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            // An invoker should answer with a result; one that throws is treated as a transient client error.
            return InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, error.Message, retryable: true);
        }
    }

    private ITargetInvoker PickInvoker(ParsedArn targetArn)
    {
        foreach (var invoker in _invokers)
        {
            if (invoker.CanHandle(targetArn)) return invoker;
        }
        return _unsupported;
    }

    /// <summary>The delivery will not succeed: to the dead-letter queue if there is one, else recorded as failed.</summary>
    private async Task FailAsync(PendingDelivery delivery, Rule rule, RuleTarget target, ResolvedDelivery? scheduled, DeliveryMetrics.TargetSeries series,
        InvocationResult result, string? exhausted, CancellationToken cancellation)
    {
        series.Invocations.Inc();
        series.FailedInvocations.Inc();
        var retries = Math.Max(0, delivery.Attempts - 1);
        var deadLetterArn = target.DeadLetterConfig?.Arn;
        string outcome;
        if (deadLetterArn is null)
        {
            outcome = "no dead-letter queue";
        }
        else
        {
            // Scheduler's dead letter carries the target's input (its last attempt's), EventBridge's the event.
            var body = scheduled is null ? delivery.Event.Envelope : scheduled.PayloadForAttempt(Math.Max(1, delivery.Attempts));
            var error = await _deadLetters.SendAsync(deadLetterArn,
                new DeadLetter(body, rule.Arn, target.Arn, result.ErrorCode ?? DeliveryErrorCodes.SdkClientError,
                    result.ErrorMessage ?? "", exhausted, retries, scheduled?.ExecutionId), cancellation);
            if (error is null)
            {
                series.DeadLetterInvocations.Inc();
                outcome = $"sent to dead-letter queue {deadLetterArn}";
            }
            else
            {
                series.InvocationsFailedToBeSentToDlq.Inc();
                outcome = $"could not be sent to dead-letter queue {deadLetterArn}: {error}";
            }
        }
        _logger.LogWarning(
            "delivery failed: event {EventId} rule {RuleArn} target {TargetId} {TargetArn} error {ErrorCode} \"{ErrorMessage}\" attempts {Attempts} exhausted {ExhaustedRetryCondition}; {Outcome}",
            delivery.Event.EventId, rule.Arn, target.Id, target.Arn, result.ErrorCode, result.ErrorMessage, delivery.Attempts,
            exhausted ?? "none (not retryable)", outcome);
        _journal.Complete(delivery.Id);
    }

    private void Drop(PendingDelivery delivery, string reason)
    {
        var task = delivery.Task;
        _metrics.Rule(task.RuleScope, task.BusName, task.RuleName).Dropped.Inc();
        _logger.LogInformation("delivery of event {EventId} to target {TargetId} of rule {RuleArn} dropped: {Reason}",
            delivery.Event.EventId, task.TargetId, Arns.Rule(task.RuleScope, task.BusName, task.RuleName), reason);
        _journal.Complete(delivery.Id);
    }

    /// <summary>
    /// The attempt count, last failure and next-attempt time go to the journal with the delivery's lease, so the
    /// backoff holds across a restart and any node may make the next attempt; the claimer is woken to learn the due time.
    /// </summary>
    private void Retry(PendingDelivery delivery, TimeSpan delay)
    {
        _journal.Retry(delivery, _time.GetUtcNow() + delay);
        _queue.SignalRefill();
    }

    private static InvocationResult Expired() =>
        InvocationResult.Failure(DeliveryErrorCodes.Timeout, "The event is older than the target's MaximumEventAgeInSeconds.", retryable: false);

    private static double Milliseconds(TimeSpan span) => Math.Max(0, span.TotalMilliseconds);
}
