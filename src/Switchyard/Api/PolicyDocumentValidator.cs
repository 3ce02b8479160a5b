using Switchyard.Domain;
using Switchyard.Policies;

namespace Switchyard.Api;

/// <summary>
/// Checks a Policy given to PutPermission with the policy engine's parser. PutPermission models no error for a
/// malformed policy; EventBridge answers ValidationException (see docs/compat.md).
/// </summary>
public sealed class PolicyDocumentValidator : IBusPolicyValidator
{
    public void Validate(string policyJson)
    {
        try
        {
            PolicyDocument.Parse(policyJson);
        }
        catch (MalformedPolicyException error)
        {
            throw ApiErrors.Validation(error.Message);
        }
    }
}
