using System.Collections.Concurrent;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Organizations;
using Switchyard.Policies;

namespace Switchyard.Domain.Access;

/// <summary>
/// Decides whether a caller may act on an event bus, by the bus's resource policy, the way AWS evaluates it:
/// an explicit Deny always wins; another account needs an Allow; the bus's own account is allowed unless denied
/// (it has no identity policies here to consult). Fills in the condition keys EventBridge supplies. The same
/// decision serves the resource policies of other accounts' targets (Lambda functions, queues, log groups):
/// <see cref="AuthorizeResource"/>.
/// </summary>
public sealed class BusAccessAuthorizer(OrganizationDirectory organizations)
{
    // Parsing a policy is far slower than evaluating it; buses change their policy rarely.
    private readonly ConcurrentDictionary<string, PolicyDocument> _parsed = new(StringComparer.Ordinal);

    public sealed record Request(string CallerAccount, string Action, string ResourceArn)
    {
        public string? CallerArn { get; init; }
        /// <summary>Set when the caller is an AWS service acting for <see cref="CallerAccount"/> (<c>events.amazonaws.com</c>).</summary>
        public string? CallerService { get; init; }
        public IReadOnlyList<string>? Sources { get; init; }
        public IReadOnlyList<string>? DetailTypes { get; init; }
        public bool? EventBusInvocation { get; init; }
        public string? SourceArn { get; init; }
        public string? CreatorAccount { get; init; }
        public IReadOnlyList<string>? TargetArns { get; init; }
        /// <summary>False to evaluate as if the caller were in no organization (to tell account grants from organization grants).</summary>
        public bool WithOrganization { get; init; } = true;
    }

    public sealed record Decision(bool Allowed, PolicyEvaluation? Evaluation, string Reason);

    public Decision Authorize(EventBus bus, Request request) => AuthorizeResource(bus.AccountId, bus.Policy, request, "bus");

    /// <summary>
    /// The decision for any resource of <paramref name="ownerAccount"/> whose resource policy is
    /// <paramref name="policy"/> (null: none); <paramref name="noun"/> names the resource in the reason.
    /// </summary>
    public Decision AuthorizeResource(string ownerAccount, string? policy, Request request, string noun)
    {
        var sameAccount = request.CallerAccount == ownerAccount;
        if (policy is null)
        {
            return sameAccount
                ? new Decision(true, null, $"the caller owns the {noun}")
                : new Decision(false, null, $"the {noun} has no resource policy");
        }

        var document = Parse(policy);
        // The owner is allowed unless a Deny applies; most policies have none, and PutEvents asks on every entry.
        if (sameAccount && !document.Statements.Any(s => s.Effect == PolicyEffect.Deny))
            return new Decision(true, null, $"the caller owns the {noun}");

        var evaluation = PolicyEvaluator.Evaluate(document, new PolicyRequest
        {
            PrincipalAccount = request.CallerAccount,
            PrincipalArn = request.CallerArn,
            PrincipalService = request.CallerService,
            Action = request.Action,
            Resource = request.ResourceArn,
            Context = ContextKeys(request),
        });
        return evaluation.Decision switch
        {
            PolicyDecision.ExplicitDeny => new Decision(false, evaluation, $"denied by statement {Describe(evaluation.DecidingStatement)}"),
            PolicyDecision.Allow => new Decision(true, evaluation, $"allowed by statement {Describe(evaluation.DecidingStatement)}"),
            _ when sameAccount => new Decision(true, evaluation, $"the caller owns the {noun}"),
            _ => new Decision(false, evaluation, $"no statement of the {noun} policy allows it"),
        };
    }

    private Dictionary<string, IReadOnlyList<string>> ContextKeys(Request request)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:PrincipalAccount"] = [request.CallerAccount],
        };
        if (request.WithOrganization && organizations.OrganizationOf(request.CallerAccount) is { } org) keys["aws:PrincipalOrgID"] = [org];
        if (request.Sources is { } sources) keys["events:source"] = sources;
        if (request.DetailTypes is { } detailTypes) keys["events:detail-type"] = detailTypes;
        if (request.EventBusInvocation is { } invocation) keys["events:eventBusInvocation"] = [invocation ? "true" : "false"];
        if (request.SourceArn is { } sourceArn)
        {
            keys["aws:SourceArn"] = [sourceArn];
            keys["aws:SourceAccount"] = [request.CallerAccount];
        }
        if (request.CreatorAccount is { } creator) keys["events:creatorAccount"] = [creator];
        if (request.TargetArns is { } targets) keys["events:TargetArn"] = targets;
        return keys;
    }

    private PolicyDocument Parse(string policy)
    {
        if (_parsed.TryGetValue(policy, out var document)) return document;
        if (_parsed.Count > 10_000) _parsed.Clear();
        return _parsed[policy] = PolicyDocument.Parse(policy);
    }

    private static string Describe(PolicyStatement? statement) => statement?.Sid is { } sid ? $"'{sid}'" : "(no Sid)";
}
