using System.Text;
using System.Text.Json;
using Switchyard.Api;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Validation;
using Xunit;

namespace Switchyard.Tests.Protocol.Validation;

/// <summary>
/// The PutEvents hot-path reader must take only bodies the general path (parse, validate against the model,
/// deserialize) accepts, and read them to the same request; everything else it must decline.
/// </summary>
public sealed class PutEventsRequestReaderTests
{
    private static readonly OperationModel PutEvents = ServiceModel.TryGetOperation("PutEvents", out var op) ? op : throw new InvalidOperationException();

    public static TheoryData<string> Taken => new()
    {
        """{"Entries":[{"Source":"app","DetailType":"t","Detail":"{\"a\":1}"}]}""",
        """{"Entries":[{"Source":"app","DetailType":"t","Detail":"{}","EventBusName":"bus-1"}]}""",
        """{"Entries":[{"Source":"app","DetailType":"t","Detail":"{}","EventBusName":"arn:aws:events:us-east-1:123456789012:event-bus/b"}]}""",
        """{"Entries":[{"Time":1700000000.123,"Source":"s","Resources":["r1","r2"],"DetailType":"t","Detail":"{\"x\":\"\\u00e9\"}","TraceHeader":"Root=1"}]}""",
        """{"Entries":[{"Time":-5,"Source":"s","DetailType":"t","Detail":"{}"},{"Time":1e30,"Source":"s","DetailType":"t","Detail":"{}"}]}""",
        """ {"Entries" : [ {} ] } """,
        """{"Entries":[{"Source":"","DetailType":"","Detail":"not json"}]}""",
        """{"Entries":[{"Resources":[]}]}""",
        """{"Entries":[{"Source":"caf\u00e9 \ud83d\ude00","DetailType":"t","Detail":"{}"}]}""",
        "{\"Entries\":[" + string.Join(",", Enumerable.Repeat("""{"Source":"s","DetailType":"t","Detail":"{}"}""", 10)) + "]}",
    };

    public static TheoryData<string> Declined => new()
    {
        "",
        "   ",
        "[]",
        "null",
        "{}",
        "not json",
        """{"Entries":[]}""",
        """{"Entries":null}""",
        """{"Entries":{}}""",
        "{\"Entries\":[" + string.Join(",", Enumerable.Repeat("""{"Source":"s"}""", 11)) + "]}",
        """{"Entries":[{"Source":"s"}],"EndpointId":"abc.xyz"}""",
        """{"Entries":[{"Source":"s"}],"Unknown":1}""",
        """{"Entries":[{"Source":"s"}],"Entries":[{"Source":"t"}]}""",
        """{"Entries":[{"Source":"s","Source":"t"}]}""",
        """{"Entries":[{"Source":null}]}""",
        """{"Entries":[{"Source":1}]}""",
        """{"Entries":[{"Time":"2024-01-01T00:00:00Z"}]}""",
        """{"Entries":[{"Resources":"r"}]}""",
        """{"Entries":[{"Resources":[1]}]}""",
        """{"Entries":[{"Resources":[null]}]}""",
        """{"Entries":[{"EventBusName":""}]}""",
        """{"Entries":[{"EventBusName":"bad name!"}]}""",
        """{"Entries":[{"TraceHeader":""}]}""",
        """{"Entries":[{"TraceHeader":"TOO_LONG"}]}""".Replace("TOO_LONG", new string('x', 501)),
        """{"Entries":[{"Resources":["TOO_LONG"]}]}""".Replace("TOO_LONG", new string('r', 2049)),
        """{"Entries":[{"source":"lower-case member"}]}""",
        """{"Entries":[{"Source":"s"}]} trailing""",
        """{"Entries":[{"Source":"s"}]}{}""",
        """{"Entries":[{"Source":"s",}]}""",
        """{"Entries":["entry"]}""",
        """{"Entries":[{"Source":"s","DetailType":"t","Detail":"\ud800"}]}""",
    };

    [Theory]
    [MemberData(nameof(Taken))]
    public void Takes_well_formed_bodies_and_reads_them_as_the_general_path_does(string body)
    {
        Assert.True(PutEventsRequestReader.TryRead(Encoding.UTF8.GetBytes(body), out var fast));
        var general = GeneralPath(body);
        Assert.NotNull(general);
        Assert.Equal(Serialize(general), Serialize(fast));
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void Declines_everything_else(string body)
    {
        Assert.False(PutEventsRequestReader.TryRead(Encoding.UTF8.GetBytes(body), out var request));
        Assert.Null(request);
    }

    [Fact]
    public void Every_generated_body_the_reader_takes_is_accepted_by_the_general_path_alike()
    {
        // The reverse direction of the contract: declining is always safe, but a body the reader takes must be
        // one the general path accepts. Check it over many generated variations of valid and broken entries.
        var random = new Random(20261126);
        var takenCount = 0;
        for (var i = 0; i < 3000; i++)
        {
            var body = RandomBody(random);
            var taken = PutEventsRequestReader.TryRead(Encoding.UTF8.GetBytes(body), out var fast);
            if (!taken) continue;
            takenCount++;
            var general = GeneralPath(body);
            Assert.True(general is not null, $"taken by the reader but refused by the general path: {body}");
            Assert.Equal(Serialize(general), Serialize(fast));
        }
        Assert.True(takenCount >= 100, $"only {takenCount} generated bodies were taken: the check says little");
    }

    private static PutEventsRequest? GeneralPath(string body)
    {
        var outcome = RequestValidator.Validate(PutEvents, Encoding.UTF8.GetBytes(body), out var document);
        if (!outcome.IsValid) return null;
        using (document)
        {
            return document!.RootElement.Deserialize(EventsJsonContext.Default.PutEventsRequest);
        }
    }

    private static string Serialize(PutEventsRequest? request) => JsonSerializer.Serialize(request!, EventsJsonContext.Default.PutEventsRequest);

    private static readonly string[] Members = ["Source", "DetailType", "Detail", "EventBusName", "Resources", "Time", "TraceHeader", "Other", "source"];

    private static readonly string[] Values =
    [
        "\"s\"", "\"\"", "\"{}\"", "\"bus-1\"", "\"bad name\"", "null", "1", "1.5", "-1", "true", "[]", "[\"r\"]", "[1]", "{}",
        "\"arn:aws:events:us-east-1:123456789012:event-bus/x\"", "\"" + new string('x', 501) + "\"", "\"\\u0041\"",
    ];

    private static string RandomBody(Random random)
    {
        var entries = new List<string>();
        var count = random.Next(0, 12);
        for (var e = 0; e < count; e++)
        {
            var members = new List<string>();
            var memberCount = random.Next(0, 5);
            for (var m = 0; m < memberCount; m++)
            {
                var member = Members[random.Next(Members.Length)];
                // Mostly a value of the member's own type (so that many bodies are taken), sometimes anything.
                var value = random.Next(4) == 0 ? Values[random.Next(Values.Length)] : member switch
                {
                    "Time" => random.Next(2) == 0 ? "1700000000" : "1.5e9",
                    "Resources" => random.Next(2) == 0 ? "[]" : "[\"arn:aws:s3:::b\",\"r\"]",
                    "EventBusName" => random.Next(2) == 0 ? "\"bus-1\"" : "\"arn:aws:events:us-east-1:123456789012:event-bus/x\"",
                    _ => "\"text\"",
                };
                members.Add($"\"{member}\":{value}");
            }
            entries.Add("{" + string.Join(",", members) + "}");
        }
        var body = "{\"Entries\":[" + string.Join(",", entries) + "]";
        if (random.Next(10) == 0) body += ",\"EndpointId\":\"e\"";
        return body + "}";
    }
}
