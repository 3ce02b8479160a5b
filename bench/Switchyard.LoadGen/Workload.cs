using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Switchyard.LoadGen;

/// <summary>
/// The events and rules of a run: order, payment, inventory, user and shipping events of a few shapes, and rules of
/// the pattern kinds seen in practice (exact values, prefixes, numeric ranges, anything-but, exists,
/// equals-ignore-case, wildcards, nested detail fields), about a third of them matching any given event. Every event
/// carries <c>detail.sentAt</c>, the sender's <see cref="Stopwatch"/> timestamp, so the receiver can time delivery.
/// </summary>
public static class Workload
{
    public const string SinkRuleName = "loadgen-sink";

    private static readonly string[] Sources = ["app.orders", "app.payments", "app.inventory", "app.users", "app.shipping"];
    private static readonly string[] DetailTypes = ["OrderPlaced", "OrderShipped", "PaymentCaptured", "StockLow", "UserSignedUp"];
    private static readonly string[] Countries = ["DE", "FR", "US", "JP", "BR", "IN"];
    private static readonly string[] Tiers = ["gold", "silver", "bronze"];

    /// <summary>The pattern of rule <paramref name="index"/>: ten kinds in turn, with values varying by index.</summary>
    public static string RulePattern(int index)
    {
        var source = Sources[index / 10 % Sources.Length];
        var detailType = DetailTypes[index / 10 % DetailTypes.Length];
        return (index % 10) switch
        {
            0 => $$"""{"source":["{{source}}"]}""",
            1 => $$"""{"source":["{{source}}"],"detail-type":["{{detailType}}"]}""",
            2 => $$$"""{"detail":{"amount":[{"numeric":[">",{{{index * 10}}}]}]}}""",
            3 => """{"detail-type":[{"prefix":"Order"}],"detail":{"customer":{"tier":["gold"]}}}""",
            4 => """{"detail":{"customer":{"country":[{"anything-but":["DE","FR"]}]}}}""",
            5 => $$"""{"source":["app.never-{{index}}"]}""",
            6 => """{"detail":{"coupon":[{"exists":true}]}}""",
            7 => """{"detail":{"currency":[{"equals-ignore-case":"eur"}],"amount":[{"numeric":[">=",0,"<",50]}]}}""",
            8 => $$$"""{"source":[{"prefix":"app."}],"detail":{"orderId":[{"wildcard":"o-*{{{index % 10}}}"}]}}""",
            _ => "{\"detail-type\":[\"Nothing-" + index + "\"],\"detail\":{\"customer\":{\"tier\":[\"platinum\"]}}}",
        };
    }

    /// <summary>Matches every event this workload sends.</summary>
    public const string SinkPattern = """{"source":[{"prefix":"app."}]}""";

    /// <summary>A PutEvents request body with <paramref name="count"/> entries; <paramref name="sequence"/> varies them.</summary>
    public static byte[] PutEventsBody(string bus, int count, long sequence)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Entries");
            for (var i = 0; i < count; i++)
            {
                var n = sequence * count + i;
                writer.WriteStartObject();
                writer.WriteString("Source", Sources[n % Sources.Length]);
                writer.WriteString("DetailType", DetailTypes[(n / 3) % DetailTypes.Length]);
                writer.WriteString("Detail", Detail(n));
                writer.WriteString("EventBusName", bus);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Detail(long n)
    {
        var amount = (n * 37 % 2000) / 4.0;
        var coupon = n % 7 == 0 ? ",\"coupon\":\"SPRING\"" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"orderId":"o-{{n}}","amount":{{amount}},"currency":"{{(n % 2 == 0 ? "EUR" : "usd")}}","customer":{"id":"c-{{n % 1000}}","tier":"{{Tiers[n % Tiers.Length]}}","country":"{{Countries[n % Countries.Length]}}"},"items":[{"sku":"sku-{{n % 50}}","qty":{{1 + n % 3}}}]{{coupon}},"sentAt":{{Stopwatch.GetTimestamp()}}}""");
    }
}
