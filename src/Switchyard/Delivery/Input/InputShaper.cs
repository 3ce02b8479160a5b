using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.Input;

/// <summary>
/// What a target receives: the whole event, or the target's <c>Input</c> (constant JSON), <c>InputPath</c> (one
/// part of the event) or <c>InputTransformer</c> (a template filled from the event).
/// </summary>
public sealed class InputShaper
{
    // Targets are immutable records, replaced when a rule is updated, so a parsed template can hang off its transformer
    // (keyed by reference: the table ignores the records' value equality).
    private readonly ConditionalWeakTable<InputTransformer, InputTemplate> _templates = new();

    public byte[] Shape(Rule rule, RuleTarget target, AcceptedEvent accepted)
    {
        if (target.Input is { } input) return Encoding.UTF8.GetBytes(input);
        if (target.InputPath is { } path)
        {
            using var document = JsonDocument.Parse(accepted.Envelope);
            // A path that is not in the event gives the target nothing to work with; JSON null says so.
            return Encoding.UTF8.GetBytes(JsonPathEvaluator.TryEvaluate(document.RootElement, path, out var value) ? value.Json : "null");
        }
        if (target.InputTransformer is { } transformer) return Encoding.UTF8.GetBytes(Transform(rule, transformer, accepted));
        return accepted.Envelope;
    }

    private string Transform(Rule rule, InputTransformer transformer, AcceptedEvent accepted)
    {
        var paths = transformer.Paths;
        var template = _templates.GetValue(transformer, t =>
            InputTemplate.Parse(t.InputTemplate, name => paths.ContainsKey(name) || TargetValidator.ReservedPlaceholders.Contains(name)));
        using var document = JsonDocument.Parse(accepted.Envelope);
        var root = document.RootElement;
        return template.Render((string name, out ShapedValue value) =>
        {
            switch (name)
            {
                case "aws.events.rule-arn": value = ShapedValue.OfString(rule.Arn); return true;
                case "aws.events.rule-name": value = ShapedValue.OfString(rule.Name); return true;
                case "aws.events.event.ingestion-time": value = ShapedValue.OfString(EventEnvelope.FormatTime(accepted.IngestedAt)); return true;
                case "aws.events.event.json": value = ShapedValue.OfJson(root.GetRawText()); return true;
                case "aws.events.event": value = ShapedValue.OfJson(EventVariable(root)); return true;
            }
            // A path that is not in the event creates no variable (AWS); the template decides what that looks like.
            if (paths.TryGetValue(name, out var path) && JsonPathEvaluator.TryEvaluate(root, path, out value)) return true;
            value = default;
            return false;
        });
    }

    // The members of <aws.events.event> and the names AWS gives them: no detail, and detailType rather than
    // detail-type (LocalStack's AWS-validated test_input_transformer_predefined_variables snapshot).
    private static readonly (string Member, string Name)[] EventVariableMembers =
    [
        ("id", "id"), ("account", "account"), ("detail-type", "detailType"), ("time", "time"), ("source", "source"),
        ("region", "region"), ("resources", "resources"), ("version", "version"),
    ];

    private static string EventVariable(JsonElement root)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (member, name) in EventVariableMembers)
            {
                if (!root.TryGetProperty(member, out var value)) continue;
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
