using System.Text.Json;
using System.Text.RegularExpressions;
using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using Switchyard.Settings;

namespace Switchyard.Api;

/// <summary>PutPermission and RemovePermission: the resource policy of an event bus.</summary>
public sealed partial class PermissionOperations(EventBusCatalog buses, ServiceLimits limits, IBusPolicyValidator policyValidator) : IOperationGroup
{
    private const string SupportedAction = "events:PutEvents";

    public void Register(OperationRegistry registry)
    {
        registry.Add<PutPermissionRequest>("PutPermission", PutPermission);
        registry.Add<RemovePermissionRequest>("RemovePermission", RemovePermission);
    }

    private void PutPermission(PutPermissionRequest request, RequestContext context)
    {
        var busName = request.EventBusName ?? EventBuses.DefaultBusName;
        if (request.Policy is not null)
        {
            if (request.StatementId is not null || request.Action is not null || request.Principal is not null || request.Condition is not null)
                throw ApiErrors.Validation("Parameter Policy cannot be specified together with StatementId, Action, Principal or Condition.");
            policyValidator.Validate(request.Policy);
            var normalized = BusPolicyEditor.Normalize(request.Policy);
            CheckLength(normalized);
            buses.Update(context.Scope, busName, bus => bus with { Policy = normalized });
            return;
        }

        var grant = ReadGrant(request);
        buses.Update(context.Scope, busName, bus =>
        {
            var policy = BusPolicyEditor.AddOrReplace(bus.Policy, bus.Arn, grant);
            CheckLength(policy);
            return bus with { Policy = policy };
        });
    }

    private void RemovePermission(RemovePermissionRequest request, RequestContext context)
    {
        var busName = request.EventBusName ?? EventBuses.DefaultBusName;
        if (request.RemoveAllPermissions == true)
        {
            buses.Update(context.Scope, busName, bus => bus.Policy is null
                ? throw ApiErrors.NotFound("EventBus does not have a policy.")
                : bus with { Policy = null });
            return;
        }
        var statementId = request.StatementId ?? throw ApiErrors.Validation("Parameter StatementId is required.");
        buses.Update(context.Scope, busName, bus => bus with { Policy = BusPolicyEditor.Remove(bus.Policy, statementId) });
    }

    private static BusPolicyEditor.PermissionGrant ReadGrant(PutPermissionRequest request)
    {
        var statementId = request.StatementId ?? throw ApiErrors.Validation("Parameter StatementId is required.");
        var action = request.Action ?? throw ApiErrors.Validation("Parameter Action is required.");
        var principal = request.Principal ?? throw ApiErrors.Validation("Parameter Principal is required.");
        if (action != SupportedAction)
            throw ApiErrors.Validation("Provided value in parameter 'action' is not supported.");

        string? organizationId = null;
        if (request.Condition is { } condition)
        {
            if (principal != "*")
                throw ApiErrors.Validation("Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.");
            if (condition.Type != "StringEquals")
                throw ApiErrors.Validation("Provided value in parameter 'condition.type' is not supported.");
            if (condition.Key != "aws:PrincipalOrgID")
                throw ApiErrors.Validation("Provided value in parameter 'condition.key' is not supported.");
            if (condition.Value is null || !OrganizationId().IsMatch(condition.Value))
                throw ApiErrors.Validation("Provided value in parameter 'condition.value' is not valid.");
            organizationId = condition.Value;
        }
        return new BusPolicyEditor.PermissionGrant(statementId, action, principal, organizationId);
    }

    private void CheckLength(string policy)
    {
        if (policy.Length > limits.PolicyLength)
            throw new AwsServiceException(AwsErrorCodes.PolicyLengthExceededException, "Policy size would be larger than the maximum allowed.");
    }

    // Organization ids as AWS Organizations forms them.
    [GeneratedRegex("^o-[a-z0-9]{10,32}$")]
    private static partial Regex OrganizationId();
}

/// <summary>Checks a whole policy document given to PutPermission; throws the AWS error when it is malformed.</summary>
public interface IBusPolicyValidator
{
    void Validate(string policyJson);
}
