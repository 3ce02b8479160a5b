#!/usr/bin/env python3
"""Replay benchmark (issue 10): replays N archived events into a bus with 100 rules (99 of the load generator's
varied patterns, without targets, plus one catch-all rule whose Lambda target is a local HTTP receiver) and reports
the events/s delivered and the server's RSS, sampled every 0.5 s while the replay runs.

    python3 bench/replay.py                      # 1,000,000 events (build first: dotnet build -c Release)
    python3 bench/replay.py --events 200000

Steps: start the server on a fresh data directory; create the bus and an archive of it (no pattern: every event);
fill the archive with bus/Switchyard.LoadGen (PutEvents, 10 entries a request, closed loop; no rule yet, so nothing
is delivered); add the 100 rules; StartReplay over the whole range; count the receiver's deliveries until all N
arrived and DescribeReplay says COMPLETED. Everything is on loopback; every process started here is stopped on exit.
"""
import argparse
import asyncio
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_DLL = os.path.join(ROOT, "src/Switchyard/bin/Release/net10.0/switchyard.dll")
LOADGEN_DLL = os.path.join(ROOT, "bench/Switchyard.LoadGen/bin/Release/net10.0/switchyard-loadgen.dll")
ACCOUNT = "123456789012"
SINK = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:replay-sink"
BUS = "replaybench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Receiver:
    """A minimal HTTP/1.1 server (asyncio, keep-alive) answering 200 to every POST and counting them: the Lambda
    function URL of the sink rule. Its own thread and event loop, so counting costs the benchmark little."""

    def __init__(self):
        self.count = 0
        self.replayed = 0
        self.first = self.last = None
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait(10)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self.port, backlog=512))
        self.ready.set()
        self.loop.run_until_complete(server.serve_forever())

    async def _serve(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length) if length else b""
                now = time.monotonic()
                self.first = self.first or now
                self.last = now
                self.count += 1
                if b'"replay-name"' in body:
                    self.replayed += 1
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def wait_healthy(url, proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not become healthy")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rules", type=int, default=100, help="rules on the bus, the catch-all sink rule included")
    parser.add_argument("--fill-concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds the replay may take")
    args = parser.parse_args()
    for dll in (SERVER_DLL, LOADGEN_DLL):
        if not os.path.exists(dll):
            raise SystemExit(f"not built: {dll} (dotnet build -c Release src/Switchyard; dotnet build -c Release bench/Switchyard.LoadGen)")

    receiver = Receiver()
    work = tempfile.mkdtemp(prefix="switchyard-replay-bench-")
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"lambda": {"functions": {SINK: f"http://127.0.0.1:{receiver.port}/sink"}}}, f)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SWITCHYARD_")}
    log = open(os.path.join(work, "server.log"), "wb")
    server = subprocess.Popen(["dotnet", SERVER_DLL, "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--data-dir", os.path.join(work, "data"), "--config", config, "--log-level", "Warning"],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_healthy(url, server)
        events = boto3.client("events", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id=ACCOUNT, aws_secret_access_key="loadgen-secret")
        bus_arn = events.create_event_bus(Name=BUS)["EventBusArn"]
        archive_arn = events.create_archive(ArchiveName="bench", EventSourceArn=bus_arn)["ArchiveArn"]

        began = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
        t = time.monotonic()
        loadgen = ["dotnet", LOADGEN_DLL, "--endpoint", url, "--bus", BUS, "--secret", "loadgen-secret"]
        subprocess.run(loadgen + ["--rules", "0", "--concurrency", str(args.fill_concurrency), "--entries", "10",
                                  "--warmup", "0s", "--duration", "10m", "--max-requests", str(args.events // 10),
                                  "--drain", "0s", "--label", "fill"], check=True, stdout=subprocess.DEVNULL)
        fill_seconds = time.monotonic() - t
        archived = events.describe_archive(ArchiveName="bench")["EventCount"]
        print(f"fill: {archived:,} events archived in {fill_seconds:.1f} s ({archived / fill_seconds:,.0f} events/s)")
        subprocess.run(loadgen + ["--rules", str(args.rules - 1), "--sink", "--sink-arn", SINK, "--setup-only"],
                       check=True, stdout=subprocess.DEVNULL)
        ended = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)

        rss_before = rss_kib(server.pid)
        peak = [rss_before]
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.wait(0.5):
                now = rss_kib(server.pid)
                samples.append(now)
                peak[0] = max(peak[0], now)
        threading.Thread(target=sample, daemon=True).start()

        t = time.monotonic()
        events.start_replay(ReplayName="bench", EventSourceArn=archive_arn, EventStartTime=began, EventEndTime=ended,
                            Destination={"Arn": bus_arn})
        state = None
        while time.monotonic() - t < args.timeout:
            state = events.describe_replay(ReplayName="bench")["State"]
            if state in ("COMPLETED", "FAILED", "CANCELLED") and receiver.replayed >= archived:
                break
            if state in ("FAILED", "CANCELLED"):
                break
            time.sleep(0.5)
        completed = time.monotonic() - t
        stop.set()
        delivered = receiver.replayed
        span = (receiver.last - receiver.first) if receiver.first and receiver.last else completed
        print(f"replay: {state}, {delivered:,} of {archived:,} events delivered in {completed:.1f} s "
              f"(StartReplay to the last delivery): {delivered / completed:,.0f} events/s")
        print(f"        first to last delivery {span:.1f} s: {delivered / span:,.0f} events/s")
        mid = sorted(samples)[len(samples) // 2] if samples else 0
        print(f"server RSS: before the replay {rss_before / 1024:.0f} MiB, median while replaying {mid / 1024:.0f} MiB, "
              f"peak {peak[0] / 1024:.0f} MiB ({len(samples)} samples)")
        if state != "COMPLETED" or delivered < archived:
            print("replay did not deliver every event", file=sys.stderr)
            return 1
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
