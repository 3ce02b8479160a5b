using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Schedules;
using Switchyard.Patterns;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using RuleRecord = Switchyard.Domain.Rules.Rule;
using Switchyard.Settings;

namespace Switchyard.Api;

/// <summary>PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule, ListRuleNamesByTarget.</summary>
public sealed class RuleOperations(EventBusCatalog buses, RuleCatalog rules, BusAccess access, ServiceLimits limits, TimeProvider time) : IOperationGroup
{
    public void Register(OperationRegistry registry)
    {
        registry.Add<PutRuleRequest, PutRuleResponse>("PutRule", PutRule);
        registry.Add<DescribeRuleRequest, DescribeRuleResponse>("DescribeRule", DescribeRule);
        registry.Add<ListRulesRequest, ListRulesResponse>("ListRules", ListRules);
        registry.Add<EnableRuleRequest>("EnableRule", (request, context) => SetState(request.Name!, request.EventBusName, context, RuleStates.Enabled, "events:EnableRule"));
        registry.Add<DisableRuleRequest>("DisableRule", (request, context) => SetState(request.Name!, request.EventBusName, context, RuleStates.Disabled, "events:DisableRule"));
        registry.Add<DeleteRuleRequest>("DeleteRule", DeleteRule);
        registry.Add<ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse>("ListRuleNamesByTarget", ListRuleNamesByTarget);
    }

    private PutRuleResponse PutRule(PutRuleRequest request, RequestContext context)
    {
        var bus = access.ForRule(request.EventBusName, context, "events:PutRule", request.Name!, request.EventPattern);
        if (request.EventPattern is null && request.ScheduleExpression is null)
            throw ApiErrors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        if (request.EventPattern is not null) ParsePattern(request.EventPattern, limits);
        if (request.ScheduleExpression is not null)
        {
            if (bus.Name != EventBuses.DefaultBusName)
                throw ApiErrors.Validation("ScheduleExpression is supported only on the default event bus.");
            if (!ScheduleExpression.TryParse(request.ScheduleExpression, out _))
                throw ApiErrors.Validation("Parameter ScheduleExpression is not valid.");
        }
        buses.Get(bus.Scope, bus.Name);

        var rule = rules.Put(bus.Scope, bus.Name, request.Name!, current =>
        {
            if (current is null && rules.CountOnBus(bus.Scope, bus.Name) >= limits.RulesPerBus) throw ApiErrors.LimitExceeded();
            if (current?.ManagedBy is not null) throw ManagedRule(current);
            // PutRule replaces the rule's settings with what it is given (omitted ones become empty); its targets
            // stay, and the tags given are added to those it had.
            return new RuleRecord
            {
                AccountId = bus.Scope.AccountId,
                Region = bus.Scope.Region,
                BusName = bus.Name,
                Name = request.Name!,
                EventPattern = request.EventPattern,
                ScheduleExpression = request.ScheduleExpression,
                State = request.State ?? RuleStates.Enabled,
                Description = request.Description,
                RoleArn = request.RoleArn,
                CreatedBy = current?.CreatedBy ?? context.AccountId,
                Tags = TagOperations.Merge(current?.Tags ?? [], request.Tags),
                Targets = current?.Targets ?? [],
                CreationTime = current?.CreationTime ?? time.GetUtcNow(),
            };
        });
        return new PutRuleResponse { RuleArn = rule.Arn };
    }

    private DescribeRuleResponse DescribeRule(DescribeRuleRequest request, RequestContext context)
    {
        var bus = access.ForRule(request.EventBusName, context, "events:DescribeRule", request.Name!);
        var rule = rules.Get(bus.Scope, bus.Name, request.Name!);
        return new DescribeRuleResponse
        {
            Name = rule.Name,
            Arn = rule.Arn,
            EventPattern = rule.EventPattern,
            ScheduleExpression = rule.ScheduleExpression,
            State = rule.State,
            Description = rule.Description,
            RoleArn = rule.RoleArn,
            ManagedBy = rule.ManagedBy,
            EventBusName = rule.BusName,
            CreatedBy = rule.CreatedBy,
        };
    }

    private ListRulesResponse ListRules(ListRulesRequest request, RequestContext context)
    {
        var bus = BusReference.ResolveOwn(request.EventBusName, context, "events:ListRules");
        buses.Get(bus.Scope, bus.Name);
        var all = rules.List(bus.Scope, bus.Name)
            .Where(r => request.NamePrefix is null || r.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .ToList();
        var (page, next) = Pagination.Page(all, r => r.Name, request.NextToken, request.Limit);
        return new ListRulesResponse
        {
            Rules = page.Select(r => new Protocol.Model.Rule
            {
                Name = r.Name,
                Arn = r.Arn,
                EventPattern = r.EventPattern,
                State = r.State,
                Description = r.Description,
                ScheduleExpression = r.ScheduleExpression,
                RoleArn = r.RoleArn,
                ManagedBy = r.ManagedBy,
                EventBusName = r.BusName,
            }).ToList(),
            NextToken = next,
        };
    }

    private void SetState(string name, string? busName, RequestContext context, string state, string action)
    {
        var bus = access.ForRule(busName, context, action, name);
        rules.Update(bus.Scope, bus.Name, name, rule =>
        {
            if (rule.ManagedBy is not null) throw ManagedRule(rule);
            return rule.State == state ? rule : rule with { State = state };
        });
    }

    private void DeleteRule(DeleteRuleRequest request, RequestContext context)
    {
        var bus = access.ForRule(request.EventBusName, context, "events:DeleteRule", request.Name!);
        rules.Delete(bus.Scope, bus.Name, request.Name!, rule =>
        {
            if (rule.ManagedBy is not null && request.Force != true) throw ManagedRule(rule);
            if (rule.Targets.Count > 0) throw ApiErrors.Validation("Rule can't be deleted since it has targets.");
        });
    }

    private ListRuleNamesByTargetResponse ListRuleNamesByTarget(ListRuleNamesByTargetRequest request, RequestContext context)
    {
        var bus = BusReference.ResolveOwn(request.EventBusName, context, "events:ListRuleNamesByTarget");
        buses.Get(bus.Scope, bus.Name);
        var names = rules.List(bus.Scope, bus.Name)
            .Where(r => r.Targets.Any(t => t.Arn == request.TargetArn))
            .Select(r => r.Name)
            .ToList();
        var (page, next) = Pagination.Page(names, n => n, request.NextToken, request.Limit);
        return new ListRuleNamesByTargetResponse { RuleNames = page.ToList(), NextToken = next };
    }

    /// <summary>Parses a pattern as PutRule and TestEventPattern do; AWS's InvalidEventPatternException when it is not valid.</summary>
    public static EventPattern ParsePattern(string json, ServiceLimits limits)
    {
        try
        {
            return EventPattern.Parse(json, new PatternOptions { MaxPatternLength = limits.EventPatternLength });
        }
        catch (Patterns.InvalidEventPatternException error)
        {
            throw new AwsServiceException(AwsErrorCodes.InvalidEventPatternException, error.Message);
        }
    }

    private static AwsServiceException ManagedRule(RuleRecord rule) => new(AwsErrorCodes.ManagedRuleException,
        $"Rule {rule.Name} is managed by {rule.ManagedBy} and cannot be changed; use Force to delete it.");
}
