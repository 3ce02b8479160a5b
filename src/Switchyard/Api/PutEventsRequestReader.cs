using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Serialization;
using Switchyard.Protocol.Model.Validation;

namespace Switchyard.Api;

/// <summary>
/// PutEvents' request body read in one pass, for the hot path. The general path parses a body into a document,
/// checks it against the service model, then deserializes it: three walks of the same bytes, about a fifth of a
/// PutEvents call's CPU time under load. This reader takes only the common, well-formed request (the members the
/// model lists, each once, of the right JSON type, within the model's constraints) and builds the same
/// <see cref="PutEventsRequest"/> the general path would. For anything else it declines, before any effect, and the
/// general path answers — so every error, and every odd-but-valid body, is handled exactly as before.
/// </summary>
public static class PutEventsRequestReader
{
    private static readonly ShapeModel EntryList = ServiceModel.GetShape("PutEventsRequestEntryList");
    private static readonly ShapeModel BusNameOrArn = ServiceModel.GetShape("NonPartnerEventBusNameOrArn");
    private static readonly ShapeModel TraceHeader = ServiceModel.GetShape("TraceHeader");
    private static readonly ShapeModel EventResource = ServiceModel.GetShape("EventResource");
    private static readonly EpochSecondsConverter Timestamps = new();
    // The converter reads no options; any instance will do. (JsonSerializerOptions.Default is reflection-based, which
    // NativeAOT and trimming warn about.)
    private static readonly JsonSerializerOptions UnusedOptions = new();

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = RequestValidator.MaxDepth };

    [Flags]
    private enum Seen
    {
        None = 0, Time = 1, Source = 2, Resources = 4, DetailType = 8, Detail = 16, EventBusName = 32, TraceHeader = 64,
    }

    /// <summary>True with the request when the body is one this reader takes; false (and no request) otherwise.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out PutEventsRequest? request)
    {
        request = null;
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            List<PutEventsRequestEntry>? entries = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // EndpointId (global endpoints), unknown members and repeats: the general path's business.
                if (entries is not null || !reader.ValueTextEquals("Entries"u8)) return false;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
                entries = new List<PutEventsRequestEntry>(10);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject || !TryReadEntry(ref reader, out var entry)) return false;
                    entries.Add(entry);
                    if (entries.Count > EntryList.Max) return false;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || entries is null || entries.Count < EntryList.Min) return false;
            if (reader.Read()) return false; // anything after the body's object
            request = new PutEventsRequest { Entries = entries };
            return true;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Not JSON, or text .NET cannot hold as a string (an escaped lone surrogate): the general path's call.
            return false;
        }
    }

    private static bool TryReadEntry(ref Utf8JsonReader reader, [NotNullWhen(true)] out PutEventsRequestEntry? entry)
    {
        entry = new PutEventsRequestEntry();
        var seen = Seen.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = Member(ref reader);
            if (member == Seen.None || (seen & member) != 0) return false;
            seen |= member;
            if (!reader.Read()) return false;
            switch (member)
            {
                case Seen.Time:
                    if (reader.TokenType != JsonTokenType.Number) return false;
                    entry.Time = Timestamps.Read(ref reader, typeof(DateTimeOffset), UnusedOptions);
                    break;
                case Seen.Resources:
                    if (!TryReadResources(ref reader, out var resources)) return false;
                    entry.Resources = resources;
                    break;
                default:
                    if (reader.TokenType != JsonTokenType.String) return false;
                    var text = reader.GetString()!;
                    switch (member)
                    {
                        case Seen.Source: entry.Source = text; break;
                        case Seen.DetailType: entry.DetailType = text; break;
                        case Seen.Detail: entry.Detail = text; break;
                        case Seen.EventBusName:
                            if (!Fits(BusNameOrArn, text)) return false;
                            entry.EventBusName = text;
                            break;
                        case Seen.TraceHeader:
                            if (!Fits(TraceHeader, text)) return false;
                            entry.TraceHeader = text;
                            break;
                    }
                    break;
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static Seen Member(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("Source"u8)) return Seen.Source;
        if (reader.ValueTextEquals("DetailType"u8)) return Seen.DetailType;
        if (reader.ValueTextEquals("Detail"u8)) return Seen.Detail;
        if (reader.ValueTextEquals("EventBusName"u8)) return Seen.EventBusName;
        if (reader.ValueTextEquals("Resources"u8)) return Seen.Resources;
        if (reader.ValueTextEquals("Time"u8)) return Seen.Time;
        if (reader.ValueTextEquals("TraceHeader"u8)) return Seen.TraceHeader;
        return Seen.None;
    }

    private static bool TryReadResources(ref Utf8JsonReader reader, [NotNullWhen(true)] out List<string>? resources)
    {
        resources = null;
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) return false;
            var resource = reader.GetString()!;
            if (!Fits(EventResource, resource)) return false;
            list.Add(resource);
        }
        resources = list;
        return true;
    }

    /// <summary>The model's constraints on a string, as the general validator applies them (UTF-16 length).</summary>
    private static bool Fits(ShapeModel shape, string text) =>
        (shape.Min is not { } min || text.Length >= min)
        && (shape.Max is not { } max || text.Length <= max)
        && (shape.PatternRegex is null || shape.PatternRegex.IsMatch(text));
}
