using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Switchyard.Diagnostics;
using Switchyard.Scheduler.Firing;

namespace Switchyard.Hosting;

/// <summary>
/// <c>GET</c> and <c>POST /_switchyard/scheduler/clock</c>: reads the Scheduler's time, or moves the test clock forward
/// (<see cref="SchedulerTime"/>) by <c>{"now": "2027-03-28T00:55:00Z"}</c> or <c>{"advanceSeconds": 86400}</c>.
/// Switchyard's own (AWS has no such call); only with <c>--scheduler-test-clock</c>, else 404 and nothing changes.
/// </summary>
public static class SchedulerClockAdmin
{
    private const string Off =
        "the Scheduler test clock is off on this server: start it with --scheduler-test-clock "
        + "(SWITCHYARD_SCHEDULER_TEST_CLOCK=true, or \"scheduler\": {\"testClock\": true} in the config file)";

    public static IResult Read(SchedulerTime time)
    {
        if (!time.IsSettable) throw new DiagnosticsException(404, Off);
        return Answer(time, time.GetUtcNow());
    }

    public static IResult Move(SchedulerTime time, byte[] body, ILogger logger)
    {
        if (!time.IsSettable) throw new DiagnosticsException(404, Off);
        var move = Parse(body);
        DateTimeOffset now;
        bool moved;
        if (move.Now is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var target))
                throw new DiagnosticsException(400, $"now is not an ISO 8601 date and time (2027-03-28T00:55:00Z): {text}");
            moved = time.TryMoveTo(target, out now);
            if (!moved && target < now)
                throw new DiagnosticsException(400, $"the Scheduler test clock only moves forward: it is at {Format(now)}, {Format(target)} is earlier");
        }
        else
        {
            var seconds = move.AdvanceSeconds!.Value;
            if (!double.IsFinite(seconds) || seconds < 0)
                throw new DiagnosticsException(400, $"advanceSeconds must be a number of seconds, 0 or more: {seconds.ToString(CultureInfo.InvariantCulture)}");
            // Checked before TimeSpan.FromSeconds, which overflows from about 2.9e4 years on.
            if (seconds > SchedulerTime.MaxAhead.TotalSeconds) throw TooFar();
            moved = time.TryAdvance(TimeSpan.FromSeconds(seconds), out now);
        }
        if (!moved) throw TooFar();
        logger.LogInformation("the Scheduler test clock was moved to {Now:o} ({Offset} ahead of real time)", now, time.Offset);
        return Answer(time, now);
    }

    private static DiagnosticsException TooFar() =>
        new(400, $"the Scheduler test clock goes at most {SchedulerTime.MaxAhead.TotalDays:0} days ahead of real time");

    private static SchedulerClockMove Parse(byte[] body)
    {
        SchedulerClockMove? move;
        try
        {
            move = JsonSerializer.Deserialize(body, HostingJsonContext.Default.SchedulerClockMove);
        }
        catch (JsonException error)
        {
            // Not error.Message: it names .NET types. The path says where the body went wrong.
            throw new DiagnosticsException(400, "the body must be a JSON object with now (2027-03-28T00:55:00Z) or advanceSeconds (86400) and nothing else"
                + (error.Path is { Length: > 1 } path ? $"; see {path}" : ""));
        }
        if (move is null || (move.Now is null) == (move.AdvanceSeconds is null))
            throw new DiagnosticsException(400, "the body must name exactly one of now (2027-03-28T00:55:00Z) and advanceSeconds (86400)");
        return move;
    }

    private static IResult Answer(SchedulerTime time, DateTimeOffset now) =>
        Results.Json(new SchedulerClockReading(Format(now), time.Offset.TotalSeconds), HostingJsonContext.Default.SchedulerClockReading);

    private static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The body of <c>POST /_switchyard/scheduler/clock</c>: exactly one of the two; any other member is refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SchedulerClockMove(string? Now, double? AdvanceSeconds);

/// <summary>The Scheduler's time, and how far ahead of the server's real time it runs.</summary>
public sealed record SchedulerClockReading(string Now, double OffsetSeconds);
