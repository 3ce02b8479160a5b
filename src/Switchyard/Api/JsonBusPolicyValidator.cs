using System.Text.Json;
using Switchyard.Domain;

namespace Switchyard.Api;

/// <summary>Checks that a Policy given to PutPermission is a JSON object.</summary>
public sealed class JsonBusPolicyValidator : IBusPolicyValidator
{
    public void Validate(string policyJson)
    {
        try
        {
            using var document = JsonDocument.Parse(policyJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid();
        }
        catch (JsonException)
        {
            throw Invalid();
        }
    }

    private static Exception Invalid() => ApiErrors.Validation("Policy is not a valid JSON document.");
}
