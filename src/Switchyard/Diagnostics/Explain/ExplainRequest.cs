using System.Text.Json;

namespace Switchyard.Diagnostics.Explain;

/// <summary>
/// The body of <c>POST /_switchyard/explain</c>: either an event and the bus it is put on, or the id of an event the
/// server accepted recently.
/// </summary>
/// <param name="Account">The account asking: owner of the bus when <paramref name="EventBusName"/> is a bare name, and
/// the event's <c>account</c> when the event does not say.</param>
/// <param name="Region">The region of the bus (when named) and the event's <c>region</c> when the event does not say.</param>
/// <param name="EventBusName">A bus name or ARN; the default bus when omitted.</param>
/// <param name="Event">The full event as EventBridge delivers it (<c>source</c>, <c>detail-type</c>, <c>detail</c>, ...).</param>
/// <param name="EventId">Instead of an event: the id PutEvents returned, looked up among the recent events.</param>
public sealed record ExplainRequest(
    string? Account,
    string? Region,
    string? EventBusName,
    JsonElement? Event,
    string? EventId);
