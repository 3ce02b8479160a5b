using System.Globalization;
using System.Text.Json;

namespace Switchyard.Domain.Routing;

/// <summary>
/// The archives an accepted event is stored in (their managed rules matched it), with the event's own <c>time</c>,
/// by which archives are indexed and replays select. The journal writes one archive row per ARN in the same
/// transaction as the event itself, so an event is archived exactly once per archive, whatever its deliveries do.
/// </summary>
public sealed record ArchiveCapture(IReadOnlyList<string> ArchiveArns, DateTimeOffset EventTime)
{
    /// <summary>
    /// The envelope's top-level <c>time</c> (AWS writes it to the second, UTC); <paramref name="fallback"/> when it is
    /// missing or not a date (an envelope Switchyard did not write).
    /// </summary>
    public static DateTimeOffset EventTimeOf(ReadOnlySpan<byte> envelope, DateTimeOffset fallback)
    {
        var reader = new Utf8JsonReader(envelope);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return fallback;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTime = reader.ValueTextEquals("time"u8);
            if (!reader.Read()) return fallback;
            if (isTime)
            {
                return reader.TokenType == JsonTokenType.String
                    && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                    ? time
                    : fallback;
            }
            reader.Skip();
        }
        return fallback;
    }
}
