"""Replays through boto3 (issue 10): StartReplay / DescribeReplay / ListReplays / CancelReplay on a server of our own,
with an archive on a bus, two rules whose targets are Lambda function URLs served by this test, and the replay paced
by the config file ("replays": {"eventsPerSecond": N}) so that a replay lasts long enough to cancel or to kill the
server in its middle. AWS's answers are those recorded in LocalStack's AWS-validated snapshots
(https://github.com/localstack/localstack tests/aws/services/events/test_archive_and_replay.snapshot.json)."""
import datetime
import json
import os
import shutil
import signal
import tempfile
import unittest
import uuid

from test_delivery import FunctionServer, Switchyard, function_arn, require_server_build, wait_until

ACCOUNT = "123456789012"
REGION = "us-east-1"
PACE = 10  # replayed events per second


def replayed(bodies, name):
    """The events a target received from the replay `name`."""
    events = [json.loads(b) for b in bodies]
    return [e for e in events if e.get("replay-name") == name]


class Replays(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        require_server_build()
        cls.functions = FunctionServer()
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-replays-")
        url = cls.functions.url
        cls.config = {
            "delivery": {"initialBackoffMs": 50, "maxBackoffMs": 200},
            "replays": {"eventsPerSecond": PACE},
            "lambda": {"functions": {function_arn(f"fn-{i}"): f"{url}/fn-{i}" for i in range(8)}},
        }
        cls.server = Switchyard(os.path.join(cls.tmp, "main"), cls.config)
        try:
            cls.server.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.functions.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    _functions = iter(range(8))

    def setUp(self):
        self.events = self.server.client()
        self.bus = f"replay-bus-{uuid.uuid4().hex[:8]}"
        self.bus_arn = self.events.create_event_bus(Name=self.bus)["EventBusArn"]
        self.archive = f"arch-{uuid.uuid4().hex[:8]}"
        self.archive_arn = self.events.create_archive(ArchiveName=self.archive, EventSourceArn=self.bus_arn)["ArchiveArn"]

    def rule_to_function(self, name):
        """A rule on the bus whose target is the next Lambda stand-in; returns (rule ARN, its path)."""
        n = next(self._functions)
        arn = self.events.put_rule(Name=name, EventBusName=self.bus, EventPattern=json.dumps({"source": ["shop"]}))["RuleArn"]
        answer = self.events.put_targets(Rule=name, EventBusName=self.bus, Targets=[{"Id": "fn", "Arn": function_arn(f"fn-{n}")}])
        self.assertEqual(answer["FailedEntryCount"], 0, answer)
        return arn, f"/fn-{n}"

    def put(self, count):
        ids = []
        for start in range(0, count, 10):
            answer = self.events.put_events(Entries=[
                {"EventBusName": self.bus, "Source": "shop", "DetailType": "order", "Detail": json.dumps({"n": i})}
                for i in range(start, min(count, start + 10))])
            self.assertEqual(answer["FailedEntryCount"], 0, answer)
            ids += [e["EventId"] for e in answer["Entries"]]
        return ids

    def time_range(self):
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        return now - datetime.timedelta(minutes=2), now + datetime.timedelta(minutes=1)

    def start_replay(self, name, filter_arns=None, client=None):
        start, end = self.time_range()
        destination = {"Arn": self.bus_arn}
        if filter_arns is not None:
            destination["FilterArns"] = filter_arns
        answer = (client or self.events).start_replay(ReplayName=name, Description="recover", EventSourceArn=self.archive_arn,
                                                      EventStartTime=start, EventEndTime=end, Destination=destination)
        self.assertEqual(answer["State"], "STARTING")
        self.assertEqual(answer["ReplayArn"], f"arn:aws:events:{REGION}:{ACCOUNT}:replay/{name}")
        return start, end

    def wait_state(self, name, state, timeout=120, client=None):
        def reached():
            described = (client or self.events).describe_replay(ReplayName=name)
            return described if described["State"] == state else None
        return wait_until(reached, timeout=timeout, interval=0.1, message=f"replay {name} {state}")

    def test_filter_arns_sends_the_replay_to_one_rule_and_the_archive_does_not_grow(self):
        chosen_arn, chosen = self.rule_to_function("chosen")
        _, other = self.rule_to_function("other")
        ids = self.put(5)
        wait_until(lambda: len(self.functions.bodies(chosen)) >= 5 and len(self.functions.bodies(other)) >= 5,
                   message="the live deliveries")
        self.assertEqual(self.events.describe_archive(ArchiveName=self.archive)["EventCount"], 5)

        name = f"only-chosen-{uuid.uuid4().hex[:6]}"
        start, end = self.start_replay(name, [chosen_arn])
        done = self.wait_state(name, "COMPLETED")
        self.assertEqual(done["Destination"], {"Arn": self.bus_arn, "FilterArns": [chosen_arn]})
        self.assertEqual((done["EventStartTime"], done["EventEndTime"], done["EventLastReplayedTime"]), (start, end, end))
        self.assertEqual(done["Description"], "recover")
        self.assertLessEqual(done["ReplayStartTime"], done["ReplayEndTime"])

        got = wait_until(lambda: (r := replayed(self.functions.bodies(chosen), name)) and len(r) >= 5 and r,
                         message="the replayed events at the chosen rule's target")
        self.assertEqual(sorted(e["id"] for e in got), sorted(ids))
        self.assertTrue(all(e["replay-name"] == name and e["source"] == "shop" for e in got))
        # Key order as AWS writes it: replay-name after region.
        self.assertEqual(list(got[0])[:8], ["version", "id", "detail-type", "source", "account", "time", "region", "replay-name"])
        self.assertEqual(replayed(self.functions.bodies(other), name), [])
        self.assertEqual(len(self.functions.bodies(other)), 5)
        # The archive's managed rule excludes replayed events: nothing was archived again.
        self.assertEqual(self.events.describe_archive(ArchiveName=self.archive)["EventCount"], 5)

        listed = self.events.list_replays(NamePrefix=name)["Replays"]
        self.assertEqual([(r["ReplayName"], r["State"], r["EventSourceArn"]) for r in listed], [(name, "COMPLETED", self.archive_arn)])
        self.assertEqual(self.events.list_replays(NamePrefix=name, State="RUNNING")["Replays"], [])
        with self.assertRaises(self.events.exceptions.ResourceAlreadyExistsException) as ctx:
            self.start_replay(name)
        self.assertEqual(ctx.exception.response["Error"]["Message"], f"Replay {name} already exists.")
        with self.assertRaises(self.events.exceptions.IllegalStatusException):
            self.events.cancel_replay(ReplayName=name)

    def test_cancel_a_long_replay(self):
        _, target = self.rule_to_function("long")
        self.put(100)
        wait_until(lambda: len(self.functions.bodies(target)) >= 100, message="the live deliveries")
        name = f"long-{uuid.uuid4().hex[:6]}"
        self.start_replay(name)
        wait_until(lambda: len(replayed(self.functions.bodies(target), name)) >= 1, message="the replay's first events")
        running = self.events.describe_replay(ReplayName=name)
        self.assertEqual(running["State"], "RUNNING")
        cancelled = self.events.cancel_replay(ReplayName=name)
        self.assertEqual((cancelled["ReplayArn"], cancelled["State"]), (f"arn:aws:events:{REGION}:{ACCOUNT}:replay/{name}", "CANCELLING"))
        done = self.wait_state(name, "CANCELLED")
        self.assertIn("ReplayEndTime", done)
        count = len(replayed(self.functions.bodies(target), name))
        self.assertGreater(count, 0)
        self.assertLess(count, 100)

    def test_kill_9_in_the_middle_then_the_replay_completes_with_every_event(self):
        _, target = self.rule_to_function("resumed")
        ids = self.put(60)
        wait_until(lambda: len(self.functions.bodies(target)) >= 60, message="the live deliveries")
        name = f"resumed-{uuid.uuid4().hex[:6]}"
        self.start_replay(name)
        wait_until(lambda: len(replayed(self.functions.bodies(target), name)) >= PACE, message="the replay under way")
        self.server.kill()
        before = len(replayed(self.functions.bodies(target), name))
        self.server.start()
        self.events = self.server.client()
        self.wait_state(name, "COMPLETED")
        got = wait_until(lambda: (r := replayed(self.functions.bodies(target), name)) and {e["id"] for e in r} >= set(ids) and r,
                         message="every event of the range, at least once")
        self.assertLess(before, 60, "the server was killed after the replay had finished: nothing was tested")
        self.assertEqual({e["id"] for e in got}, set(ids))


if __name__ == "__main__":
    unittest.main()
