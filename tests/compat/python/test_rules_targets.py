"""Rules and targets through boto3: PutRule / DescribeRule / ListRules / Enable / Disable / DeleteRule,
PutTargets / RemoveTargets / ListTargetsByRule / ListRuleNamesByTarget, tags on rules, and AWS's errors
(the API reference, https://docs.aws.amazon.com/eventbridge/latest/APIReference/, and LocalStack's AWS-validated
snapshots, https://github.com/localstack/localstack tests/aws/services/events/)."""
import json
import os
import re
import unittest

from compat import make_client, unique

ACCOUNT = "135792468024"
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:q"


def snake(operation):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


class RulesAndTargets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = make_client(ACCOUNT)

    def setUp(self):
        self.bus = unique("rules")
        self.c.create_event_bus(Name=self.bus)

    def put_rule(self, name, **kw):
        kw.setdefault("EventPattern", json.dumps({"source": ["shop"]}))
        return self.c.put_rule(Name=name, EventBusName=self.bus, **kw)

    def code(self, ctx):
        return ctx.exception.response["Error"]["Code"], ctx.exception.response["Error"]["Message"]

    def test_recorded_validation_messages(self):
        """Every row of tests/recorded/validation-messages.json (AWS's recorded errors), through boto3."""
        recorded = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "recorded", "validation-messages.json")
        with open(recorded) as f:
            rows = json.load(f)["rows"]
        self.assertGreaterEqual(len(rows), 7)
        suffix = unique("v")  # the rows' names are fixed; this account may have run them before

        def named(request):
            text = json.dumps(request)
            for name in ("custom-bus", "r-missing-key", "r-two-inputs"):
                text = text.replace(f'"{name}"', f'"{name}-{suffix}"')
            return json.loads(text)

        for row in rows:
            with self.subTest(recorded=row["recorded"]):
                for operation, request in row.get("setup", []):
                    getattr(self.c, snake(operation))(**named(request))
                with self.assertRaises(self.c.exceptions.ClientError) as ctx:
                    getattr(self.c, snake(row["operation"]))(**named(row["request"]))
                self.assertEqual(self.code(ctx), (row["type"], row["message"]))

    def test_rule_lifecycle_and_arns(self):
        arn = self.put_rule("r1", Description="d", Tags=[{"Key": "team", "Value": "a"}])["RuleArn"]
        self.assertEqual(arn, f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{self.bus}/r1")
        default_arn = self.c.put_rule(Name=unique("r"), EventPattern=json.dumps({"source": ["x"]}))["RuleArn"]
        self.assertRegex(default_arn, rf"^arn:aws:events:us-east-1:{ACCOUNT}:rule/[^/]+$")

        described = self.c.describe_rule(Name="r1", EventBusName=self.bus)
        self.assertEqual((described["State"], described["Description"], described["EventBusName"], described["CreatedBy"]),
                         ("ENABLED", "d", self.bus, ACCOUNT))
        self.c.disable_rule(Name="r1", EventBusName=self.bus)
        self.assertEqual(self.c.describe_rule(Name="r1", EventBusName=self.bus)["State"], "DISABLED")
        self.c.enable_rule(Name="r1", EventBusName=self.bus)
        self.assertEqual(self.c.describe_rule(Name="r1", EventBusName=self.bus)["State"], "ENABLED")

        # PutRule on an existing rule replaces what it sets; omitted members are cleared
        self.put_rule("r1", State="ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
        described = self.c.describe_rule(Name="r1", EventBusName=self.bus)
        self.assertNotIn("Description", described)
        self.assertEqual(described["State"], "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
        self.assertEqual(self.c.list_tags_for_resource(ResourceARN=arn)["Tags"], [{"Key": "team", "Value": "a"}])

        self.c.delete_rule(Name="r1", EventBusName=self.bus)
        with self.assertRaises(self.c.exceptions.ResourceNotFoundException) as ctx:
            self.c.describe_rule(Name="r1", EventBusName=self.bus)
        self.assertEqual(self.code(ctx)[1], f"Rule r1 does not exist on EventBus {self.bus}.")
        self.c.delete_rule(Name="r1", EventBusName=self.bus)  # deleting again succeeds, as on AWS

    def test_list_rules_with_prefix_and_pages(self):
        for i in range(5):
            self.put_rule(f"page-{i}")
        self.put_rule("other")
        names, token = [], None
        while True:
            kw = {"NextToken": token} if token else {}
            page = self.c.list_rules(EventBusName=self.bus, NamePrefix="page-", Limit=2, **kw)
            names += [r["Name"] for r in page["Rules"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(names, [f"page-{i}" for i in range(5)])

    def test_targets(self):
        self.put_rule("t")
        answer = self.c.put_targets(Rule="t", EventBusName=self.bus, Targets=[
            {"Id": "a", "Arn": QUEUE, "InputPath": "$.detail"},
            {"Id": "b", "Arn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f",
             "InputTransformer": {"InputPathsMap": {"id": "$.id"}, "InputTemplate": "{\"id\": <id>}"},
             "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 120}}])
        self.assertEqual((answer["FailedEntryCount"], answer["FailedEntries"]), (0, []))
        targets = self.c.list_targets_by_rule(Rule="t", EventBusName=self.bus)["Targets"]
        self.assertEqual([t["Id"] for t in targets], ["a", "b"])
        self.assertEqual(targets[1]["RetryPolicy"], {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 120})
        self.assertEqual(self.c.list_rule_names_by_target(TargetArn=QUEUE, EventBusName=self.bus)["RuleNames"], ["t"])

        with self.assertRaises(self.c.exceptions.ClientError) as ctx:
            self.c.delete_rule(Name="t", EventBusName=self.bus)
        self.assertEqual(self.code(ctx), ("ValidationException", "Rule can't be deleted since it has targets."))
        with self.assertRaises(self.c.exceptions.ClientError) as ctx:
            self.c.delete_event_bus(Name=self.bus)
        self.assertEqual(self.code(ctx), ("ValidationException", "EventBus can't be deleted since it has rules."))

        self.c.remove_targets(Rule="t", EventBusName=self.bus, Ids=["a", "b"])
        self.assertEqual(self.c.list_targets_by_rule(Rule="t", EventBusName=self.bus)["Targets"], [])
        self.c.delete_rule(Name="t", EventBusName=self.bus)

    def test_target_errors(self):
        self.put_rule("e")
        with self.assertRaises(self.c.exceptions.ClientError) as ctx:
            self.c.put_targets(Rule="e", EventBusName=self.bus,
                               Targets=[{"Id": "x", "Arn": QUEUE, "Input": "{}", "InputPath": "$.detail"}])
        self.assertEqual(self.code(ctx), ("ValidationException",
                                          "Only one of Input, InputPath, or InputTransformer must be provided for target x."))
        with self.assertRaises(self.c.exceptions.ClientError) as ctx:
            self.c.put_targets(Rule="e", EventBusName=self.bus, Targets=[
                {"Id": "x", "Arn": QUEUE, "InputTransformer": {"InputTemplate": "{\"a\": <nope>}"}}])
        self.assertEqual(self.code(ctx), ("ValidationException", "InputTemplate for target x contains invalid placeholder nope."))
        with self.assertRaises(self.c.exceptions.ClientError) as ctx:
            self.c.put_targets(Rule="e", EventBusName=self.bus, Targets=[{"Id": "!@#$@!#$", "Arn": QUEUE}])
        self.assertEqual(self.code(ctx), ("ValidationException",
                                          "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to "
                                          "satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"))
        self.c.put_targets(Rule="e", EventBusName=self.bus, Targets=[{"Id": f"t{i}", "Arn": QUEUE} for i in range(5)])
        with self.assertRaises(self.c.exceptions.LimitExceededException):
            self.c.put_targets(Rule="e", EventBusName=self.bus, Targets=[{"Id": "sixth", "Arn": QUEUE}])
        self.assertEqual(len(self.c.list_targets_by_rule(Rule="e", EventBusName=self.bus)["Targets"]), 5)
        with self.assertRaises(self.c.exceptions.ResourceNotFoundException):
            self.c.put_targets(Rule="missing", EventBusName=self.bus, Targets=[{"Id": "a", "Arn": QUEUE}])

    def test_rule_errors(self):
        with self.assertRaises(self.c.exceptions.ClientError) as ctx:
            self.c.put_rule(Name="n", EventBusName=self.bus)
        self.assertEqual(self.code(ctx), ("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified."))
        with self.assertRaises(self.c.exceptions.InvalidEventPatternException):
            self.put_rule("n", EventPattern=json.dumps({"source": "not-a-list"}))
        with self.assertRaises(self.c.exceptions.ResourceNotFoundException) as ctx:
            self.c.put_rule(Name="n", EventBusName="no-such-bus", EventPattern=json.dumps({"source": ["x"]}))
        self.assertEqual(self.code(ctx)[1], "Event bus no-such-bus does not exist.")
        with self.assertRaises(self.c.exceptions.ResourceNotFoundException):
            self.c.enable_rule(Name="missing", EventBusName=self.bus)
        self.assertEqual(self.c.list_rules(EventBusName=self.bus)["Rules"], [])


if __name__ == "__main__":
    unittest.main()
