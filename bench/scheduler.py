#!/usr/bin/env python3
"""EventBridge Scheduler benchmark (issue 11): N schedules on one server, each rate(1 minute) to one log-group target.

Measures CreateSchedule calls/s (boto3, THREADS threads), then, for WATCH seconds of firing, how late firings went
out (p50/p99 from the server's SchedulerFiringLatenessMilliseconds histogram: bucket upper bounds, so an upper
estimate), firings per minute, and the server's CPU (from /proc, user+system over the window) and peak RSS.

    dotnet build src/Switchyard -c Release && python3 bench/scheduler.py [N] [WATCH_SECONDS] [THREADS]
"""
import concurrent.futures
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
WATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 150
THREADS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
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
    """(count, [(upper_bound, cumulative)]) summed over label sets."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as r:
        text = r.read().decode()
    buckets, count = {}, 0.0
    for line in text.splitlines():
        if line.startswith(name + "_bucket{"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            buckets[le] = buckets.get(le, 0.0) + float(line.rsplit(" ", 1)[1])
        elif line.startswith(name + "_count"):
            count += float(line.rsplit(" ", 1)[1])
    ordered = sorted(((float("inf") if k == "+Inf" else float(k), v) for k, v in buckets.items()))
    return count, ordered


def quantile(before, after, q):
    (c0, b0), (c1, b1) = before, after
    total = c1 - c0
    if total <= 0:
        return None
    prior = dict(b0)
    for bound, cumulative in b1:
        if cumulative - prior.get(bound, 0.0) >= q * total:
            return bound
    return float("inf")


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

        def create(i):
            client.create_schedule(Name=f"s{i:05d}", ScheduleExpression="rate(1 minute)",
                                   FlexibleTimeWindow={"Mode": "OFF"}, Target=target)

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(create, range(N)))
        elapsed = time.perf_counter() - started
        print(f"created {N} schedules in {elapsed:.1f} s: {N / elapsed:.0f} CreateSchedule calls/s ({THREADS} threads)")

        time.sleep(5)
        before = histogram(server.url, "SchedulerFiringLatenessMilliseconds")
        cpu0, t0, peak = proc_cpu_seconds(pid), time.perf_counter(), 0.0
        while time.perf_counter() - t0 < WATCH:
            time.sleep(2)
            peak = max(peak, proc_rss_mb(pid))
        cpu1, t1 = proc_cpu_seconds(pid), time.perf_counter()
        after = histogram(server.url, "SchedulerFiringLatenessMilliseconds")
        fired = after[0] - before[0]
        print(f"watched {t1 - t0:.0f} s: {fired:.0f} firings ({fired / (t1 - t0) * 60:.0f}/min; {N}/min due)")
        print(f"lateness p50 <= {quantile(before, after, 0.5)} ms, p99 <= {quantile(before, after, 0.99)} ms (histogram bucket bounds)")
        print(f"server CPU {100 * (cpu1 - cpu0) / (t1 - t0):.0f}% of one core, peak RSS {peak:.0f} MB")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
