using System.Buffers;
using System.Text.Json;
using Switchyard.Domain.Rules;

namespace Switchyard.Domain.Archives;

/// <summary>
/// The rule EventBridge adds to an archive's source bus, through which the archive receives its events: named
/// <c>Events-Archive-NAME</c>, managed by <c>prod.vhs.events.aws.internal</c> (so users cannot change it: PutRule,
/// DeleteRule without Force, PutTargets and RemoveTargets are refused), its pattern the archive's with
/// <c>"replay-name": [{"exists": false}]</c> added, so replayed events are never archived.
/// </summary>
public static class ArchiveRules
{
    /// <summary>AWS's value of ManagedBy on an archive's rule (moto's archive tests and the AWS Toolkit's
    /// EventBridge view both check this value: github.com/getmoto/moto tests/test_events/test_events.py).</summary>
    public const string ManagedBy = "prod.vhs.events.aws.internal";

    public const string NamePrefix = "Events-Archive-";

    /// <summary>The top-level member a replay adds to the events it puts back on the bus.</summary>
    public const string ReplayNameField = "replay-name";

    public static string RuleName(string archiveName) => NamePrefix + archiveName;

    /// <summary>Whether the rule is an archive's managed rule (a user cannot create one with ManagedBy set).</summary>
    public static bool IsArchiveRule(Rule rule) =>
        rule.ManagedBy == ManagedBy && rule.Name.StartsWith(NamePrefix, StringComparison.Ordinal);

    /// <summary>The ARN of the archive an archive rule feeds.</summary>
    public static string ArchiveArn(Rule rule) => ArchiveArns.Of(rule.Scope, rule.Name[NamePrefix.Length..]);

    /// <summary>
    /// The managed rule's pattern: the archive's pattern (a JSON object, already validated) with
    /// <c>"replay-name": [{"exists": false}]</c> in place of any <c>replay-name</c> it had; without a pattern, only that.
    /// </summary>
    public static string RulePattern(string? archivePattern)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (archivePattern?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (archivePattern is not null)
            {
                using var pattern = JsonDocument.Parse(archivePattern);
                foreach (var member in pattern.RootElement.EnumerateObject())
                {
                    if (member.NameEquals(ReplayNameField)) continue;
                    member.WriteTo(writer);
                }
            }
            writer.WriteStartArray(ReplayNameField);
            writer.WriteStartObject();
            writer.WriteBoolean("exists", false);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The managed rule of <paramref name="archive"/> (no targets: the journal stores what it matches).</summary>
    public static Rule RuleFor(Archive archive, DateTimeOffset creationTime) => new()
    {
        AccountId = archive.AccountId,
        Region = archive.Region,
        BusName = archive.BusName,
        Name = RuleName(archive.Name),
        EventPattern = RulePattern(archive.EventPattern),
        State = RuleStates.Enabled,
        ManagedBy = ManagedBy,
        CreatedBy = archive.AccountId,
        CreationTime = creationTime,
    };
}
