"""Starts and stops Switchyard server processes for the compatibility suite.

Used by the tests that need their own server (strict auth, restart) and by the shared
base class when no SWITCHYARD_ENDPOINT is given.  Also runnable from the command line:

    python3 server.py free-port
    python3 server.py wait URL [TIMEOUT]
"""
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_DLL = os.path.join(REPO_ROOT, "src", "Switchyard", "bin", "Release", "net10.0", "switchyard.dll")
STARTUP_TIMEOUT = float(os.environ.get("SWITCHYARD_STARTUP_TIMEOUT", "60"))

_running = []


def server_dll():
    return os.environ.get("SWITCHYARD_DLL", DEFAULT_DLL)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health_ok(url, timeout=1.0):
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def wait_healthy(url, timeout=STARTUP_TIMEOUT, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        if health_ok(url):
            return True
        time.sleep(0.1)
    return False


class ServerError(RuntimeError):
    pass


class Server:
    """One `switchyard.dll serve` process on a free loopback port."""

    def __init__(self, *flags, data_dir=None, in_memory=None, env=None, cwd=None):
        self.flags = list(flags)
        self.data_dir = data_dir
        # default: in-memory unless a data dir is given
        self.in_memory = (data_dir is None) if in_memory is None else in_memory
        self.env = env
        self.cwd = cwd  # the working directory: where relative paths in the flags point
        self.proc = None
        self.port = None
        self.log_path = None
        self._log = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, attempts=3):
        dll = server_dll()
        if not os.path.exists(dll):
            raise ServerError(f"server not built: {dll} (run dotnet build src/Switchyard -c Release)")
        last = ""
        for _ in range(attempts):
            self.port = free_port()
            args = ["dotnet", dll, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            if self.in_memory:
                args.append("--in-memory")
            if self.data_dir is not None:
                args += ["--data-dir", self.data_dir]
            args += self.flags
            fd, self.log_path = tempfile.mkstemp(prefix="switchyard-", suffix=".log")
            self._log = os.fdopen(fd, "wb")
            # The server reads SWITCHYARD_* variables as settings and refuses unknown ones: pass none of
            # the suite's own (SWITCHYARD_ENDPOINT, SWITCHYARD_SKIP_BUILD, ...), only what `env` asks for.
            env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
            env.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            if self.env:
                env.update(self.env)
            self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env, cwd=self.cwd)
            _running.append(self)
            if wait_healthy(self.url, proc=self.proc):
                return self
            last = self.log_tail()
            self.kill()
        raise ServerError(f"server did not become healthy; args={args}\n--- log ---\n{last}")

    def log_tail(self, n=4000):
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as f:
            data = f.read()
        return data[-n:].decode("utf-8", "replace")

    def log_text(self):
        """Everything the server has logged so far."""
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for_log(self, text, timeout=10.0):
        """The first log line containing `text` (the console logger writes asynchronously); AssertionError if none."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.log_text().splitlines():
                if text in line:
                    return line
            if time.monotonic() > deadline:
                raise AssertionError(f"no server log line contains {text!r}; log tail:\n{self.log_tail(1500)}")
            time.sleep(0.05)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Stops the process with `sig`; returns its exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        code = self.proc.returncode
        self._close()
        return code

    def kill(self):
        return self.stop(signal.SIGKILL)

    def _close(self):
        if self in _running:
            _running.remove(self)
        if self._log:
            self._log.close()
            self._log = None

    def cleanup(self):
        self.stop()
        if self.log_path and os.path.exists(self.log_path):
            os.unlink(self.log_path)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


class DataDirServers:
    """unittest.TestCase mixin: a fresh data directory per test, servers started on it with `start()`, and both
    removed after the test."""

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="switchyard-data-")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.cleanup()
        shutil.rmtree(self.dir, ignore_errors=True)
        super().tearDown()

    def start(self):
        s = Server(data_dir=self.dir)
        self.servers.append(s)
        try:
            return s.start()
        except Exception as e:
            self.fail(f"server did not start on {self.dir}: {e}")


def _on_sigterm(signum, frame):  # turn `timeout`/`kill` into a normal exit so atexit stops our servers
    raise SystemExit(128 + signum)


if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        pass


@atexit.register
def _stop_all():
    for s in list(_running):
        try:
            s.stop(signal.SIGKILL)
        except Exception:
            pass


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "free-port":
        print(free_port())
    elif cmd == "wait":
        ok = wait_healthy(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else STARTUP_TIMEOUT)
        sys.exit(0 if ok else 1)
    else:
        print(__doc__)
        sys.exit(2)
