"""The installed forms of Switchyard, built by scripts/publish and used as a user would (README, "Installing"):

  * the dotnet tool: `scripts/publish tool` packs it, `dotnet tool install --tool-path TMP --add-source DIR switchyard`
    installs it from that package only, and the installed `switchyard` runs from a directory outside the repo;
  * the NativeAOT binary: `scripts/publish aot` builds artifacts/aot/switchyard (installing clang and zlib1g-dev with
    apt-get when missing), and it serves boto3 and `switchyard explain` like the dll does.

Each answers `--version` with the package version, starts with `serve`, answers GET /health, takes a bus, a rule and
PutEvents from boto3, and `switchyard explain` (the same installed program) says which rule matched.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from compat import make_client, new_account, unique
import server as server_mod

REPO_ROOT = server_mod.REPO_ROOT
PUBLISH = os.path.join(REPO_ROOT, "scripts", "publish")
PACKAGES = os.path.join(REPO_ROOT, "artifacts", "packages")
AOT_BINARY = os.path.join(REPO_ROOT, "artifacts", "aot", "switchyard")
PUBLISH_TIMEOUT = 1200


def clean_env(**extra):
    # The server reads SWITCHYARD_* variables as settings and refuses unknown ones: pass none of the suite's.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
    env.update(DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", **extra)
    return env


def publish(what):
    p = subprocess.run([PUBLISH, what], cwd=REPO_ROOT, env=clean_env(), capture_output=True, text=True,
                       timeout=PUBLISH_TIMEOUT)
    if p.returncode != 0:
        raise AssertionError(f"scripts/publish {what} exited {p.returncode}\n{p.stdout[-4000:]}\n{p.stderr[-4000:]}")


class InstalledProgram:
    """Runs one installed `switchyard` program from a working directory outside the repository."""

    def __init__(self, command, workdir):
        self.command = command
        self.workdir = workdir

    def run(self, *args, stdin=None, timeout=60):
        return subprocess.run(self.command + list(args), cwd=self.workdir, env=clean_env(), input=stdin,
                              capture_output=True, text=True, timeout=timeout)

    def serve(self):
        """Starts `serve` on a free loopback port with a data directory of its own; returns (process, url, log)."""
        port = server_mod.free_port()
        data = os.path.join(self.workdir, f"data-{port}")
        log = open(os.path.join(self.workdir, f"server-{port}.log"), "wb")
        proc = subprocess.Popen(self.command + ["serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data],
                                cwd=self.workdir, env=clean_env(), stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        return proc, f"http://127.0.0.1:{port}", log


class InstalledProgramCase(unittest.TestCase):
    program = None  # set by setUpClass
    version = None

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="switchyard-install-")
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.program.workdir = self.workdir

    def check_version(self):
        p = self.program.run("--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip().split("+")[0], self.version, p.stdout)

    def check_serves(self):
        proc, url, log = self.program.serve()

        def stop():
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            log.close()
        self.addCleanup(stop)
        if not server_mod.wait_healthy(url, timeout=60, proc=proc):
            with open(log.name, "rb") as f:
                self.fail(f"{self.program.command} serve did not answer GET /health on {url}\n"
                          f"{f.read()[-3000:].decode('utf-8', 'replace')}")

        # A real client against it: a bus, a rule on it, an event that the rule matches.
        account = new_account()
        events = make_client(account, url=url)
        bus = unique("install")
        events.create_event_bus(Name=bus)
        events.put_rule(Name="orders", EventBusName=bus, EventPattern=json.dumps({"source": ["shop"]}))
        events.put_rule(Name="refunds", EventBusName=bus, EventPattern=json.dumps({"source": ["bank"]}))
        put = events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": "{}", "EventBusName": bus}])
        self.assertEqual(put["FailedEntryCount"], 0, put)

        # `switchyard explain`, run by the same installed program, from outside the repository.
        event = json.dumps({"source": "shop", "detail-type": "order", "detail": {}})
        p = self.program.run("explain", "--endpoint", url, "--account", account, "--bus", bus, "--event", "-",
                             "--json", stdin=event)
        self.assertEqual(p.returncode, 0, f"explain exited {p.returncode}\n{p.stdout}\n{p.stderr}")
        self.assertIn("orders", p.stdout)
        self.assertIn("refunds", p.stdout)

        # A clean stop: SIGTERM ends it with exit code 0.
        proc.terminate()
        self.assertEqual(proc.wait(30), 0)


class DotnetTool(InstalledProgramCase):
    """`dotnet tool install` from the package that `scripts/publish tool` packs."""

    @classmethod
    def setUpClass(cls):
        publish("tool")
        packages = glob.glob(os.path.join(PACKAGES, "switchyard.*.nupkg"))
        if len(packages) != 1:
            raise AssertionError(f"scripts/publish tool left {packages} in {PACKAGES}, expected one package")
        cls.version = re.match(r"switchyard\.(.+)\.nupkg$", os.path.basename(packages[0])).group(1)
        cls.tools = tempfile.mkdtemp(prefix="switchyard-tool-")
        # Only the packed package: a NuGet.config that clears every other source, so a package of the same name on
        # a public feed can never be what gets installed.
        config = os.path.join(cls.tools, "nuget.config")
        with open(config, "w") as f:
            f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                    '<configuration><packageSources><clear /></packageSources></configuration>\n')
        p = subprocess.run(["dotnet", "tool", "install", "--tool-path", os.path.join(cls.tools, "bin"),
                            "--configfile", config, "--add-source", PACKAGES, "switchyard", "--version", cls.version],
                           cwd=cls.tools, env=clean_env(), capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            shutil.rmtree(cls.tools, ignore_errors=True)
            raise AssertionError(f"dotnet tool install exited {p.returncode}\n{p.stdout}\n{p.stderr}")
        cls.program = InstalledProgram([os.path.join(cls.tools, "bin", "switchyard")], cls.tools)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tools, ignore_errors=True)

    def test_tool_prints_its_version(self):
        self.check_version()

    def test_tool_serves_and_explains_from_any_directory(self):
        self.check_serves()


class NativeAotBinary(InstalledProgramCase):
    """The self-contained NativeAOT binary that `scripts/publish aot` builds."""

    @classmethod
    def setUpClass(cls):
        publish("aot")
        if not os.access(AOT_BINARY, os.X_OK):
            raise AssertionError(f"scripts/publish aot did not leave an executable {AOT_BINARY}")
        p = subprocess.run(["dotnet", "msbuild", os.path.join(REPO_ROOT, "src", "Switchyard"), "-getProperty:Version"],
                           env=clean_env(), capture_output=True, text=True, timeout=120)
        cls.version = p.stdout.strip()
        cls.program = InstalledProgram([AOT_BINARY], REPO_ROOT)

    def test_native_binary_prints_its_version(self):
        self.check_version()

    def test_native_binary_serves_and_explains(self):
        self.check_serves()

    def test_native_binary_is_self_contained(self):
        # No .NET runtime needed: the binary is not a managed app host (no switchyard.dll beside it) and runs with
        # the dotnet installation out of its reach.
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(AOT_BINARY), "switchyard.dll")))
        p = subprocess.run([AOT_BINARY, "--version"], cwd=self.workdir,
                           env=clean_env(DOTNET_ROOT="/nonexistent", PATH="/usr/bin:/bin"),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    unittest.main()
