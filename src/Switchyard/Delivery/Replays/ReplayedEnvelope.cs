using System.Text;
using System.Text.Json;

namespace Switchyard.Delivery.Replays;

/// <summary>
/// Turns an archived envelope into the replayed one: the same event with a top-level <c>"replay-name"</c>, placed
/// where AWS puts it (after <c>region</c>, before <c>resources</c>: LocalStack's snapshot
/// test_archive_and_replay::test_start_list_describe_canceled_replay, recorded against AWS). The bytes are spliced,
/// not re-serialized: every other member stays exactly as archived.
/// </summary>
public static class ReplayedEnvelope
{
    /// <summary>The replayed envelope and the event's id (kept from the archived event).</summary>
    /// <exception cref="InvalidDataException">The archived bytes are not an event envelope (a JSON object with an id).</exception>
    public static byte[] Create(ReadOnlySpan<byte> archived, string replayName, out string eventId)
    {
        var insertAt = -1;
        string? id = null;
        try
        {
            var reader = new Utf8JsonReader(archived);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("an archived event is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRegion = reader.ValueTextEquals("region"u8);
                var isId = reader.ValueTextEquals("id"u8);
                // The archive's managed rule excludes replayed events, so an archived envelope never has one already.
                if (reader.ValueTextEquals("replay-name"u8)) throw new InvalidDataException("an archived event is already a replayed one");
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String) id = reader.GetString();
                reader.Skip();
                if (isRegion) insertAt = (int)reader.BytesConsumed;
            }
        }
        catch (JsonException error)
        {
            throw new InvalidDataException("an archived event is not valid JSON: " + error.Message, error);
        }
        eventId = id ?? throw new InvalidDataException("an archived event has no id");
        // Without a region (never written so), the member goes last, before the closing brace.
        if (insertAt < 0) insertAt = archived.LastIndexOf((byte)'}');
        var member = Encoding.UTF8.GetBytes($",\"replay-name\":\"{JsonEncodedText.Encode(replayName)}\"");
        var replayed = new byte[archived.Length + member.Length];
        archived[..insertAt].CopyTo(replayed);
        member.CopyTo(replayed.AsSpan(insertAt));
        archived[insertAt..].CopyTo(replayed.AsSpan(insertAt + member.Length));
        return replayed;
    }
}
