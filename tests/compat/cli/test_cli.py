"""The AWS CLI (`aws events ...`) against the running server."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import tempfile  # noqa: E402

from compat import bus_arn, endpoint, make_client, new_account, scheduler_clock, unique  # noqa: E402
from server import Server  # noqa: E402
from test_strict_auth import KEY_A, KEY_S, write_config  # noqa: E402

ORG = "o-1234567890"


def aws_cli():
    """The `aws` command: $AWS_CLI, else the one installed next to this Python (skips the pyenv shim)."""
    if os.environ.get("AWS_CLI"):
        return os.environ["AWS_CLI"]
    sibling = os.path.join(os.path.dirname(sys.executable), "aws")
    return sibling if os.access(sibling, os.X_OK) else "aws"


class CliCase(unittest.TestCase):
    """Runs `aws events ...` with explicit credentials and no user configuration."""
    maxDiff = None
    url = account = None

    def aws(self, *args, account=None, secret="compat-secret", token=None, check=True, service="events"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=account or self.account, AWS_SECRET_ACCESS_KEY=secret,
                   AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull,
                   AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="", AWS_MAX_ATTEMPTS="1")
        if token:
            env["AWS_SESSION_TOKEN"] = token
        cmd = [aws_cli(), service, *args, "--endpoint-url", self.url, "--output", "json"]
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        if check and p.returncode != 0:
            self.fail(f"{' '.join(cmd)} exited {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def out(self, *args, **kw):
        p = self.aws(*args, **kw)
        return json.loads(p.stdout) if p.stdout.strip() else {}


class SchedulerCli(CliCase):
    """`aws scheduler ...` (EventBridge Scheduler, REST-JSON) on the same endpoint as `aws events`."""

    def setUp(self):
        self.url = endpoint()
        self.account = new_account()

    def scheduler(self, *args, **kw):
        p = self.aws(*args, service="scheduler", **kw)
        return json.loads(p.stdout) if p.stdout.strip() else {}

    def test_create_get_list_delete_schedule_in_a_group(self):
        group = unique("cli-group")
        created = self.scheduler("create-schedule-group", "--name", group, "--tags", "Key=team,Value=cli")
        self.assertEqual(created["ScheduleGroupArn"], f"arn:aws:scheduler:us-east-1:{self.account}:schedule-group/{group}")
        target = json.dumps({"Arn": f"arn:aws:sqs:us-east-1:{self.account}:q", "RoleArn": f"arn:aws:iam::{self.account}:role/r",
                             "Input": "TEST_PAYLOAD"})
        arn = self.scheduler("create-schedule", "--name", "every-five", "--group-name", group,
                             "--schedule-expression", "rate(5 minutes)", "--flexible-time-window", '{"Mode": "OFF"}',
                             "--target", target)["ScheduleArn"]
        self.assertEqual(arn, f"arn:aws:scheduler:us-east-1:{self.account}:schedule/{group}/every-five")
        got = self.scheduler("get-schedule", "--name", "every-five", "--group-name", group)
        self.assertEqual(got["ScheduleExpression"], "rate(5 minutes)")
        self.assertEqual(got["Target"]["Input"], "TEST_PAYLOAD")
        listed = self.scheduler("list-schedules", "--group-name", group)["Schedules"]
        self.assertEqual([s["Name"] for s in listed], ["every-five"])
        self.scheduler("delete-schedule-group", "--name", group)
        p = self.aws("get-schedule", "--name", "every-five", "--group-name", group, service="scheduler", check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("ResourceNotFoundException", p.stderr)

    def test_validation_error(self):
        p = self.aws("create-schedule", "--name", "bad", "--schedule-expression", "rate(1 minutes)",
                     "--flexible-time-window", '{"Mode": "OFF"}',
                     "--target", json.dumps({"Arn": f"arn:aws:sqs:us-east-1:{self.account}:q", "RoleArn": f"arn:aws:iam::{self.account}:role/r"}),
                     service="scheduler", check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("ValidationException", p.stderr)
        self.assertIn("Invalid Schedule Expression rate(1 minutes).", p.stderr)


class SchedulerCliTestClock(CliCase):
    """`aws scheduler` on a server with the Scheduler test clock (--scheduler-test-clock): a one-off schedule a day
    ahead fires when the clock is moved past it, into a log-group target read from the data directory."""
    server = data = None

    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp(prefix="switchyard-cli-clock-")
        cls.server = Server("--scheduler-test-clock", data_dir=cls.data).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.cleanup()
        shutil.rmtree(cls.data, ignore_errors=True)

    def setUp(self):
        self.url = self.server.url
        self.account = new_account()

    def test_one_off_schedule_a_day_ahead_fires_once_when_the_clock_moves_past_it(self):
        status, answer = scheduler_clock(self.url)
        self.assertEqual(status, 200, answer)
        now = datetime.datetime.fromisoformat(answer["now"].replace("Z", "+00:00"))
        due = (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
        log = os.path.join(self.data, "logs", self.account, "us-east-1", "cli-clock.jsonl")
        target = json.dumps({"Arn": f"arn:aws:logs:us-east-1:{self.account}:log-group:cli-clock",
                             "RoleArn": f"arn:aws:iam::{self.account}:role/r", "Input": '{"at": "<aws.scheduler.scheduled-time>"}'})
        p = self.aws("create-schedule", "--name", "once", "--schedule-expression", f"at({due})",
                     "--action-after-completion", "DELETE", "--flexible-time-window", '{"Mode": "OFF"}', "--target", target,
                     service="scheduler")
        self.assertIn("ScheduleArn", json.loads(p.stdout))
        self.assertEqual(self.scheduler_state("once"), "ENABLED")
        self.assertFalse(os.path.exists(log))

        status, answer = scheduler_clock(self.url, advanceSeconds=86400 + 60)
        self.assertEqual(status, 200, answer)
        deadline = time.monotonic() + 20
        while not (os.path.exists(log) and open(log).read().endswith("\n")) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertTrue(os.path.exists(log), "the firing did not reach the log group")
        while self.scheduler_state("once") is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertIsNone(self.scheduler_state("once"))  # ActionAfterCompletion DELETE
        with open(log) as f:
            self.assertEqual([json.loads(line) for line in f], [{"at": f"{due}Z"}])

    def scheduler_state(self, name):
        """The schedule's State, or None once `aws scheduler get-schedule` says ResourceNotFoundException."""
        p = self.aws("get-schedule", "--name", name, service="scheduler", check=False)
        if p.returncode != 0:
            self.assertIn("ResourceNotFoundException", p.stderr)
            return None
        return json.loads(p.stdout)["State"]


class AwsCli(CliCase):
    def setUp(self):
        self.url = endpoint()
        self.account = new_account()
        # setup steps go through boto3 (each `aws` run costs ~2 s of CLI start-up)
        self.boto = make_client(self.account)

    def test_create_describe_list_delete(self):
        name = unique("cli")
        created = self.out("create-event-bus", "--name", name, "--description", "from the cli")
        self.assertEqual(created["EventBusArn"], bus_arn(self.account, name))
        d = self.out("describe-event-bus", "--name", name)
        self.assertEqual(d["Name"], name)
        self.assertEqual(d["Arn"], bus_arn(self.account, name))
        self.assertEqual(d["Description"], "from the cli")
        self.assertNotIn("Policy", d)
        listed = self.out("list-event-buses")
        self.assertEqual(sorted(b["Name"] for b in listed["EventBuses"]), sorted(["default", name]))
        self.out("delete-event-bus", "--name", name)
        listed = self.out("list-event-buses", "--name-prefix", name)
        self.assertEqual(listed["EventBuses"], [])

    def test_put_permission_with_condition_and_remove(self):
        name = unique("cli-perm")
        arn = bus_arn(self.account, name)
        self.out("create-event-bus", "--name", name)
        self.out("put-permission", "--event-bus-name", name, "--action", "events:PutEvents",
                 "--principal", "111122223333", "--statement-id", "acct")
        self.out("put-permission", "--event-bus-name", name, "--action", "events:PutEvents", "--principal", "*",
                 "--statement-id", "org", "--condition", f"Type=StringEquals,Key=aws:PrincipalOrgID,Value={ORG}")
        policy = self.out("describe-event-bus", "--name", name)["Policy"]
        self.assertEqual(
            policy,
            '{"Version":"2012-10-17","Statement":['
            '{"Sid":"acct","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},'
            f'"Action":"events:PutEvents","Resource":"{arn}"}},'
            '{"Sid":"org","Effect":"Allow","Principal":"*",'
            f'"Action":"events:PutEvents","Resource":"{arn}",'
            f'"Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"{ORG}"}}}}}}]}}')
        self.out("remove-permission", "--event-bus-name", name, "--statement-id", "acct")
        stmts = json.loads(self.out("describe-event-bus", "--name", name)["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in stmts], ["org"])
        self.out("remove-permission", "--event-bus-name", name, "--remove-all-permissions")
        self.assertNotIn("Policy", self.out("describe-event-bus", "--name", name))

    def test_put_permission_policy_form(self):
        name = unique("cli-pol")
        self.boto.create_event_bus(Name=name)
        doc = {"Version": "2012-10-17", "Statement": [{
            "Sid": "svc", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "events:PutEvents", "Resource": bus_arn(self.account, name)}]}
        self.out("put-permission", "--event-bus-name", name, "--policy", json.dumps(doc))
        self.assertEqual(json.loads(self.out("describe-event-bus", "--name", name)["Policy"]), doc)

    def test_list_event_buses_with_limit(self):
        base = unique("cli-page")
        for i in range(3):
            self.boto.create_event_bus(Name=f"{base}-{i}")
        page = self.out("list-event-buses", "--name-prefix", base, "--limit", "2")
        self.assertEqual(len(page["EventBuses"]), 2)
        self.assertIn("NextToken", page)
        rest = self.out("list-event-buses", "--name-prefix", base, "--limit", "2", "--next-token", page["NextToken"])
        names = [b["Name"] for b in page["EventBuses"] + rest["EventBuses"]]
        self.assertEqual(sorted(names), [f"{base}-{i}" for i in range(3)])

    def test_error_unknown_bus(self):
        name = unique("cli-missing")
        p = self.aws("describe-event-bus", "--name", name, check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("ResourceNotFoundException", p.stderr)
        self.assertIn(f"Event bus {name} does not exist.", p.stderr)

    def test_error_validation(self):
        p = self.aws("put-permission", "--action", "events:PutEvents", "--principal", "abc", "--statement-id", "x",
                     check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("ValidationException", p.stderr)
        self.assertIn(r"Value 'abc' at 'principal' failed to satisfy constraint: Member must satisfy regular "
                      r"expression pattern: (\d{12}|\*)", p.stderr)

    def test_error_remove_unknown_statement(self):
        p = self.aws("remove-permission", "--statement-id", "nope", check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("ResourceNotFoundException", p.stderr)
        self.assertIn("Statement with the provided id does not exist.", p.stderr)

    def test_tags(self):
        name = unique("cli-tag")
        arn = self.out("create-event-bus", "--name", name, "--tags", "Key=env,Value=test")["EventBusArn"]
        self.out("tag-resource", "--resource-arn", arn, "--tags", "Key=team,Value=shop")
        tags = self.out("list-tags-for-resource", "--resource-arn", arn)["Tags"]
        self.assertEqual(sorted(tags, key=lambda t: t["Key"]),
                         [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "shop"}])
        self.out("untag-resource", "--resource-arn", arn, "--tag-keys", "env")
        self.assertEqual(self.out("list-tags-for-resource", "--resource-arn", arn)["Tags"],
                         [{"Key": "team", "Value": "shop"}])


class ArchiveCli(CliCase):
    """`aws events create-archive / describe-archive / list-archives / delete-archive` (issue 10)."""

    def setUp(self):
        self.url = endpoint()
        self.account = new_account()

    def test_create_describe_list_delete_archive(self):
        bus = unique("cli-archive")
        arn = self.out("create-event-bus", "--name", bus)["EventBusArn"]
        created = self.out("create-archive", "--archive-name", "cli-orders", "--event-source-arn", arn,
                           "--event-pattern", json.dumps({"source": ["shop"]}), "--retention-days", "3",
                           "--description", "from the cli")
        self.assertEqual(created["ArchiveArn"], f"arn:aws:events:us-east-1:{self.account}:archive/cli-orders")
        self.assertEqual(created["State"], "ENABLED")
        entries = json.dumps([{"EventBusName": bus, "Source": s, "DetailType": "t", "Detail": "{}"} for s in ("shop", "other")])
        self.assertEqual(self.out("put-events", "--entries", entries)["FailedEntryCount"], 0)
        described = self.out("describe-archive", "--archive-name", "cli-orders")
        self.assertEqual((described["EventCount"], described["RetentionDays"], described["Description"], described["EventSourceArn"]),
                         (1, 3, "from the cli", arn))
        self.assertGreater(described["SizeBytes"], 0)
        listed = self.out("list-archives", "--event-source-arn", arn)["Archives"]
        self.assertEqual([(a["ArchiveName"], a["EventCount"]) for a in listed], [("cli-orders", 1)])
        self.assertEqual(self.out("list-archives", "--name-prefix", "zz")["Archives"], [])
        self.aws("delete-archive", "--archive-name", "cli-orders")
        p = self.aws("describe-archive", "--archive-name", "cli-orders", check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("ResourceNotFoundException", p.stderr)
        self.assertIn("Archive cli-orders does not exist.", p.stderr)


class AwsCliStrict(CliCase):
    """The CLI's own SigV4 signatures verified by a --auth strict server."""
    server = None

    @classmethod
    def setUpClass(cls):
        cfg = os.path.join(tempfile.mkdtemp(prefix="switchyard-cli-strict-"), "config.json")
        write_config(cfg)
        cls.server = Server("--auth", "strict", "--config", cfg).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.cleanup()

    def setUp(self):
        self.url = self.server.url

    def test_signed_calls_accepted(self):
        name = unique("cli-strict")
        key = dict(account=KEY_A["accessKeyId"], secret=KEY_A["secretAccessKey"])
        arn = json.loads(self.aws("create-event-bus", "--name", name, **key).stdout)["EventBusArn"]
        self.assertEqual(arn, bus_arn(KEY_A["accountId"], name))
        self.aws("put-permission", "--event-bus-name", name, "--action", "events:PutEvents", "--principal", "*",
                 "--statement-id", "org", "--condition", f"Type=StringEquals,Key=aws:PrincipalOrgID,Value={ORG}",
                 **key)
        policy = json.loads(json.loads(self.aws("describe-event-bus", "--name", name, **key).stdout)["Policy"])
        self.assertEqual([s["Sid"] for s in policy["Statement"]], ["org"])

    def test_session_credentials(self):
        out = self.aws("describe-event-bus", account=KEY_S["accessKeyId"], secret=KEY_S["secretAccessKey"],
                       token=KEY_S["sessionToken"])
        self.assertEqual(json.loads(out.stdout)["Arn"], bus_arn(KEY_S["accountId"], "default"))

    def test_wrong_secret_refused(self):
        p = self.aws("list-event-buses", account=KEY_A["accessKeyId"], secret="wrong-secret", check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("InvalidSignatureException", p.stderr)
        self.assertIn("The request signature we calculated does not match the signature you provided.", p.stderr)


class ReplayCli(CliCase):
    """`aws events start-replay / describe-replay / list-replays / cancel-replay` (issue 10)."""

    def setUp(self):
        self.url = endpoint()
        self.account = new_account()

    def test_start_describe_list_cancel_replay(self):
        bus = unique("cli-replay")
        arn = self.out("create-event-bus", "--name", bus)["EventBusArn"]
        archive = self.out("create-archive", "--archive-name", "cli-replayed", "--event-source-arn", arn)["ArchiveArn"]
        entries = json.dumps([{"EventBusName": bus, "Source": "shop", "DetailType": "t", "Detail": "{}"}])
        self.assertEqual(self.out("put-events", "--entries", entries)["FailedEntryCount"], 0)
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        start, end = (now - datetime.timedelta(minutes=1)).isoformat(), (now + datetime.timedelta(minutes=1)).isoformat()
        started = self.out("start-replay", "--replay-name", "cli-replay", "--event-source-arn", archive,
                           "--event-start-time", start, "--event-end-time", end, "--destination", json.dumps({"Arn": arn}))
        self.assertEqual((started["ReplayArn"], started["State"]), (f"arn:aws:events:us-east-1:{self.account}:replay/cli-replay", "STARTING"))
        deadline = time.time() + 60
        while (described := self.out("describe-replay", "--replay-name", "cli-replay"))["State"] != "COMPLETED":
            self.assertLess(time.time(), deadline, described)
            time.sleep(0.2)
        self.assertEqual((described["EventSourceArn"], described["Destination"]), (archive, {"Arn": arn}))
        listed = self.out("list-replays", "--event-source-arn", archive)["Replays"]
        self.assertEqual([(r["ReplayName"], r["State"]) for r in listed], [("cli-replay", "COMPLETED")])
        self.assertEqual(self.out("list-replays", "--state", "RUNNING")["Replays"], [])
        p = self.aws("cancel-replay", "--replay-name", "cli-replay", check=False)
        self.assertIn(p.returncode, (254, 255), p.stderr)
        self.assertIn("IllegalStatusException", p.stderr)
        p = self.aws("start-replay", "--replay-name", "cli-late", "--event-source-arn", archive, "--event-start-time", end,
                     "--event-end-time", start, "--destination", json.dumps({"Arn": arn}), check=False)
        self.assertIn("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.", p.stderr)



if __name__ == "__main__":
    unittest.main()
