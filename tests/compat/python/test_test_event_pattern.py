"""TestEventPattern through boto3: a table of patterns and events, checked against AWS's semantics
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html and the reference engine
https://github.com/aws/event-ruler), plus AWS's errors for bad patterns and events."""
import json
import os
import unittest

from compat import make_client

EVENT = {
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {
        "instance-id": "i-abcd1111",
        "state": "pending",
        "count": 300,
        "ratio": 0.5,
        "enabled": True,
        "nothing": None,
        "ip": "10.0.0.9",
        "tags": ["blue", "green"],
        "items": [{"name": "a", "kind": "x"}, {"name": "b", "kind": "y"}],
        "path": "/usr/bin/tool.jar",
    },
}

RECORDED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "recorded", "event-patterns.json")

# (pattern, expected Result)
CASES = [
    ({"source": ["aws.ec2"]}, True),
    ({"source": ["aws.s3"]}, False),
    ({"source": ["aws.s3", "aws.ec2"]}, True),
    ({"detail": {"state": ["pending"]}}, True),
    ({"detail": {"count": [300]}}, True),
    ({"detail": {"count": [3.0e2]}}, True),
    ({"detail": {"count": ["300"]}}, False),
    ({"detail": {"enabled": [True]}}, True),
    ({"detail": {"enabled": ["true"]}}, False),
    ({"detail": {"nothing": [None]}}, True),
    ({"detail": {"missing": [None]}}, False),
    ({"detail": {"tags": ["green"]}}, True),
    ({"detail": {"state": [{"prefix": "pen"}]}}, True),
    ({"detail": {"state": [{"prefix": {"equals-ignore-case": "PEN"}}]}}, True),
    ({"detail": {"state": [{"suffix": "ing"}]}}, True),
    ({"detail": {"state": [{"suffix": {"equals-ignore-case": "ING"}}]}}, True),
    ({"detail": {"state": [{"equals-ignore-case": "PENDING"}]}}, True),
    ({"detail": {"path": [{"wildcard": "/usr/*/*.jar"}]}}, True),
    ({"detail": {"path": [{"wildcard": "/opt/*"}]}}, False),
    ({"detail": {"state": [{"anything-but": "running"}]}}, True),
    ({"detail": {"state": [{"anything-but": ["pending", "running"]}]}}, False),
    ({"detail": {"missing": [{"anything-but": "x"}]}}, False),
    ({"detail": {"state": [{"anything-but": {"prefix": "pen"}}]}}, False),
    ({"detail": {"state": [{"anything-but": {"suffix": "xyz"}}]}}, True),
    ({"detail": {"state": [{"anything-but": {"equals-ignore-case": "PENDING"}}]}}, False),
    ({"detail": {"path": [{"anything-but": {"wildcard": "*.jar"}}]}}, False),
    ({"detail": {"count": [{"numeric": [">", 100, "<=", 300]}]}}, True),
    ({"detail": {"count": [{"numeric": ["<", 300]}]}}, False),
    ({"detail": {"ratio": [{"numeric": ["=", 0.5]}]}}, True),
    ({"detail": {"instance-id": [{"exists": True}]}}, True),
    ({"detail": {"missing": [{"exists": False}]}}, True),
    ({"detail": {"nothing": [{"exists": True}]}}, True),
    ({"detail": {"items": [{"exists": False}]}}, True),
    ({"detail": {"ip": [{"cidr": "10.0.0.5/24"}]}}, True),
    ({"detail": {"ip": [{"cidr": "10.1.0.0/16"}]}}, False),
    ({"detail": {"items": {"name": ["a"], "kind": ["x"]}}}, True),
    # two fields of one pattern cannot come from different elements of one array
    ({"detail": {"items": {"name": ["a"], "kind": ["y"]}}}, False),
    ({"$or": [{"source": ["aws.s3"]}, {"detail": {"state": ["pending"]}}]}, True),
    ({"$or": [{"source": ["aws.s3"]}, {"detail": {"state": ["running"]}}]}, False),
    ({"detail": {"$or": [{"count": [{"numeric": [">", 1000]}]}, {"ratio": [{"numeric": ["<", 1]}]}]}}, True),
]

INVALID_PATTERNS = [
    {"source": "aws.ec2"},  # leaf values must be arrays
    {"detail": {"state": []}},
    {"detail": {"path": [{"wildcard": "a**b"}]}},
    {"detail": {"count": [{"numeric": [">", "x"]}]}},
    {"detail": {"state": [{"exists": "yes"}]}},
    {"detail": {"ip": [{"cidr": "10.0.0.0/99"}]}},
]


class TestEventPatternSuite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = make_client("123456789012")

    def test_table(self):
        for pattern, expected in CASES:
            with self.subTest(pattern=pattern):
                result = self.client.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))
                self.assertIs(result["Result"], expected)

    def test_invalid_patterns_are_refused(self):
        for pattern in INVALID_PATTERNS:
            with self.subTest(pattern=pattern):
                with self.assertRaises(self.client.exceptions.InvalidEventPatternException) as ctx:
                    self.client.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))
                self.assertTrue(ctx.exception.response["Error"]["Message"].startswith("Event pattern is not valid. Reason: "),
                                ctx.exception.response["Error"]["Message"])

    def test_event_must_carry_the_envelope_fields(self):
        # "ValidationException: Parameter Event is not valid." is what AWS answers (recorded in a user's report).
        # resources is not required: LocalStack's AWS-validated test_event_pattern_source sends an event without it.
        for field in ("id", "account", "source", "time", "region", "detail-type"):
            with self.subTest(field=field):
                event = {k: v for k, v in EVENT.items() if k != field}
                with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                    self.client.test_event_pattern(EventPattern=json.dumps({"source": ["aws.ec2"]}), Event=json.dumps(event))
                self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")
                self.assertEqual(ctx.exception.response["Error"]["Message"], "Parameter Event is not valid.")

    def test_event_without_resources_is_tested(self):
        event = {k: v for k, v in EVENT.items() if k != "resources"}
        response = self.client.test_event_pattern(EventPattern=json.dumps({"source": ["aws.ec2"]}), Event=json.dumps(event))
        self.assertTrue(response["Result"])

    def test_every_recorded_aws_answer(self):
        """Every row of tests/recorded/event-patterns.json: answers recorded from AWS, each naming its source."""
        with open(RECORDED) as f:
            table = json.load(f)

        def event_of(row):
            if "eventText" in row:
                return row["eventText"]
            return json.dumps({**table["envelope"], **row["event"]})

        def pattern_of(row):
            return row["patternText"] if "patternText" in row else json.dumps(row["pattern"])

        self.assertGreaterEqual(len(table["matches"]), 30)
        for row in table["matches"]:
            with self.subTest(recorded=row["recorded"]):
                response = self.client.test_event_pattern(EventPattern=pattern_of(row), Event=event_of(row))
                self.assertEqual(response["Result"], row["result"])
        self.assertGreaterEqual(len(table["errors"]), 36)
        for row in table["errors"]:
            with self.subTest(recorded=row["recorded"]):
                with self.assertRaises(self.client.exceptions.InvalidEventPatternException) as ctx:
                    self.client.test_event_pattern(EventPattern=pattern_of(row), Event=json.dumps(table["envelope"]))
                message = ctx.exception.response["Error"]["Message"]
                if "message" in row:
                    self.assertEqual(message, row["message"])
                else:
                    self.assertEqual(message.split("\n")[0], "Event pattern is not valid. Reason: " + row["reason"])
        for row in table["eventErrors"]:
            with self.subTest(recorded=row["recorded"]):
                with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                    self.client.test_event_pattern(EventPattern=json.dumps({"source": ["x"]}), Event=row["eventText"])
                self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")
                self.assertEqual(ctx.exception.response["Error"]["Message"], row["message"])

    def test_event_that_is_not_json(self):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.test_event_pattern(EventPattern=json.dumps({"source": ["x"]}), Event="{not json")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")


if __name__ == "__main__":
    unittest.main()
