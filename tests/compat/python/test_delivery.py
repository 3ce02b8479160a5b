"""Delivery end to end: boto3 against a real Switchyard process, targets served by this test.

Starts moto_server (an SQS endpoint), a small HTTP server standing in for Lambda function URLs, and Switchyard
itself (built with `dotnet build src/Switchyard -c Release`), then checks that events reach Lambda, SQS, log-group
and event-bus targets, that retries and dead-letter queues behave as on AWS, and that deliveries pending when the
server is killed are made after it restarts.
"""

import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
import uuid

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, free_port, server_dll  # noqa: E402 (after the path is set)

ACCOUNT = "123456789012"
REGION = "us-east-1"


def wait_until(condition, timeout=60.0, interval=0.05, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


def wait_for_http(url, timeout=60.0):
    def up():
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    wait_until(up, timeout=timeout, interval=0.2, message=url)


class MotoSqs:
    """moto_server on a free loopback port, standing in for SQS, with a boto3 client for it."""

    def __init__(self):
        self.proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(free_port())],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.proc.args[-1]}"
        self.client = None

    def wait(self):
        wait_for_http(f"{self.url}/moto-api/")
        self.client = boto3.client("sqs", endpoint_url=self.url, region_name=REGION,
                                   aws_access_key_id="testing", aws_secret_access_key="testing")
        return self.client

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def require_server_build():
    """A missing build is a failure of the suite, never a skip: nothing would have been tested."""
    if not os.path.exists(server_dll()):
        raise AssertionError(f"{server_dll()} missing: run `dotnet build src/Switchyard -c Release` first")


class FunctionServer:
    """Lambda stand-in: records every POST by path; /flaky/N fails the first N calls, /fail always fails,
    /gate fails while the gate is closed."""

    def __init__(self):
        self.calls = {}
        self.lock = threading.Lock()
        self.gate_open = False
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner.lock:
                    calls = owner.calls.setdefault(self.path, [])
                    calls.append(body)
                    count = len(calls)
                status = 200
                if self.path.startswith("/flaky/"):
                    status = 500 if count <= int(self.path.split("/")[2]) else 200
                elif self.path == "/fail":
                    status = 500
                elif self.path == "/gate" and not owner.gate_open:
                    status = 503
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            # socketserver's default listen backlog is 5: a burst of concurrent deliveries on a loaded machine
            # overflows it and an attempt fails before it reaches the handler.
            request_queue_size = 128

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self, path):
        with self.lock:
            return list(self.calls.get(path, []))

    def successful(self, path):
        """Calls that got a 2xx (the last one, for flaky paths)."""
        return self.bodies(path)

    def close(self):
        self.server.shutdown()


class Switchyard:
    """A server of our own (it needs a config file with the SQS endpoint and Lambda URLs), on a data directory."""

    def __init__(self, data_dir, config):
        self.data_dir = data_dir
        os.makedirs(data_dir, exist_ok=True)
        self.config_path = os.path.join(data_dir, "config.json")
        self.configure(config)
        self.server = Server("--config", self.config_path, "--log-level", "Debug", data_dir=data_dir)

    def configure(self, config):
        """The config the next start reads."""
        with open(self.config_path, "w") as f:
            json.dump(config, f)

    def start(self):
        self.server.start()

    def kill(self):
        self.server.kill()

    def stop(self):
        self.server.cleanup()

    def client(self):
        return boto3.client("events", endpoint_url=self.server.url, region_name=REGION,
                            aws_access_key_id=ACCOUNT, aws_secret_access_key="secret")

    def metrics(self):
        with urllib.request.urlopen(f"{self.server.url}/metrics", timeout=5) as response:
            return response.read().decode()


def metric_sum(metrics, name, bus):
    """The sum of a Prometheus counter's series for one event bus."""
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith(name + "{") and f'event_bus="{bus}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def function_arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


class DeliveryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_server_build()
        cls.moto = MotoSqs()
        cls.moto_url = cls.moto.url
        cls.sqs = cls.moto.wait()
        cls.functions = FunctionServer()
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-delivery-")
        cls.server = Switchyard(os.path.join(cls.tmp, "main"), cls.config(initial_backoff_ms=50, max_backoff_ms=200))
        try:
            cls.server.start()
        except BaseException:
            cls.tearDownClass()
            raise
        cls.events = cls.server.client()

    @classmethod
    def config(cls, initial_backoff_ms, max_backoff_ms):
        url = cls.functions.url
        return {
            # A memory backlog of two: most scenarios here put several deliveries in flight at once, so the
            # journal-only backlog and its refills are on the path of every test (and of the SIGKILL restart).
            "delivery": {"initialBackoffMs": initial_backoff_ms, "maxBackoffMs": max_backoff_ms, "memoryBacklog": 2},
            "sqs": {"endpoint": cls.moto_url, "accessKeyId": "testing", "secretAccessKey": "testing", "region": REGION},
            "lambda": {"functions": {
                function_arn("transformed"): f"{url}/transformed",
                function_arn("onward"): f"{url}/onward",
                function_arn("third-hop"): f"{url}/third-hop",
                function_arn("flaky"): f"{url}/flaky/2",
                function_arn("broken"): f"{url}/fail",
                function_arn("gated"): f"{url}/gate",
            }},
        }

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.functions.close()
        cls.moto.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # helpers

    def bus(self, events=None):
        events = events or self.events
        name = f"bus-{uuid.uuid4().hex[:8]}"
        events.create_event_bus(Name=name)
        return name

    def rule(self, bus, targets, pattern=None, events=None):
        events = events or self.events
        name = f"rule-{uuid.uuid4().hex[:8]}"
        events.put_rule(Name=name, EventBusName=bus,
                        EventPattern=json.dumps(pattern or {"source": ["test.delivery"]}))
        response = events.put_targets(Rule=name, EventBusName=bus, Targets=targets)
        self.assertEqual(response["FailedEntryCount"], 0, response)
        return name

    def put(self, bus, detail, source="test.delivery", events=None):
        events = events or self.events
        response = events.put_events(Entries=[{
            "EventBusName": bus, "Source": source, "DetailType": "Test", "Detail": json.dumps(detail)}])
        self.assertEqual(response["FailedEntryCount"], 0, response)
        return response["Entries"][0]["EventId"]

    def queue(self):
        name = f"q-{uuid.uuid4().hex[:8]}"
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        return url, f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"

    def receive(self, queue_url, count=1, timeout=60.0):
        messages = []

        def enough():
            response = self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                                MessageAttributeNames=["All"])
            messages.extend(response.get("Messages", []))
            return len(messages) >= count

        wait_until(enough, timeout=timeout, message=f"{count} message(s) on {queue_url}")
        return messages

    # delivery to each kind of target

    def test_lambda_target_gets_transformed_input_and_only_matching_events(self):
        bus = self.bus()
        self.rule(bus, [{
            "Id": "fn", "Arn": function_arn("transformed"),
            "InputTransformer": {
                "InputPathsMap": {"order": "$.detail.order", "source": "$.source", "missing": "$.detail.nope"},
                "InputTemplate": '{"order": <order>, "text": "from <source>", "missing": <missing>, "rule": "<aws.events.rule-name>"}',
            }}], pattern={"source": ["test.delivery"], "detail": {"kind": ["order"]}})
        self.put(bus, {"kind": "order", "order": 42})
        self.put(bus, {"kind": "refund", "order": 43})
        self.put(bus, {"kind": "order", "order": 44}, source="other.source")
        # a matching marker put last: once it has arrived, the earlier puts were matched and delivered long before
        self.put(bus, {"kind": "order", "order": 45})
        wait_until(lambda: any(json.loads(b)["order"] == 45 for b in self.functions.bodies("/transformed")), message="the marker")
        bodies = sorted((json.loads(b) for b in self.functions.bodies("/transformed")), key=lambda b: b["order"])
        self.assertEqual([b["order"] for b in bodies], [42, 45], bodies)
        self.assertEqual(bodies[0]["order"], 42)
        self.assertEqual(bodies[0]["text"], "from test.delivery")
        self.assertEqual(bodies[0]["missing"], "")  # AWS writes "" for a missing value (test_events_inputs snapshot)
        self.assertTrue(bodies[0]["rule"].startswith("rule-"))

    def test_sqs_target_receives_the_event(self):
        queue_url, queue_arn = self.queue()
        bus = self.bus()
        self.rule(bus, [{"Id": "q", "Arn": queue_arn}])
        event_id = self.put(bus, {"n": 1})
        message = self.receive(queue_url)[0]
        body = json.loads(message["Body"])
        self.assertEqual(body["id"], event_id)
        self.assertEqual(body["detail"], {"n": 1})
        self.assertEqual(list(body), ["version", "id", "detail-type", "source", "account", "time", "region",
                                      "resources", "detail"])

    def test_recorded_transformer_outputs_reach_sqs(self):
        """The rows of tests/recorded/input-transformers.json that AWS delivered, to SQS queues through boto3."""
        recorded = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "recorded", "input-transformers.json")
        with open(recorded) as f:
            table = json.load(f)
        rows = [row for row in table["rows"] if row.get("delivered", True)]
        self.assertGreaterEqual(len(rows), 10)
        for row in rows:
            with self.subTest(recorded=row["recorded"]):
                queue_url, queue_arn = self.queue()
                bus = self.bus()
                target = {"Id": "q", "Arn": queue_arn}
                if "inputPath" in row:
                    target["InputPath"] = row["inputPath"]
                else:
                    target["InputTransformer"] = {"InputPathsMap": row["paths"], "InputTemplate": row["template"]}
                self.rule(bus, [target], pattern={"source": [table["source"]]})
                response = self.events.put_events(Entries=[{
                    "EventBusName": bus, "Source": table["source"], "DetailType": table["detailType"],
                    "Time": table["time"], "Detail": json.dumps(row.get("detail", table["detail"]))}])
                self.assertEqual(response["FailedEntryCount"], 0, response)
                tokens = {"{id}": response["Entries"][0]["EventId"], "{account}": ACCOUNT, "{region}": REGION,
                          "{time}": table["time"]}

                def substitute(text):
                    for token, value in tokens.items():
                        text = text.replace(token, value)
                    return text

                body = self.receive(queue_url)[0]["Body"]
                if "output" in row:
                    self.assertEqual(body, substitute(row["output"]))
                else:
                    expected, actual = json.loads(substitute(json.dumps(row["json"]))), json.loads(body)
                    for ignored in row.get("ignore", []):
                        *parents, last = ignored.split(".")
                        for node in (expected, actual):
                            for part in parents:
                                node = node[part]
                            node.pop(last, None)
                    self.assertEqual(actual, expected)

    def test_sqs_fifo_target_gets_group_and_dedup_ids(self):
        name = f"q-{uuid.uuid4().hex[:8]}.fifo"
        queue_url = self.sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"]
        bus = self.bus()
        self.rule(bus, [{"Id": "q", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
                         "SqsParameters": {"MessageGroupId": "group-1"}, "InputPath": "$.detail"}])
        self.put(bus, {"n": 2})
        response = self.sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1, AttributeNames=["All"])
        messages = response.get("Messages") or self.receive(queue_url)
        self.assertEqual(json.loads(messages[0]["Body"]), {"n": 2})

    def test_log_group_target_appends_json_lines(self):
        group = f"/switchyard/test-{uuid.uuid4().hex[:6]}"
        bus = self.bus()
        self.rule(bus, [{"Id": "logs", "Arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}"}])
        first = self.put(bus, {"n": 1})
        second = self.put(bus, {"n": 2})
        path = os.path.join(self.server.data_dir, "logs", ACCOUNT, REGION, group.replace("/", "%2F") + ".jsonl")

        def lines():
            if not os.path.exists(path):
                return None
            with open(path) as f:
                found = [json.loads(line) for line in f if line.strip()]
            return found if len(found) >= 2 else None

        ids = sorted(event["id"] for event in wait_until(lines, message=path))
        self.assertEqual(ids, sorted([first, second]))

    def test_bus_target_delivers_onward_once_and_not_to_a_third_bus(self):
        first, second, third = self.bus(), self.bus(), self.bus()
        self.rule(first, [{"Id": "next", "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{second}"}])
        self.rule(second, [{"Id": "fn", "Arn": function_arn("onward")},
                           {"Id": "again", "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{third}"}])
        self.rule(third, [{"Id": "fn", "Arn": function_arn("third-hop")}])
        event_id = self.put(first, {"hop": True})
        body = json.loads(wait_until(lambda: self.functions.bodies("/onward"), message="onward delivery")[0])
        self.assertEqual(body["id"], event_id, "same-region bus hop keeps the event id")
        self.assertEqual(body["account"], ACCOUNT)
        # the second hop is dropped, visibly: the drop is counted, and nothing reached the third bus's target
        wait_until(lambda: metric_sum(self.server.metrics(), "DroppedInvocations", second) >= 1, message="the dropped hop")
        self.assertEqual(self.functions.bodies("/third-hop"), [], "a second bus-to-bus hop is not made")

    # retries and dead letters

    def test_flaky_target_is_retried_until_it_succeeds(self):
        bus = self.bus()
        self.rule(bus, [{"Id": "fn", "Arn": function_arn("flaky")}])
        event_id = self.put(bus, {"flaky": True})
        wait_until(lambda: len(self.functions.bodies("/flaky/2")) >= 3, message="three attempts")
        # the delivery is finished (Invocations counts it once it succeeded): no attempt can follow
        wait_until(lambda: metric_sum(self.server.metrics(), "Invocations", bus) >= 1, message="the finished invocation")
        self.assertEqual(len(self.functions.bodies("/flaky/2")), 3, "two failures, then one success, no more")
        self.assertEqual(metric_sum(self.server.metrics(), "RetryInvocationAttempts", bus), 2)
        # each failed attempt is a warning in the server's log
        line = self.server.server.wait_for_log(f"delivery attempt 1 of event {event_id}")
        self.assertIn("warn", line)
        self.assertIn("retrying in", line)

    def test_always_failing_target_ends_in_the_dead_letter_queue(self):
        dlq_url, dlq_arn = self.queue()
        bus = self.bus()
        rule = self.rule(bus, [{"Id": "fn", "Arn": function_arn("broken"),
                                "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 600},
                                "DeadLetterConfig": {"Arn": dlq_arn}}])
        event_id = self.put(bus, {"doomed": True})
        message = self.receive(dlq_url)[0]
        attributes = {k: v.get("StringValue") for k, v in message["MessageAttributes"].items()}
        self.assertEqual(attributes["RULE_ARN"], f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{bus}/{rule}")
        self.assertEqual(attributes["TARGET_ARN"], function_arn("broken"))
        self.assertEqual(attributes["ERROR_CODE"], "THIRD_PARTY_ERROR")
        self.assertIn("500", attributes["ERROR_MESSAGE"])
        self.assertEqual(attributes["EXHAUSTED_RETRY_CONDITION"], "MaximumRetryAttempts")
        self.assertEqual(attributes["RETRY_ATTEMPTS"], "2")
        self.assertEqual(json.loads(message["Body"])["id"], event_id)
        self.assertEqual(len([b for b in self.functions.bodies("/fail") if json.loads(b)["id"] == event_id]), 3)

    def test_unsupported_target_fails_visibly_into_the_dead_letter_queue(self):
        dlq_url, dlq_arn = self.queue()
        bus = self.bus()
        self.rule(bus, [{"Id": "sns", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:topic",
                         "DeadLetterConfig": {"Arn": dlq_arn}}])
        self.put(bus, {"sns": True})
        message = self.receive(dlq_url)[0]
        self.assertEqual(message["MessageAttributes"]["ERROR_CODE"]["StringValue"], "UNSUPPORTED_TARGET")
        self.assertNotIn("EXHAUSTED_RETRY_CONDITION", message["MessageAttributes"])
        metrics = self.server.metrics()
        self.assertTrue(any(line.startswith("FailedInvocations{") and f'event_bus="{bus}"' in line
                            for line in metrics.splitlines()), metrics)

    # durability

    def test_pending_deliveries_survive_sigkill(self):
        data_dir = os.path.join(self.tmp, f"restart-{uuid.uuid4().hex[:6]}")
        # A long backoff: after the first failed attempt nothing happens until the server restarts.
        server = Switchyard(data_dir, self.config(initial_backoff_ms=600_000, max_backoff_ms=600_000))
        server.start()
        try:
            events = server.client()
            bus = self.bus(events)
            self.rule(bus, [{"Id": "fn", "Arn": function_arn("gated")}], events=events)
            ids = {self.put(bus, {"n": n}, events=events) for n in range(5)}
            # Every delivery attempted once (whatever the attempt's outcome) and now waiting out its backoff.
            try:
                wait_until(lambda: metric_sum(server.metrics(), "InvocationAttempts", bus) >= 5,
                           message="first attempts")
            except AssertionError:
                raise AssertionError(f"first attempts: {len(self.functions.bodies('/gate'))} calls; "
                                     f"server log:\n{server.server.log_tail()}")
            server.kill()
            before_restart = len(self.functions.bodies("/gate"))
            self.functions.gate_open = True
            # Restarted with a short backoff, so that an attempt that fails on the way (a loaded machine's
            # loopback connection can end early) is soon tried again rather than in ten minutes.
            server.configure(self.config(initial_backoff_ms=100, max_backoff_ms=500))
            server.start()

            def delivered():
                bodies = [json.loads(b) for b in self.functions.bodies("/gate")]
                return {b["id"] for b in bodies[before_restart:]} >= ids

            try:
                wait_until(delivered, timeout=60, message="deliveries resumed after restart")
            except AssertionError:
                raise AssertionError(f"not resumed; calls: {len(self.functions.bodies('/gate'))}; "
                                     f"server log:\n{server.server.log_tail()}")
        finally:
            self.functions.gate_open = False
            server.stop()


if __name__ == "__main__":
    unittest.main()
