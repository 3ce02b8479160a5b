using System.Text.Json;
using Switchyard.Policies.Conditions;

namespace Switchyard.Policies.Parsing;

/// <summary>
/// Reads a policy JSON document into the model, refusing what AWS refuses. Messages reuse IAM's own wording
/// where it is known ("Syntax errors in policy", "Invalid principal in policy", "Statement IDs (SID) in a single
/// policy must be unique") and always say which element is wrong.
/// </summary>
internal static class PolicyParser
{
    private static readonly string[] TopLevelFields = ["Version", "Id", "Statement"];

    private static readonly string[] StatementFields =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    private static readonly string[] PrincipalTypes = ["AWS", "Service", "Federated", "CanonicalUser"];

    public static PolicyDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new MalformedPolicyException($"Syntax errors in policy: the document is not valid JSON ({ex.Message})", null, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new MalformedPolicyException($"Syntax errors in policy: the document must be a JSON object, not {Describe(root.ValueKind)}");

            var fields = ReadFields(root, null, TopLevelFields, "a policy has only Version, Id and Statement");

            string? version = null;
            if (fields.TryGetValue("Version", out var versionElement))
            {
                version = versionElement.ValueKind == JsonValueKind.String ? versionElement.GetString() : null;
                if (version is not (PolicyDocument.CurrentVersion or PolicyDocument.LegacyVersion))
                    throw new MalformedPolicyException(
                        $"The policy version must be \"{PolicyDocument.CurrentVersion}\" or \"{PolicyDocument.LegacyVersion}\", not {versionElement.GetRawText()}",
                        "Version");
            }

            string? id = null;
            if (fields.TryGetValue("Id", out var idElement))
                id = ReadString(idElement, "Id");

            if (!fields.TryGetValue("Statement", out var statementElement))
                throw new MalformedPolicyException("Syntax errors in policy: missing required field Statement");

            var statements = new List<PolicyStatement>();
            bool statementIsList;
            switch (statementElement.ValueKind)
            {
                case JsonValueKind.Object:
                    statementIsList = false;
                    statements.Add(ReadStatement(statementElement, "Statement"));
                    break;
                case JsonValueKind.Array:
                    statementIsList = true;
                    var index = 0;
                    foreach (var item in statementElement.EnumerateArray())
                    {
                        var path = $"Statement[{index++}]";
                        if (item.ValueKind != JsonValueKind.Object)
                            throw new MalformedPolicyException($"a statement must be a JSON object, not {Describe(item.ValueKind)}", path);
                        statements.Add(ReadStatement(item, path));
                    }
                    if (statements.Count == 0)
                        throw new MalformedPolicyException("the policy must contain at least one statement", "Statement");
                    break;
                default:
                    throw new MalformedPolicyException(
                        $"Statement must be a statement object or an array of statements, not {Describe(statementElement.ValueKind)}", "Statement");
            }

            var duplicateSid = statements.Where(s => s.Sid is not null).GroupBy(s => s.Sid).FirstOrDefault(g => g.Count() > 1);
            if (duplicateSid is not null)
                throw new MalformedPolicyException(
                    $"Statement IDs (SID) in a single policy must be unique; \"{duplicateSid.Key}\" is used {duplicateSid.Count()} times", "Statement");

            return new PolicyDocument(version, id, statements, statementIsList, fields.Keys.ToArray());
        }
    }

    private static PolicyStatement ReadStatement(JsonElement element, string path)
    {
        var fields = ReadFields(element, path, StatementFields,
            "a statement has only Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition");

        var sid = fields.TryGetValue("Sid", out var sidElement) ? ReadString(sidElement, $"{path}.Sid") : null;

        if (!fields.TryGetValue("Effect", out var effectElement))
            throw new MalformedPolicyException("missing required field Effect", path);
        var effect = effectElement.ValueKind == JsonValueKind.String ? effectElement.GetString() : null;
        var parsedEffect = effect switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            _ => throw new MalformedPolicyException(
                $"Effect must be \"Allow\" or \"Deny\" (case-sensitive), not {effectElement.GetRawText()}", $"{path}.Effect"),
        };

        var (principalName, principalElement) = ExactlyOne(fields, path, "Principal", "NotPrincipal",
            "A resource-based policy must specify a principal");
        var principal = ReadPrincipal(principalElement, $"{path}.{principalName}");

        var (actionName, actionElement) = ExactlyOne(fields, path, "Action", "NotAction", "Policy statement must contain actions");
        var actions = ReadStringOrList(actionElement, $"{path}.{actionName}");
        foreach (var action in actions.Values)
            if (ActionProblem(action) is { } problem)
                throw new MalformedPolicyException(problem, $"{path}.{actionName}");

        var (resourceName, resourceElement) = ExactlyOne(fields, path, "Resource", "NotResource", "Policy statement must contain resources");
        var resources = ReadStringOrList(resourceElement, $"{path}.{resourceName}");
        foreach (var resource in resources.Values)
            if (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal))
                throw new MalformedPolicyException($"Resource {resource} must be in ARN format or \"*\"", $"{path}.{resourceName}");

        var condition = fields.TryGetValue("Condition", out var conditionElement)
            ? ReadCondition(conditionElement, $"{path}.Condition")
            : null;

        return new PolicyStatement(
            sid,
            parsedEffect,
            principalName == "Principal" ? principal : null,
            principalName == "NotPrincipal" ? principal : null,
            actionName == "Action" ? actions : null,
            actionName == "NotAction" ? actions : null,
            resourceName == "Resource" ? resources : null,
            resourceName == "NotResource" ? resources : null,
            condition)
        {
            FieldOrder = fields.Keys.ToArray(),
        };
    }

    private static PolicyPrincipal ReadPrincipal(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            // The only string form IAM accepts is "*"; an account id must be wrapped as {"AWS": "..."}.
            if (element.GetString() == "*") return PolicyPrincipal.Everyone;
            throw new MalformedPolicyException($"Invalid principal in policy: {element.GetRawText()}", path);
        }
        if (element.ValueKind != JsonValueKind.Object)
            throw new MalformedPolicyException($"Invalid principal in policy: expected \"*\" or an object, not {Describe(element.ValueKind)}", path);

        var fields = ReadFields(element, path, PrincipalTypes, "principal types are AWS, Service, Federated and CanonicalUser");
        if (fields.Count == 0)
            throw new MalformedPolicyException("Invalid principal in policy: the principal object is empty", path);

        var byType = new List<KeyValuePair<string, PolicyValues>>();
        foreach (var (type, valueElement) in fields)
        {
            var values = ReadStringOrList(valueElement, $"{path}.{type}");
            foreach (var value in values.Values)
                if (!IsValidPrincipalValue(type, value))
                    throw new MalformedPolicyException($"Invalid principal in policy: \"{type}\":\"{value}\"", path);
            byType.Add(new(type, values));
        }
        return PolicyPrincipal.FromTypes(byType);
    }

    // AWS principals are "*", a 12-digit account id, or an IAM/STS principal ARN. Wildcards inside an ARN are
    // not allowed in Principal (IAM only accepts "*" on its own).
    private static bool IsValidPrincipalValue(string type, string value) => type switch
    {
        "AWS" => value == "*" || Evaluation.PrincipalArn.IsAccountId(value)
                 || (Evaluation.PrincipalArn.TryParse(value, out _) && !value.Contains('*') && !value.Contains('?')),
        _ => value.Length > 0,
    };

    private static IReadOnlyList<ConditionClause> ReadCondition(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new MalformedPolicyException($"Condition must be an object of operators, not {Describe(element.ValueKind)}", path);

        var clauses = new List<ConditionClause>();
        foreach (var (operatorName, operatorElement) in ReadFields(element, path, null, null))
        {
            var operatorPath = $"{path}.{operatorName}";
            if (ConditionOperator.TryParse(operatorName, out var error) is null)
                throw new MalformedPolicyException($"Invalid Condition type: {error}", operatorPath);
            if (operatorElement.ValueKind != JsonValueKind.Object)
                throw new MalformedPolicyException(
                    $"a condition operator must map condition keys to values, not be {Describe(operatorElement.ValueKind)}", operatorPath);

            var keys = new List<ConditionKeyValues>();
            var seenKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in operatorElement.EnumerateObject())
            {
                var keyPath = $"{operatorPath}.{property.Name}";
                if (property.Name.Length == 0)
                    throw new MalformedPolicyException("a condition key name must not be empty", operatorPath);
                // Key names are case-insensitive, so "aws:SourceArn" and "aws:sourcearn" are the same key twice.
                if (!seenKeys.Add(property.Name))
                    throw new MalformedPolicyException($"duplicate condition key \"{property.Name}\"", operatorPath);
                keys.Add(ReadConditionValues(property.Name, property.Value, keyPath));
            }
            if (keys.Count == 0)
                throw new MalformedPolicyException("a condition operator must name at least one condition key", operatorPath);
            clauses.Add(new ConditionClause(operatorName, keys));
        }
        if (clauses.Count == 0)
            throw new MalformedPolicyException("Condition must contain at least one operator", path);
        return clauses;
    }

    private static ConditionKeyValues ReadConditionValues(string key, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
            return new ConditionKeyValues(key, [ReadConditionValue(element, path)], IsList: false);

        var values = element.EnumerateArray().Select(v => ReadConditionValue(v, path)).ToArray();
        if (values.Length == 0)
            throw new MalformedPolicyException("a condition key must have at least one value", path);
        return new ConditionKeyValues(key, values, IsList: true);
    }

    private static ConditionValue ReadConditionValue(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => new ConditionValue(element.GetString()!, ConditionValueKind.String),
        JsonValueKind.Number => new ConditionValue(element.GetRawText(), ConditionValueKind.Number),
        JsonValueKind.True => new ConditionValue("true", ConditionValueKind.Boolean),
        JsonValueKind.False => new ConditionValue("false", ConditionValueKind.Boolean),
        _ => throw new MalformedPolicyException(
            $"a condition value must be a string, number or boolean (or an array of them), not {Describe(element.ValueKind)}", path),
    };

    private static (string Name, JsonElement Element) ExactlyOne(
        IReadOnlyDictionary<string, JsonElement> fields, string path, string positive, string negative, string note)
    {
        var hasPositive = fields.TryGetValue(positive, out var positiveElement);
        var hasNegative = fields.TryGetValue(negative, out var negativeElement);
        if (hasPositive && hasNegative)
            throw new MalformedPolicyException($"a statement must not contain both {positive} and {negative}", path);
        if (!hasPositive && !hasNegative)
            throw new MalformedPolicyException($"{note}: missing required field {positive} (or {negative})", path);
        return hasPositive ? (positive, positiveElement) : (negative, negativeElement);
    }

    private static PolicyValues ReadStringOrList(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
            return PolicyValues.Of(element.GetString()!);
        if (element.ValueKind != JsonValueKind.Array)
            throw new MalformedPolicyException($"expected a string or an array of strings, not {Describe(element.ValueKind)}", path);

        var values = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new MalformedPolicyException($"expected a string or an array of strings, but an item is {Describe(item.ValueKind)}", path);
            values.Add(item.GetString()!);
        }
        if (values.Count == 0)
            throw new MalformedPolicyException("the array must not be empty", path);
        return new PolicyValues(values, IsList: true);
    }

    private static string ReadString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new MalformedPolicyException($"expected a string, not {Describe(element.ValueKind)}", path);

    // IAM's action rules, in its words: "vendor:name" with one colon and a vendor of letters, digits, '-' and '.'.
    private static string? ActionProblem(string action)
    {
        if (action == "*") return null;
        var parts = action.Split(':');
        if (parts.Length == 1) return $"Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.; \"{action}\" is not";
        if (parts.Length > 2) return $"Actions/Condition can contain only one colon; \"{action}\" has {parts.Length - 1}";
        if (parts[0].Length == 0 || !parts[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            return $"Vendor {parts[0]} is not valid";
        return null;
    }

    /// <summary>
    /// Reads an object's fields in order, refusing duplicates (System.Text.Json would silently keep both) and,
    /// when <paramref name="allowed"/> is given, names outside it.
    /// </summary>
    private static OrderedDictionary<string, JsonElement> ReadFields(JsonElement element, string? path, string[]? allowed, string? allowedNote)
    {
        var fields = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (allowed is not null && !allowed.Contains(property.Name, StringComparer.Ordinal))
                throw new MalformedPolicyException($"Syntax errors in policy: unknown field \"{property.Name}\" ({allowedNote})", path);
            if (!fields.TryAdd(property.Name, property.Value))
                throw new MalformedPolicyException($"Syntax errors in policy: duplicate field \"{property.Name}\"", path);
        }
        return fields;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
