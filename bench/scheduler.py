#!/usr/bin/env python3
"""EventBridge Scheduler benchmark (issue 11): N schedules on one server, each rate(1 minute) to one log-group target.

Measures CreateSchedule calls/s (boto3, THREADS threads), then how late firings went out (p50/p99 from the server's
SchedulerFiringLatenessMilliseconds histogram: bucket upper bounds, so an upper estimate; the mean from its sum),
firings per minute, the server's CPU (from /proc, user+system) and peak RSS. Two windows:
  overall: from the first CreateSchedule to the end (includes the burst of first firings: rate() schedules without
           StartDate fire at creation, as on AWS);
  steady:  from WARMUP seconds after the first CreateSchedule, for WATCH seconds (histogram deltas between scrapes).

    dotnet build src/Switchyard -c Release && python3 bench/scheduler.py [N] [WATCH_SECONDS] [THREADS] [WARMUP_SECONDS]

SWITCHYARD_DLL=/path/to/switchyard.dll runs another build (e.g. the previous commit's, for an old-vs-new table).
START_AHEAD_SECONDS=3600 gives every schedule a StartDate that far ahead and stops after creating them: CreateSchedule
calls/s with nothing firing meanwhile.
"""
import concurrent.futures
import datetime
import os
import sys
import tempfile
import time
import urllib.request

import boto3
import botocore.config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat", "python"))
from server import Server  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
WATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 120
THREADS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
WARMUP = int(sys.argv[4]) if len(sys.argv) > 4 else 120
LATENESS = "SchedulerFiringLatenessMilliseconds"
START_AHEAD = int(os.environ.get("START_AHEAD_SECONDS", "0"))
ACCOUNT = "123456789012"


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def histogram(url, name):
    """(count, sum, [(upper_bound, cumulative)]) summed over label sets."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as r:
        text = r.read().decode()
    buckets, count, total = {}, 0.0, 0.0
    for line in text.splitlines():
        if line.startswith(name + "_bucket{"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            buckets[le] = buckets.get(le, 0.0) + float(line.rsplit(" ", 1)[1])
        elif line.startswith(name + "_count"):
            count += float(line.rsplit(" ", 1)[1])
        elif line.startswith(name + "_sum"):
            total += float(line.rsplit(" ", 1)[1])
    ordered = sorted(((float("inf") if k == "+Inf" else float(k), v) for k, v in buckets.items()))
    return count, total, ordered


EMPTY = (0.0, 0.0, [])


def quantile(before, after, q):
    (c0, _, b0), (c1, _, b1) = before, after
    total = c1 - c0
    if total <= 0:
        return None
    prior = dict(b0)
    for bound, cumulative in b1:
        if cumulative - prior.get(bound, 0.0) >= q * total:
            return bound
    return float("inf")


def describe(label, before, after, seconds):
    fired = after[0] - before[0]
    mean = (after[1] - before[1]) / fired if fired > 0 else float("nan")
    print(f"{label}: {fired:.0f} firings in {seconds:.0f} s ({fired / seconds * 60:.0f}/min; {N}/min due); lateness "
          f"p50 <= {quantile(before, after, 0.5)} ms, p99 <= {quantile(before, after, 0.99)} ms (bucket bounds), mean {mean:.0f} ms")


def main():
    data = tempfile.mkdtemp(prefix="switchyard-bench-scheduler-")
    server = Server(data_dir=data).start()
    try:
        pid = server.proc.pid
        client = boto3.client("scheduler", endpoint_url=server.url, region_name="us-east-1",
                              aws_access_key_id=ACCOUNT, aws_secret_access_key="x",
                              config=botocore.config.Config(max_pool_connections=THREADS * 2, retries={"total_max_attempts": 1}))
        target = {"Arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/bench/scheduler",
                  "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/bench", "Input": '{"at": "<aws.scheduler.scheduled-time>"}'}

        extra = {}
        if START_AHEAD > 0:
            extra["StartDate"] = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=START_AHEAD)

        def create(i):
            client.create_schedule(Name=f"s{i:05d}", ScheduleExpression="rate(1 minute)",
                                   FlexibleTimeWindow={"Mode": "OFF"}, Target=target, **extra)

        started = time.perf_counter()
        cpu_start = proc_cpu_seconds(pid)
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(create, range(N)))
        elapsed = time.perf_counter() - started
        print(f"created {N} schedules in {elapsed:.1f} s: {N / elapsed:.0f} CreateSchedule calls/s ({THREADS} threads"
              + (f", StartDate {START_AHEAD} s ahead)" if START_AHEAD > 0 else ")"))
        if START_AHEAD > 0:
            return

        peak = proc_rss_mb(pid)
        while time.perf_counter() - started < WARMUP:
            time.sleep(1)
            peak = max(peak, proc_rss_mb(pid))
        warm = histogram(server.url, LATENESS)
        cpu0, t0 = proc_cpu_seconds(pid), time.perf_counter()
        while time.perf_counter() - t0 < WATCH:
            time.sleep(2)
            peak = max(peak, proc_rss_mb(pid))
        cpu1, t1 = proc_cpu_seconds(pid), time.perf_counter()
        end = histogram(server.url, LATENESS)
        describe(f"overall (from the first CreateSchedule, {t1 - started:.0f} s)", EMPTY, end, t1 - started)
        describe(f"steady (after {WARMUP} s)", warm, end, t1 - t0)
        print(f"server CPU: steady {100 * (cpu1 - cpu0) / (t1 - t0):.0f}% of one core, overall {100 * (cpu1 - cpu_start) / (t1 - started):.0f}%; "
              f"peak RSS {peak:.0f} MB")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
