using System.Text;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using Switchyard.Settings;

namespace Switchyard.Api;

/// <summary>
/// TestEventPattern: checks the event as AWS does (a JSON object carrying id, account, source, time, region and
/// detail-type; <c>resources</c> is optional, as in LocalStack's AWS-validated test_event_pattern_source) and the
/// pattern, then matches with the same compiled matcher rules use.
/// </summary>
public sealed class TestEventPatternOperation(ServiceLimits limits) : IOperationGroup
{
    private static readonly string[] RequiredFields = ["id", "account", "source", "time", "region", "detail-type"];

    public void Register(OperationRegistry registry) =>
        registry.Add<TestEventPatternRequest, TestEventPatternResponse>("TestEventPattern", Test);

    private TestEventPatternResponse Test(TestEventPatternRequest request, RequestContext context)
    {
        var pattern = RuleOperations.ParsePattern(request.EventPattern!, limits);
        var eventBytes = Encoding.UTF8.GetBytes(request.Event!);
        CheckEvent(eventBytes);
        return new TestEventPatternResponse { Result = pattern.Matches(eventBytes) };
    }

    private static void CheckEvent(byte[] eventBytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventBytes);
        }
        catch (JsonException)
        {
            throw ApiErrors.Validation("Parameter Event is not valid.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw ApiErrors.Validation("Parameter Event is not valid.");
            foreach (var field in RequiredFields)
            {
                // AWS answers the same short text for a missing field as for an event that is not JSON.
                if (!root.TryGetProperty(field, out _)) throw ApiErrors.Validation("Parameter Event is not valid.");
            }
        }
    }
}
