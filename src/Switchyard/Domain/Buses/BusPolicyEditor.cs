using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Domain.Buses;

/// <summary>
/// Edits a bus's resource policy the way PutPermission and RemovePermission do on AWS: one statement per
/// StatementId (a repeated id replaces its statement in place), AWS's key order, compact JSON.
/// </summary>
public static class BusPolicyEditor
{
    public const string PolicyVersion = "2012-10-17";

    /// <summary>A statement made from PutPermission's legacy parameters.</summary>
    public sealed record PermissionGrant(string StatementId, string Action, string Principal, string? OrganizationId);

    public static string AddOrReplace(string? policy, string busArn, PermissionGrant grant)
    {
        var document = ParseOrNew(policy);
        var statements = (JsonArray)document["Statement"]!;
        var statement = BuildStatement(busArn, grant);
        var index = IndexOfSid(statements, grant.StatementId);
        if (index >= 0) statements[index] = statement;
        else statements.Add((JsonNode)statement); // the JsonNode overload: the generic Add<T> needs reflection (AOT)
        return Serialize(document);
    }

    /// <summary>Removes the statement with this id; null when none is left (the bus then has no policy).</summary>
    public static string? Remove(string? policy, string statementId)
    {
        if (policy is null) throw StatementNotFound();
        var document = ParseOrNew(policy);
        if (document["Statement"] is not JsonArray statements) throw StatementNotFound();
        var index = IndexOfSid(statements, statementId);
        if (index < 0) throw StatementNotFound();
        statements.RemoveAt(index);
        return statements.Count == 0 ? null : Serialize(document);
    }

    /// <summary>A whole document given as PutPermission's Policy: kept as given, made compact.</summary>
    public static string Normalize(string policyJson) => Serialize(JsonNode.Parse(policyJson)!);

    private static JsonObject BuildStatement(string busArn, PermissionGrant grant)
    {
        var statement = new JsonObject
        {
            ["Sid"] = grant.StatementId,
            ["Effect"] = "Allow",
            // AWS writes "*" as a bare string and an account as its root ARN.
            ["Principal"] = grant.Principal == "*"
                ? JsonValue.Create("*")
                : new JsonObject { ["AWS"] = Arns.AccountRoot(grant.Principal) },
            ["Action"] = grant.Action,
            ["Resource"] = busArn,
        };
        if (grant.OrganizationId is not null)
        {
            statement["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["aws:PrincipalOrgID"] = grant.OrganizationId },
            };
        }
        return statement;
    }

    private static JsonObject ParseOrNew(string? policy)
    {
        if (policy is not null && JsonNode.Parse(policy) is JsonObject existing)
        {
            // A document set through the Policy parameter may hold a single statement object; normalise to a list.
            if (existing["Statement"] is JsonObject single)
            {
                existing.Remove("Statement");
                existing["Statement"] = new JsonArray(single);
            }
            existing["Statement"] ??= new JsonArray();
            return existing;
        }
        return new JsonObject { ["Version"] = PolicyVersion, ["Statement"] = new JsonArray() };
    }

    private static int IndexOfSid(JsonArray statements, string sid)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is JsonObject s && s["Sid"] is JsonValue v && v.TryGetValue<string>(out var id) && id == sid)
                return i;
        }
        return -1;
    }

    private static string Serialize(JsonNode node) => node.ToJsonString(CompactOptions);

    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        // AWS returns the policy with '/' and non-ASCII as they are, not \u-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static Exception StatementNotFound() => ApiErrors.NotFound("Statement with the provided id does not exist.");
}
