using Switchyard.Diagnostics.Explain;

namespace Switchyard.Cli;

/// <summary>Writes an <see cref="ExplainReport"/> for people: one line per rule, indented hops and policy statements.</summary>
public static class ExplainReportPrinter
{
    public static void Print(ExplainReport report, TextWriter output) => Print(report, output, "", showAdmission: true);

    /// <param name="showAdmission">False for the bus behind a bus target: its admission is the delivery decision printed just above.</param>
    private static void Print(ExplainReport report, TextWriter output, string indent, bool showAdmission)
    {
        output.WriteLine($"{indent}Event {report.EventId ?? "(no id)"} from account {report.EventAccount} " +
                         $"(source {report.Source ?? "?"}, detail-type {report.DetailType ?? "?"})");
        output.WriteLine($"{indent}on bus {report.EventBusArn}");
        foreach (var note in report.Notes) output.WriteLine($"{indent}  note: {note}");
        if (showAdmission && report.Admission is { } admission) PrintAccess("admission", admission, output, indent + "  ");

        foreach (var rule in report.Rules)
        {
            output.WriteLine($"{indent}  {Mark(rule.Outcome)} {rule.Name}: {Describe(rule)}");
            foreach (var target in rule.Targets ?? [])
            {
                output.WriteLine($"{indent}      -> target {target.Id} {target.Arn}{(target.Note is null ? "" : $": {target.Note}")}");
                if (target.Access is { } access) PrintAccess("delivery", access, output, indent + "         ");
                if (target.Downstream is { } downstream) Print(downstream, output, indent + "         ", showAdmission: false);
            }
        }
        var matched = report.Rules.Count(r => r.Outcome == RuleOutcomes.Matched);
        output.WriteLine(report.Admitted
            ? $"{indent}{matched} of {report.Rules.Count} rules match"
            : $"{indent}refused: the bus does not admit the event ({matched} of {report.Rules.Count} rules would match)");
    }

    private static string Mark(string outcome) => outcome switch
    {
        RuleOutcomes.Matched => "MATCH   ",
        RuleOutcomes.NotMatched => "no      ",
        RuleOutcomes.Disabled => "disabled",
        RuleOutcomes.ScheduleOnly => "schedule",
        _ => "invalid ",
    };

    private static string Describe(RuleVerdict rule) => rule.Outcome switch
    {
        RuleOutcomes.Matched => "the pattern matches",
        RuleOutcomes.NotMatched => $"{rule.FailedField}: {rule.Reason}",
        RuleOutcomes.Disabled => rule.PatternMatches == true
            ? "the rule is disabled (its pattern would match)"
            : $"the rule is disabled (and its pattern would not match: {rule.FailedField}: {rule.Reason})",
        RuleOutcomes.ScheduleOnly => $"runs on a schedule ({rule.ScheduleExpression}), not on events",
        _ => rule.Reason ?? rule.Outcome,
    };

    private static void PrintAccess(string what, AccessVerdict access, TextWriter output, string indent)
    {
        var organization = access.OrganizationId is null ? "in no organization" : $"organization {access.OrganizationId}";
        output.WriteLine($"{indent}{what}: account {access.CallerAccount} ({organization}) {access.Action} on {access.Resource}: " +
                         $"{(access.Allowed ? "ALLOWED" : "DENIED")}, {access.Reason}");
        foreach (var statement in access.Statements)
        {
            var name = statement.Sid is null ? $"#{statement.Index}" : $"'{statement.Sid}'";
            var deciding = statement.Index == access.DecidingStatementIndex ? " <- decides" : "";
            output.WriteLine($"{indent}  statement {name} ({statement.Effect}): {(statement.Applies ? "applies" : "does not apply")}, {statement.Explanation}{deciding}");
        }
    }
}
