using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchyard.Domain.Targets;

/// <summary>The checks PutTargets makes beyond the service model's constraints, with AWS's messages.</summary>
public static partial class TargetValidator
{
    /// <summary>Placeholders EventBridge itself fills in an InputTemplate.</summary>
    public static readonly IReadOnlySet<string> ReservedPlaceholders = new HashSet<string>(StringComparer.Ordinal)
    {
        "aws.events.rule-arn",
        "aws.events.rule-name",
        "aws.events.event.ingestion-time",
        "aws.events.event",
        "aws.events.event.json",
    };

    public static void Validate(RuleTarget target, AccountRegion ruleScope)
    {
        var id = target.Id;
        var shapes = (target.Input is not null ? 1 : 0) + (target.InputPath is not null ? 1 : 0) + (target.InputTransformer is not null ? 1 : 0);
        if (shapes > 1)
            throw ApiErrors.Validation($"Only one of Input, InputPath, or InputTransformer must be provided for target {id}.");

        if (!Arns.TryParse(target.Arn, out var arn))
            throw ApiErrors.Validation($"Parameter {target.Arn} is not valid. Reason: Provided Arn is not in correct format.");

        // A log group's ARN parts become a file path on delivery: refuse what AWS would not name a log group.
        if (LogGroupArn.IsLogGroup(arn) && !LogGroupArn.TryParse(arn, out _, out _))
            throw ApiErrors.Validation($"Parameter {target.Arn} is not valid. Reason: Provided Arn is not in correct format.");

        if (target.Input is not null && !IsJson(target.Input))
            throw ApiErrors.Validation($"Input for target {id} is not valid JSON.");

        if (target.InputPath is not null && !IsJsonPath(target.InputPath))
            throw ApiErrors.Validation($"InputPath for target {id} is not a valid JSON path.");

        if (target.InputTransformer is { } transformer) ValidateTransformer(id, transformer);

        if (Arns.IsEventBus(arn))
        {
            // A bus in another region is reached through an execution role, as on AWS.
            if (arn.Region != ruleScope.Region && target.RoleArn is null)
                throw ApiErrors.Validation($"RoleArn is required for target {target.Arn}.");
        }
    }

    private static void ValidateTransformer(string id, InputTransformer transformer)
    {
        var paths = transformer.Paths;
        foreach (var (key, path) in paths)
        {
            if (key.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase))
                throw ApiErrors.Validation($"Input path map key {key} for target {id} must not start with AWS.");
            if (!IsJsonPath(path))
                throw ApiErrors.Validation($"Input path {path} for target {id} is not a valid JSON path.");
        }
        foreach (Match match in Placeholder().Matches(transformer.InputTemplate))
        {
            var name = match.Groups[1].Value;
            if (!paths.ContainsKey(name) && !ReservedPlaceholders.Contains(name))
                throw ApiErrors.Validation($"InputTemplate for target {id} contains invalid placeholder {name}.");
        }
    }

    /// <summary>A placeholder in an InputTemplate: <c>&lt;name&gt;</c>.</summary>
    [GeneratedRegex(@"<([A-Za-z0-9_\-\.]+)>")]
    public static partial Regex Placeholder();

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>EventBridge paths are JSONPath in dot notation from the root: <c>$</c>, <c>$.detail.a</c>, <c>$.a[0]</c>.</summary>
    private static bool IsJsonPath(string path) => JsonPathSyntax().IsMatch(path);

    [GeneratedRegex(@"^\$(\.[^.\[\]]+|\[\d+\]|\['[^']*'\])*$")]
    private static partial Regex JsonPathSyntax();
}
