"""One process per data directory: a second server on a directory in use refuses to start with a one-line
error naming the directory (exit code 1) while the first keeps serving; a SIGKILLed holder never blocks a restart."""
import os
import signal
import subprocess
import unittest

from compat import make_client
from server import DataDirServers, free_port, server_dll

ACCOUNT = "555566667777"


class OneServerPerDataDirectory(DataDirServers, unittest.TestCase):

    def run_second(self, data_dir):
        """Runs a second server to its exit; returns (exit code, stderr lines)."""
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
        proc = subprocess.run(
            ["dotnet", server_dll(), "serve", "--host", "127.0.0.1", "--port", str(free_port()), "--data-dir", data_dir],
            stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60)
        return proc.returncode, proc.stderr.decode("utf-8", "replace").splitlines(), proc.stdout.decode("utf-8", "replace")

    def test_second_server_on_a_directory_in_use_exits_1_and_the_first_keeps_serving(self):
        first = self.start()
        client = make_client(ACCOUNT, url=first.url)
        client.create_event_bus(Name="before")

        code, errors, out = self.run_second(self.dir)
        self.assertEqual(code, 1, f"stderr={errors} stdout={out}")
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("data directory", errors[0])
        self.assertIn(self.dir, errors[0])
        self.assertIn("in use", errors[0])

        # the first server still answers and still writes its state
        self.assertIsNone(first.proc.poll())
        client.create_event_bus(Name="after")
        names = sorted(b["Name"] for b in client.list_event_buses()["EventBuses"])
        self.assertEqual(names, ["after", "before", "default"])

    def test_a_relative_path_to_the_directory_in_use_is_refused_too(self):
        self.start()
        parent, name = os.path.split(self.dir)
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
        proc = subprocess.run(
            ["dotnet", server_dll(), "serve", "--host", "127.0.0.1", "--port", str(free_port()),
             "--data-dir", os.path.join(".", name)],
            cwd=parent, stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(self.dir, proc.stderr.decode())

    def test_after_sigkill_of_the_holder_a_new_server_starts_and_keeps_the_state(self):
        first = self.start()
        make_client(ACCOUNT, url=first.url).create_event_bus(Name="survivor")
        self.assertEqual(first.stop(signal.SIGKILL), -signal.SIGKILL)
        second = self.start()
        names = sorted(b["Name"] for b in make_client(ACCOUNT, url=second.url).list_event_buses()["EventBuses"])
        self.assertEqual(names, ["default", "survivor"])
        # and the new holder now refuses a third
        code, errors, _ = self.run_second(self.dir)
        self.assertEqual(code, 1, errors)

    def test_after_a_clean_stop_the_directory_is_free(self):
        first = self.start()
        self.assertEqual(first.stop(signal.SIGTERM), 0)
        second = self.start()
        self.assertIsNone(second.proc.poll())


if __name__ == "__main__":
    unittest.main()
