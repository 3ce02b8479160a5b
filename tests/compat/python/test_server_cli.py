"""The `switchyard` command line as a new user meets it: --help/-h on every command, --version, and the start-up
mistakes (unknown flag, bad config file, wrong-typed value, bad --host or --log-level, port in use, unwritable data
directory), each one line naming the problem, the right exit code (2 for usage errors), no stack trace. Also what a
started server says: JSON logs with a request line, /health's checks, the operator metrics, relative paths."""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, server_dll  # noqa: E402 (after the path is set)


def run(*args, cwd=None, env=None, timeout=60):
    """Runs `switchyard ARGS` to its end; the suite's own SWITCHYARD_* variables are not passed on."""
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
    environment.update(env or {})
    return subprocess.run(["dotnet", server_dll(), *args], capture_output=True, text=True,
                          env=environment, timeout=timeout, stdin=subprocess.DEVNULL,
                          cwd=cwd or tempfile.gettempdir())


class Help(unittest.TestCase):
    def test_help_on_every_command(self):
        for args, usage in [(["--help"], "switchyard [command] [options]"), (["-h"], "switchyard [command] [options]"),
                            (["help"], "switchyard [command] [options]"),
                            (["serve", "--help"], "switchyard serve [options]"), (["serve", "-h"], "switchyard serve [options]"),
                            (["help", "serve"], "switchyard serve [options]"),
                            (["explain", "--help"], "switchyard explain [options]"), (["explain", "-h"], "switchyard explain [options]"),
                            (["lint", "--help"], "switchyard lint [options]"), (["lint", "-h"], "switchyard lint [options]")]:
            with self.subTest(args=args):
                result = run(*args)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn(usage, result.stdout)
                self.assertEqual(result.stderr, "")
        self.assertIn("--data-dir <DIR>", run("serve", "--help").stdout)
        self.assertIn("--log-format <text|json>", run("serve", "--help").stdout)
        self.assertIn("--event <FILE|->", run("explain", "--help").stdout)
        root = run("--help").stdout
        for command in ("serve", "explain", "lint"):
            self.assertRegex(root, rf"(?m)^  {command} ")

    def test_version(self):
        result = run("--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout.strip(), r"^\d+\.\d+\.\d+")
        self.assertEqual(len(result.stdout.strip().splitlines()), 1)


class StartupMistakes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-cli-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def file(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assertOneLine(self, result, code, *words):
        """Exit `code`, exactly one line on stderr naming the problem (all of `words`), nothing on stdout, no trace."""
        self.assertEqual(result.returncode, code, f"stdout={result.stdout!r} stderr={result.stderr!r}")
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("switchyard"), lines[0])
        for word in words:
            self.assertIn(word, lines[0])
        self.assertNotRegex(result.stderr, r"\n\s+at |Exception|Unhandled")
        self.assertEqual(result.stdout, "")
        return lines[0]

    def test_unknown_flag(self):
        self.assertOneLine(run("serve", "--prot", "4010"), 2, "--prot", "--help")
        self.assertOneLine(run("--in-memroy"), 2, "--in-memroy")
        self.assertOneLine(run("explain", "--bogus"), 2, "--bogus", "switchyard explain --help")

    def test_flag_without_its_value(self):
        self.assertOneLine(run("serve", "--port"), 2, "--port")

    def test_malformed_config_json(self):
        path = self.file("broken.json", '{"port": 4010,\n  "auth": }')
        self.assertOneLine(run("serve", "--config", path), 2, path, "not valid JSON", "line 2")

    def test_config_value_of_the_wrong_type(self):
        self.assertOneLine(run("serve", "--config", self.file("port.json", '{"port": "four"}')), 2, "port", "four")
        self.assertOneLine(run("serve", "--config", self.file("limit.json", '{"limits": {"rulesPerBus": "many"}}')), 2, "rulesPerBus")
        self.assertOneLine(run("serve", "--in-memory", "--config", self.file("delivery.json", '{"delivery": {"concurrency": "8"}}')),
                           2, "delivery.concurrency", "wrong type")
        self.assertOneLine(run("serve", env={"SWITCHYARD_ENABLE_RESET": "sometimes"}), 2, "enablereset", "true or false")

    def test_missing_config_file(self):
        self.assertOneLine(run("serve", "--config", "no-such.json", cwd=self.tmp), 2, os.path.join(self.tmp, "no-such.json"))

    def test_invalid_log_level_and_format(self):
        self.assertOneLine(run("serve", "--in-memory", "--log-level", "Loud"), 2, "log-level", "Loud")
        self.assertOneLine(run("serve", "--in-memory", "--log-format", "xml"), 2, "log-format", "xml")

    def test_host_that_does_not_parse_or_resolve(self):
        for host in ("127.0.0.1x", "no-such-host.invalid", "http://127.0.0.1"):
            with self.subTest(host=host):
                self.assertOneLine(run("serve", "--in-memory", "--host", host), 2, f"--host '{host}'")

    def test_port_in_use(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            self.assertOneLine(run("serve", "--in-memory", "--host", "127.0.0.1", "--port", str(port)), 1,
                               f"port {port}", "already in use", "--port")

    def test_unwritable_data_directory(self):
        blocker = self.file("a-file", "not a directory")
        data_dir = os.path.join(blocker, "data")
        self.assertOneLine(run("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir), 1,
                           data_dir, "--data-dir")


class RunningServer(unittest.TestCase):
    """What a started server logs and answers: JSON logs with the request line, /health, /metrics, relative paths."""

    def test_json_logs_health_metrics_and_relative_data_dir(self):
        cwd = tempfile.mkdtemp(prefix="switchyard-cli-cwd-")
        self.addCleanup(shutil.rmtree, cwd, True)
        # relative paths are relative to the working directory of the command
        with open(os.path.join(cwd, "settings.json"), "w") as f:
            json.dump({"logFormat": "json"}, f)
        server = Server("--config", "settings.json", "--log-level", "Debug", data_dir="rel-data", in_memory=False,
                        cwd=cwd)
        server.start()
        self.addCleanup(server.cleanup)
        self.assertTrue(os.path.exists(os.path.join(cwd, "rel-data", "switchyard.db")))

        with urllib.request.urlopen(server.url + "/health", timeout=5) as response:
            health = json.loads(response.read())
        self.assertEqual((health["status"], health["checks"]), ("ok", {"storage": "writable", "journal": "open"}))
        # which node answered, where its state is, its change-feed position and its leases (docs/cluster.md)
        self.assertEqual(health["storage"], {"backend": "sqlite", "dataDirectory": os.path.join(os.path.realpath(cwd), "rel-data")})
        self.assertEqual(health["node"]["name"], health["node"]["id"].split("#")[0])
        self.assertEqual((health["changeFeed"]["lagSeconds"], health["changeFeed"]["connected"]), (0, True))
        self.assertIn("rule-scheduler", health["leases"])

        events = boto3.client("events", endpoint_url=server.url, region_name="eu-west-1",
                              aws_access_key_id="210987654321", aws_secret_access_key="x")
        events.list_event_buses()
        line = server.wait_for_log('"Operation":"ListEventBuses"')
        entry = json.loads(line)
        self.assertEqual(entry["LogLevel"], "Debug")
        self.assertEqual((entry["State"]["Account"], entry["State"]["Region"], entry["State"]["Status"]),
                         ("210987654321", "eu-west-1", 200))
        self.assertIsInstance(entry["State"]["Milliseconds"], (int, float))
        for text in server.log_text().splitlines():
            json.loads(text)  # every line is one JSON object
        self.assertNotIn("beyond loopback", server.log_text())

        with urllib.request.urlopen(server.url + "/metrics", timeout=5) as response:
            metrics = response.read().decode()
        values = dict(re.findall(r"(?m)^(switchyard_\w+) (\S+)$", metrics))
        self.assertEqual(values["switchyard_pending_deliveries"], "0")
        self.assertEqual(values["switchyard_oldest_pending_delivery_age_seconds"], "0")
        self.assertGreater(float(values["switchyard_journal_size_bytes"]), 0)
        self.assertEqual(values["switchyard_journal_open"], "1")
        self.assertRegex(metrics, r"(?m)^process_cpu_seconds_total ")
        self.assertRegex(metrics, r"(?m)^process_working_set_bytes ")
        self.assertRegex(metrics, r"(?m)^dotnet_collection_count_total")


if __name__ == "__main__":
    unittest.main()
