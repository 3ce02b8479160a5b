#!/usr/bin/env python3
"""Start-up and idle benchmark (docs/performance.md, "Start-up, idle CPU and memory").

For each way of running Switchyard that is available it measures:
  * start to first answer: from spawning the process to the first 200 from GET /health, median of --runs;
  * idle CPU: user+system CPU time the server process used over --idle-seconds while nothing talks to it, read from
    /proc/<pid>/stat (utime+stime), as a percentage of one core;
  * RSS at rest: VmRSS from /proc/<pid>/status at the end of that idle period.

Ways (each measured only if present; build them first):
  dotnet-run  `dotnet run --project src/Switchyard -c Release --no-build -- serve ...` (start-up only: the measured pid
              is the SDK's, not the server's)
  dll         `dotnet src/Switchyard/bin/Release/net10.0/switchyard.dll serve ...`
  tool        `switchyard serve ...` installed with `dotnet tool install --tool-path` from artifacts/packages
              (scripts/publish tool builds the package)
  aot         artifacts/aot/switchyard (scripts/publish aot)
  old-dll     --old-dll PATH: another build's switchyard.dll (e.g. main before a change), idle CPU side by side
  old-aot     --old-aot PATH: another NativeAOT binary (e.g. main's artifacts/aot/switchyard, copied before publishing)

Start-up runs are interleaved (one start of each way in turn, --runs rounds), so that a change in the machine's load
during the run weighs on every way alike; old and new compared in one run are comparable.

Every server listens on a free loopback port with a fresh temporary data directory (the persistent SQLite store,
as a default `serve` does) and is stopped before the next starts.

  python3 bench/startup.py                       # everything present, 10 runs, 60 s idle
  python3 bench/startup.py --ways dll aot --runs 5 --idle-seconds 20
  python3 bench/startup.py --ways dll old-dll --old-dll /tmp/old/switchyard.dll --runs 0
  python3 bench/startup.py --ways aot old-aot --old-aot /tmp/old-aot/switchyard --runs 30 --idle-seconds 0
"""
import argparse
import glob
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DLL = os.path.join(ROOT, "src", "Switchyard", "bin", "Release", "net10.0", "switchyard.dll")
AOT = os.path.join(ROOT, "artifacts", "aot", "switchyard")
PACKAGES = os.path.join(ROOT, "artifacts", "packages")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answered(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", "/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def clean_env():
    # The server takes SWITCHYARD_* variables as settings and refuses unknown ones.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
    env.update(DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    return env


class Started:
    def __init__(self, command, env=None):
        self.data = tempfile.mkdtemp(prefix="switchyard-bench-")
        self.port = free_port()
        self.command = command + ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data]
        self.env = env or clean_env()
        self.proc = None

    def start(self, timeout=60):
        """Spawns the server and returns the seconds until its first 200 from /health."""
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     cwd=self.data, start_new_session=True)
        while time.perf_counter() - t0 < timeout:
            if answered(self.port):
                return time.perf_counter() - t0
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited with {self.proc.returncode} before answering")
            time.sleep(0.002)
        raise RuntimeError(f"{self.command} did not answer within {timeout} s")

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.data, ignore_errors=True)


def install_tool(tool_dir):
    packages = glob.glob(os.path.join(PACKAGES, "switchyard.*.nupkg"))
    if not packages:
        return None
    subprocess.run(["dotnet", "tool", "install", "--tool-path", tool_dir, "--add-source", PACKAGES, "switchyard",
                    "--prerelease"], check=True, stdout=subprocess.DEVNULL, env=clean_env())
    return [os.path.join(tool_dir, "switchyard")]


def start_once(command):
    server = Started(command)
    try:
        return server.start()
    finally:
        server.stop()


def measure_starts(commands, runs):
    """Seconds to first answer per way, the ways taking turns run by run."""
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(start_once(command))
    return times


def measure(name, command, times, idle_seconds, settle):
    result = {"way": name}
    if times:
        result["start_ms"] = statistics.median(times) * 1000
        result["start_range"] = (min(times) * 1000, max(times) * 1000)
    if idle_seconds > 0 and name != "dotnet-run":
        server = Started(command)
        try:
            server.start()
            time.sleep(settle)  # start-up work (JIT, first GC) is not idling
            before = server.cpu_seconds()
            time.sleep(idle_seconds)
            used = server.cpu_seconds() - before
            result["idle_cpu_pct"] = used / idle_seconds * 100
            result["rss_mib"] = server.rss_mib()
        finally:
            server.stop()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ways", nargs="*", default=["dotnet-run", "dll", "tool", "aot", "old-dll", "old-aot"])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--settle", type=float, default=5, help="seconds after start-up before idle CPU is counted")
    parser.add_argument("--old-dll", help="another build's switchyard.dll, measured as old-dll")
    parser.add_argument("--aot", default=AOT, help="the NativeAOT binary measured as aot (default artifacts/aot/switchyard)")
    parser.add_argument("--old-aot", help="another NativeAOT binary, measured as old-aot")
    args = parser.parse_args()

    tool_dir = tempfile.mkdtemp(prefix="switchyard-bench-tool-")
    try:
        commands = {}
        if "dotnet-run" in args.ways and os.path.exists(DLL):
            commands["dotnet-run"] = ["dotnet", "run", "--project", os.path.join(ROOT, "src", "Switchyard"),
                                      "-c", "Release", "--no-build", "--"]
        if "dll" in args.ways and os.path.exists(DLL):
            commands["dll"] = ["dotnet", DLL]
        if "tool" in args.ways:
            tool = install_tool(tool_dir)
            if tool:
                commands["tool"] = tool
        if "aot" in args.ways and os.path.exists(args.aot):
            commands["aot"] = [os.path.abspath(args.aot)]
        if "old-dll" in args.ways and args.old_dll:
            commands["old-dll"] = ["dotnet", args.old_dll]
        if "old-aot" in args.ways and args.old_aot:
            commands["old-aot"] = [os.path.abspath(args.old_aot)]

        print(f"{'way':<12} {'start→/health median ms (min–max)':>36} {'idle CPU % of a core':>22} {'RSS at rest MiB':>16}")
        starts = measure_starts(commands, args.runs)
        for name, command in commands.items():
            r = measure(name, command, starts[name], args.idle_seconds, args.settle)
            start = f"{r['start_ms']:.0f} ({r['start_range'][0]:.0f}–{r['start_range'][1]:.0f})" if "start_ms" in r else "-"
            idle = f"{r['idle_cpu_pct']:.2f}" if "idle_cpu_pct" in r else "-"
            rss = f"{r['rss_mib']:.0f}" if "rss_mib" in r else "-"
            print(f"{name:<12} {start:>36} {idle:>22} {rss:>16}", flush=True)
        missing = [w for w in args.ways if w not in commands]
        if missing:
            print(f"not measured (not built or not asked for): {' '.join(missing)}", file=sys.stderr)
    finally:
        shutil.rmtree(tool_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
