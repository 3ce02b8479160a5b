"""Cross-account events governed by bus policies, through real clients (boto3 and the AWS CLI), with accounts
taken from 12-digit access keys (open mode).  One server of its own, started with a config file that declares an
organization (A manages it, B is a member, C is in none) and a log directory: A's rules write to log-group
targets, which are JSON lines in LOG_DIR/ACCOUNT/REGION/NAME.jsonl - the observable end of a delivery.

Also drives Switchyard's own tools against that server: `switchyard explain`, `switchyard lint` and
POST /_switchyard/reload (semantics: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html; docs/explain.md).
"""
import http.server
import json
import os
import threading
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

from compat import bus_arn, make_client, new_account, send_raw, unique
from server import Server, server_dll

REGION = "us-east-1"
ORG = "o-xacct12345"


def aws_cli():
    """The `aws` command: $AWS_CLI, else the one installed next to this Python (skips the pyenv shim)."""
    if os.environ.get("AWS_CLI"):
        return os.environ["AWS_CLI"]
    sibling = os.path.join(os.path.dirname(sys.executable), "aws")
    return sibling if os.access(sibling, os.X_OK) else "aws"


def wait_until(condition, timeout=20.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """An HTTP endpoint behind A's API destination: keeps every request it is sent."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        RecordingHandler.received.append((self.path, dict(self.headers), json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class CrossAccount(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-xacct-")
        cls.logs = os.path.join(cls.tmp, "logs")
        cls.A, cls.B, cls.C = new_account(), new_account(), new_account()
        cls.config = os.path.join(cls.tmp, "config.json")
        cls.write_config([cls.B])
        cls.server = Server("--config", cls.config).start()
        cls.url = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def write_config(cls, members, org_id=ORG):
        config = {
            "organizations": [{"id": org_id, "managementAccount": cls.A, "accounts": members}],
            "delivery": {"initialBackoffMs": 10, "maxBackoffMs": 50, "logDirectory": cls.logs},
        }
        temporary = cls.config + ".tmp"
        with open(temporary, "w") as f:
            json.dump(config, f)
        os.replace(temporary, cls.config)

    def setUp(self):
        self.a = make_client(self.A, url=self.url)
        self.b = make_client(self.B, url=self.url)
        self.c = make_client(self.C, url=self.url)
        self.bus = unique("shared")
        self.a.create_event_bus(Name=self.bus)
        self.bus_arn = bus_arn(self.A, self.bus)

    # -- helpers -----------------------------------------------------------------------------------------------

    def put(self, client, detail_type="OrderPlaced", bus=None, source="com.example.orders", detail=None):
        return client.put_events(Entries=[{"EventBusName": bus or self.bus_arn, "Source": source,
                                           "DetailType": detail_type, "Detail": json.dumps(detail or {"n": 1})}])

    def assertRefused(self, answer, account):
        self.assertEqual(answer["FailedEntryCount"], 1)
        entry = answer["Entries"][0]
        self.assertEqual(entry["ErrorCode"], "AccessDeniedException")
        self.assertEqual(entry["ErrorMessage"],
                         f"User: arn:aws:iam::{account}:root is not authorized to perform: events:PutEvents on resource: "
                         f"{self.bus_arn} because no resource-based policy allows the events:PutEvents action")
        self.assertNotIn("EventId", entry)

    def assertAccepted(self, answer):
        self.assertEqual(answer["FailedEntryCount"], 0, answer)
        return answer["Entries"][0]["EventId"]

    def grant_org(self):
        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="*", StatementId="org",
                              Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": ORG})

    def log_lines(self, group):
        path = os.path.join(self.logs, self.A, REGION, group + ".jsonl")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def switchyard(self, *args, stdin=None):
        p = subprocess.run(["dotnet", server_dll(), *args, "--endpoint", self.url], input=stdin,
                           capture_output=True, text=True, timeout=60,
                           env={k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SWITCHYARD_"))})
        return p

    # -- PutEvents to another account's bus ----------------------------------------------------------------------

    def test_direct_put_events_refused_before_the_grant_accepted_after_and_refused_after_revoke(self):
        self.assertRefused(self.put(self.b), self.B)
        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=self.B, StatementId="b")
        self.assertAccepted(self.put(self.b))
        self.assertRefused(self.put(self.c), self.C)
        self.a.remove_permission(EventBusName=self.bus, StatementId="b")
        self.assertRefused(self.put(self.b), self.B)

    def test_organization_grant_admits_members_only(self):
        self.grant_org()
        self.assertAccepted(self.put(self.b))
        self.assertRefused(self.put(self.c), self.C)

    def test_explicit_deny_for_one_detail_type_blocks_just_those_entries(self):
        policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "AllowB", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.B}:root"},
             "Action": "events:PutEvents", "Resource": self.bus_arn},
            {"Sid": "NoRefunds", "Effect": "Deny", "Principal": "*", "Action": "events:PutEvents",
             "Resource": self.bus_arn, "Condition": {"StringEquals": {"events:detail-type": "RefundIssued"}}}]}
        self.a.put_permission(EventBusName=self.bus, Policy=json.dumps(policy))
        answer = self.b.put_events(Entries=[
            {"EventBusName": self.bus_arn, "Source": "s", "DetailType": t, "Detail": "{}"}
            for t in ("OrderPlaced", "RefundIssued", "OrderShipped")])
        self.assertEqual(answer["FailedEntryCount"], 1)
        self.assertIn("EventId", answer["Entries"][0])
        self.assertEqual(answer["Entries"][1]["ErrorCode"], "AccessDeniedException")
        self.assertIn("EventId", answer["Entries"][2])

    # -- Rules on another account's bus --------------------------------------------------------------------------

    def test_rule_management_with_creator_account_and_source_conditions(self):
        principals = [f"arn:aws:iam::{self.B}:root", f"arn:aws:iam::{self.C}:root"]
        rules = f"arn:aws:events:{REGION}:{self.A}:rule/{self.bus}/*"
        policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "ManageOwnRules", "Effect": "Allow", "Principal": {"AWS": principals},
             "Action": ["events:PutTargets", "events:DeleteRule", "events:DescribeRule", "events:RemoveTargets"],
             "Resource": rules,
             "Condition": {"StringEqualsIfExists": {"events:creatorAccount": "${aws:PrincipalAccount}"}}},
            {"Sid": "CreateForOwnSources", "Effect": "Allow", "Principal": {"AWS": principals},
             "Action": "events:PutRule", "Resource": rules,
             "Condition": {"StringEqualsIfExists": {"events:creatorAccount": "${aws:PrincipalAccount}"},
                           "StringEquals": {"events:source": ["com.b.orders", "com.c.billing"]}}}]}
        with self.assertRaises(ClientError) as ctx:
            self.b.put_rule(Name="early", EventBusName=self.bus_arn, EventPattern='{"source":["com.b.orders"]}')
        self.assertEqual(ctx.exception.response["Error"]["Code"], "AccessDeniedException")

        self.a.put_permission(EventBusName=self.bus, Policy=json.dumps(policy))
        arn = self.b.put_rule(Name="b-orders", EventBusName=self.bus_arn, EventPattern='{"source":["com.b.orders"]}')["RuleArn"]
        self.assertEqual(arn, f"arn:aws:events:{REGION}:{self.A}:rule/{self.bus}/b-orders")
        self.assertEqual(self.b.describe_rule(Name="b-orders", EventBusName=self.bus_arn)["CreatedBy"], self.B)
        for pattern in ('{"source":["com.other"]}', '{"detail-type":["x"]}'):
            with self.assertRaises(ClientError) as ctx:
                self.b.put_rule(Name="other", EventBusName=self.bus_arn, EventPattern=pattern)
            self.assertEqual(ctx.exception.response["Error"]["Code"], "AccessDeniedException")
        self.b.put_targets(Rule="b-orders", EventBusName=self.bus_arn,
                           Targets=[{"Id": "log", "Arn": f"arn:aws:logs:{REGION}:{self.A}:log-group:b"}])
        # C may not touch B's rule
        with self.assertRaises(ClientError) as ctx:
            self.c.delete_rule(Name="b-orders", EventBusName=self.bus_arn)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "AccessDeniedException")
        self.b.remove_targets(Rule="b-orders", EventBusName=self.bus_arn, Ids=["log"])
        self.b.delete_rule(Name="b-orders", EventBusName=self.bus_arn)
        self.assertEqual(self.a.list_rules(EventBusName=self.bus)["Rules"], [])

    def test_put_targets_to_another_accounts_bus(self):
        rule = unique("fwd")
        self.b.put_rule(Name=rule, EventPattern='{"source":["com.example.orders"]}')
        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=self.B, StatementId="b")
        with self.assertRaises(ClientError) as ctx:
            self.b.put_targets(Rule=rule, Targets=[{"Id": "a", "Arn": self.bus_arn, "Input": "{}"}])
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")
        self.a.remove_permission(EventBusName=self.bus, StatementId="b")

        self.grant_org()
        with self.assertRaises(ClientError) as ctx:
            self.b.put_targets(Rule=rule, Targets=[{"Id": "a", "Arn": self.bus_arn}])
        self.assertEqual(ctx.exception.response["Error"]["Message"], f"RoleArn is required for target {self.bus_arn}.")
        self.b.put_targets(Rule=rule, Targets=[{"Id": "a", "Arn": self.bus_arn, "RoleArn": f"arn:aws:iam::{self.B}:role/fwd"}])

    # -- End to end: B's rule -> A's bus -> A's rule -> log group -----------------------------------------------

    def forward_b_to_a(self, group, role=None):
        self.a.put_rule(Name="orders", EventBusName=self.bus, EventPattern='{"source":["com.example.orders"]}')
        self.a.put_targets(Rule="orders", EventBusName=self.bus,
                           Targets=[{"Id": "log", "Arn": f"arn:aws:logs:{REGION}:{self.A}:log-group:{group}"}])
        rule = unique("fwd")
        target = {"Id": "to-a", "Arn": self.bus_arn}
        if role:
            target["RoleArn"] = role
        self.b.put_rule(Name=rule, EventPattern='{"source":["com.example.orders"]}')
        self.b.put_targets(Rule=rule, Targets=[target])
        return rule

    def test_delivery_across_accounts_with_an_account_grant_and_revoke(self):
        group = unique("orders")
        self.forward_b_to_a(group)
        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=self.B, StatementId="b")
        event_id = self.assertAccepted(self.put(self.b, bus="default", detail={"n": 1}))
        lines = wait_until(lambda: self.log_lines(group), message="the event in A's log group")
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0]["account"], self.B)  # the sender's account and region stay
        self.assertEqual(lines[0]["region"], REGION)
        self.assertEqual(lines[0]["id"], event_id)     # same region: the id is kept

        self.a.remove_permission(EventBusName=self.bus, StatementId="b")
        self.put(self.b, bus="default", detail={"n": 2})
        # a marker put afterwards straight on A's bus shows the queue has moved past B's second event
        self.assertAccepted(self.put(self.a, bus=self.bus, detail={"n": 3}))
        wait_until(lambda: len(self.log_lines(group)) >= 2, message="the marker")
        time.sleep(0.3)
        self.assertEqual([line["detail"]["n"] for line in self.log_lines(group)], [1, 3])

    def test_delivery_across_accounts_with_an_organization_grant(self):
        group = unique("org-orders")
        self.grant_org()
        self.forward_b_to_a(group, role=f"arn:aws:iam::{self.B}:role/forwarder")
        self.assertAccepted(self.put(self.b, bus="default"))
        lines = wait_until(lambda: self.log_lines(group), message="the member's event in A's log group")
        self.assertEqual(lines[0]["account"], self.B)

    def test_delivery_across_accounts_observed_at_an_api_destination(self):
        """The issue's scenario end to end: B's rule targets A's bus, A's rule targets an API destination of A's,
        served here; the request carries the connection's API key and the event keeps B's account."""
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        RecordingHandler.received = []
        connection = self.a.create_connection(
            Name=unique("conn"), AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret-of-a"}})
        destination = self.a.create_api_destination(
            Name=unique("dest"), ConnectionArn=connection["ConnectionArn"], HttpMethod="POST",
            InvocationEndpoint=f"http://127.0.0.1:{server.server_address[1]}/hook")
        self.a.put_rule(Name="to-http", EventBusName=self.bus, EventPattern='{"source":["com.example.http"]}')
        self.a.put_targets(Rule="to-http", EventBusName=self.bus, Targets=[{
            "Id": "http", "Arn": destination["ApiDestinationArn"], "RoleArn": f"arn:aws:iam::{self.A}:role/invoke"}])
        rule = unique("fwd-http")
        self.b.put_rule(Name=rule, EventPattern='{"source":["com.example.http"]}')
        self.b.put_targets(Rule=rule, Targets=[{"Id": "to-a", "Arn": self.bus_arn}])

        # (refusal before a grant and after a revoke: test_delivery_across_accounts_with_an_account_grant_and_revoke)
        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=self.B, StatementId="http")
        event_id = self.assertAccepted(self.put(self.b, bus="default", source="com.example.http", detail={"n": 1}))
        wait_until(lambda: RecordingHandler.received, message="the request at A's API destination")
        time.sleep(0.3)
        self.assertEqual(len(RecordingHandler.received), 1)
        path, headers, body = RecordingHandler.received[0]
        self.assertEqual(path, "/hook")
        self.assertEqual(headers.get("x-api-key"), "secret-of-a")
        self.assertEqual((body["account"], body["id"], body["detail"]), (self.B, event_id, {"n": 1}))

    # -- The AWS CLI ---------------------------------------------------------------------------------------------

    def aws(self, account, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=account, AWS_SECRET_ACCESS_KEY="compat-secret", AWS_DEFAULT_REGION=REGION,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="", AWS_MAX_ATTEMPTS="1")
        p = subprocess.run([aws_cli(), "events", *args, "--endpoint-url", self.url, "--output", "json"],
                           env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout) if p.stdout.strip() else {}

    def test_aws_cli_grant_and_put_events_by_bus_arn(self):
        entries = json.dumps([{"EventBusName": self.bus_arn, "Source": "cli", "DetailType": "t", "Detail": "{}"}])
        refused = self.aws(self.B, "put-events", "--entries", entries)
        self.assertEqual(refused["Entries"][0]["ErrorCode"], "AccessDeniedException")
        self.aws(self.A, "put-permission", "--event-bus-name", self.bus, "--action", "events:PutEvents",
                 "--principal", self.B, "--statement-id", "cli")
        accepted = self.aws(self.B, "put-events", "--entries", entries)
        self.assertEqual(accepted["FailedEntryCount"], 0)

    # -- Switchyard's own tools ----------------------------------------------------------------------------------

    def test_switchyard_explain_says_which_statement_refused_and_which_rule_matched(self):
        self.a.put_rule(Name="placed", EventBusName=self.bus, EventPattern='{"detail":{"state":["placed"]}}')
        self.a.put_rule(Name="shipped", EventBusName=self.bus, EventPattern='{"detail":{"state":["shipped"]}}')
        event = json.dumps({"account": self.C, "source": "s", "detail-type": "d", "detail": {"state": "placed"}})
        refused = self.switchyard("explain", "--account", self.A, "--bus", self.bus, "--event", "-", stdin=event)
        self.assertEqual(refused.returncode, 1, refused.stderr)
        self.assertIn(f"admission: account {self.C} (in no organization) events:PutEvents on {self.bus_arn}: DENIED",
                      refused.stdout)

        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=self.C, StatementId="c")
        allowed = self.switchyard("explain", "--account", self.A, "--bus", self.bus, "--event", "-", "--json", stdin=event)
        self.assertEqual(allowed.returncode, 0, allowed.stderr)
        report = json.loads(allowed.stdout)
        self.assertEqual(report["admission"]["decidingStatementSid"], "c")
        outcomes = {r["name"]: (r["outcome"], r.get("failedField")) for r in report["rules"]}
        self.assertEqual(outcomes, {"placed": ("matched", None), "shipped": ("not-matched", "detail.state")})

    def test_switchyard_lint_finds_open_grants_with_unrestricted_rules(self):
        self.a.put_rule(Name="any", EventBusName=self.bus, EventPattern='{"source":["s"]}')
        self.a.put_rule(Name="scoped", EventBusName=self.bus, EventPattern=json.dumps({"account": [self.B]}))
        clean = self.switchyard("lint", "--account", self.A)
        self.assertEqual(clean.returncode, 0, clean.stdout + clean.stderr)
        self.a.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="*", StatementId="all")
        found = self.switchyard("lint", "--account", self.A)
        self.assertEqual(found.returncode, 1, found.stderr)
        self.assertIn(f"{self.bus_arn} lets every AWS account put events", found.stdout)
        self.assertIn("any (ENABLED)", found.stdout)
        self.assertNotIn("scoped", found.stdout)
        self.assertIn("now lets every AWS account put events", self.server.log_tail(20000))

    def test_reload_applies_a_new_member_and_keeps_the_old_set_on_a_broken_file(self):
        self.grant_org()
        self.assertRefused(self.put(self.c), self.C)
        try:
            self.write_config([self.B, self.C])
            status, _, body = send_raw(self.url, b"", path="/_switchyard/reload")
            self.assertEqual(status, 200, body)
            self.assertEqual(json.loads(body)["organizations"][0]["accounts"], sorted([self.A, self.B, self.C]))
            self.assertAccepted(self.put(self.c))

            with open(self.config, "w") as f:
                f.write("{ not json")
            status, _, body = send_raw(self.url, b"", path="/_switchyard/reload")
            self.assertEqual(status, 400)
            self.assertAccepted(self.put(self.c))  # the previous organizations stay in force
        finally:
            self.write_config([self.B])
            wait_until(lambda: send_raw(self.url, b"", path="/_switchyard/reload")[0] == 200, message="config restored")


if __name__ == "__main__":
    unittest.main()
