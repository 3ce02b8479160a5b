"""Scheduled rules through boto3: PutRule with rate() and cron() ScheduleExpressions validates as AWS does,
only on the default bus, and DescribeRule / ListRules return the expression.  Rules and messages from
the EventBridge user guide (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html;
"ScheduleExpression is supported only on the default event bus." is AWS-recorded in LocalStack's validated snapshots,
https://github.com/localstack/localstack tests/aws/services/events/)."""
import unittest

from compat import CompatTestCase, unique

INVALID = "Parameter ScheduleExpression is not valid."

VALID = [
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    # the user guide's cron examples
    "cron(0 10 * * ? *)",
    "cron(15 12 * * ? *)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0/15 * * * ? *)",
    "cron(0/10 * ? * MON-FRI *)",
    "cron(0/5 8-17 ? * MON-FRI *)",
    "cron(0 9 ? * 2#1 *)",
    # each wildcard in a field that allows it
    "cron(*/5 * * * ? *)",
    "cron(0 0 L * ? *)",
    "cron(0 0 15W * ? *)",
    "cron(0 0 LW * ? *)",
    "cron(0 0 ? * 6L *)",
    "cron(0 12 * JAN,JUL ? *)",
    "cron(0 0 1 1 ? 2030)",
    "cron(0 0 1 1 ? 2027-2030)",
    "cron(0 0 1 1 ? 2027/2)",
]

INVALID_EXPRESSIONS = [
    "rate(1 minutes)",      # singular unit only for 1
    "rate(5 minute)",       # plural unit for more than 1
    "rate(0 minutes)",
    "rate(-5 minutes)",
    "rate(1.5 hours)",
    "rate(30 seconds)",
    "rate(1 week)",
    "rate(5 Minutes)",
    "cron(0 10 * * ?)",     # five fields
    "cron(0 10 * * ? * *)", # seven fields
    "cron(0 10 * * * *)",   # neither day field is '?'
    "cron(0 10 ? * ? *)",   # both are
    "cron(60 10 * * ? *)",
    "cron(0 24 * * ? *)",
    "cron(0 0 32 * ? *)",
    "cron(0 0 1 13 ? *)",
    "cron(0 0 ? * 8 *)",
    "cron(0 0 ? * 2#6 *)",
    "cron(0 0 1 * ? 2200)",
    "cron(0 0 1 * ? 1969)",
    "cron(0 0 ? * FOO *)",
    "at(2030-01-01T00:00:00)",
    "every 5 minutes",
]


class ScheduleExpressions(CompatTestCase):
    def test_valid_expressions_are_accepted_and_described(self):
        for expression in VALID:
            with self.subTest(expression=expression):
                name = unique("sched")
                resp = self.client.put_rule(Name=name, ScheduleExpression=expression)
                self.assertEqual(resp["RuleArn"], f"arn:aws:events:us-east-1:{self.account}:rule/{name}")
                d = self.client.describe_rule(Name=name)
                self.assertEqual(d["ScheduleExpression"], expression)
                self.assertEqual(d["State"], "ENABLED")
                self.assertEqual(d["EventBusName"], "default")
                self.assertNotIn("EventPattern", d)

    def test_invalid_expressions_are_refused(self):
        for expression in INVALID_EXPRESSIONS:
            with self.subTest(expression=expression):
                name = unique("sched")
                with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                    self.client.put_rule(Name=name, ScheduleExpression=expression)
                self.assertClientError(ctx, "ValidationException", INVALID)
                with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
                    self.client.describe_rule(Name=name)

    def test_schedule_on_a_custom_bus_is_refused(self):
        bus = unique("bus")
        self.client.create_event_bus(Name=bus)
        for expression in ("rate(5 minutes)", "cron(0 10 * * ? *)"):
            with self.subTest(expression=expression):
                with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                    self.client.put_rule(Name=unique("sched"), EventBusName=bus, ScheduleExpression=expression)
                self.assertClientError(ctx, "ValidationException", "ScheduleExpression is supported only on the default event bus.")
        self.assertEqual(self.client.list_rules(EventBusName=bus)["Rules"], [])

    def test_default_bus_by_arn_takes_a_schedule(self):
        name = unique("sched")
        arn = f"arn:aws:events:us-east-1:{self.account}:event-bus/default"
        self.client.put_rule(Name=name, EventBusName=arn, ScheduleExpression="rate(10 minutes)")
        self.assertEqual(self.client.describe_rule(Name=name)["ScheduleExpression"], "rate(10 minutes)")

    def test_list_rules_shows_the_expression(self):
        name = unique("sched")
        self.client.put_rule(Name=name, ScheduleExpression="cron(0 12 * * ? *)", State="DISABLED", Description="noon")
        rules = self.client.list_rules(NamePrefix=name)["Rules"]
        self.assertEqual(len(rules), 1)
        self.assertEqual(rules[0]["ScheduleExpression"], "cron(0 12 * * ? *)")
        self.assertEqual(rules[0]["State"], "DISABLED")
        self.assertEqual(rules[0]["Description"], "noon")

    def test_pattern_and_schedule_together(self):
        name = unique("sched")
        pattern = '{"source":["app.orders"]}'
        self.client.put_rule(Name=name, ScheduleExpression="rate(1 hour)", EventPattern=pattern)
        d = self.client.describe_rule(Name=name)
        self.assertEqual(d["ScheduleExpression"], "rate(1 hour)")
        self.assertEqual(d["EventPattern"], pattern)

    def test_enable_disable_and_replace_keep_or_drop_the_expression(self):
        name = unique("sched")
        self.client.put_rule(Name=name, ScheduleExpression="rate(5 minutes)")
        self.client.disable_rule(Name=name)
        d = self.client.describe_rule(Name=name)
        self.assertEqual((d["State"], d["ScheduleExpression"]), ("DISABLED", "rate(5 minutes)"))
        self.client.enable_rule(Name=name)
        self.assertEqual(self.client.describe_rule(Name=name)["State"], "ENABLED")
        # PutRule replaces every setting it is not given: a pattern-only PutRule drops the schedule.
        self.client.put_rule(Name=name, EventPattern='{"source":["x"]}')
        self.assertNotIn("ScheduleExpression", self.client.describe_rule(Name=name))

    def test_targets_on_a_scheduled_rule(self):
        name = unique("sched")
        self.client.put_rule(Name=name, ScheduleExpression="rate(1 day)")
        resp = self.client.put_targets(Rule=name, Targets=[
            {"Id": "fn", "Arn": f"arn:aws:lambda:us-east-1:{self.account}:function:nightly"}])
        self.assertEqual(resp["FailedEntryCount"], 0)
        targets = self.client.list_targets_by_rule(Rule=name)["Targets"]
        self.assertEqual([t["Id"] for t in targets], ["fn"])


if __name__ == "__main__":
    unittest.main()
