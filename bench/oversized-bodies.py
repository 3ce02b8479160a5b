#!/usr/bin/env python3
"""Server memory under concurrent oversized request bodies (issue 12, item 5): starts a Switchyard server,
sends COUNT concurrent bodies of SIZE bytes (half declared by Content-Length, half chunked; streamed from one
64 KiB buffer, so this script stays small), and reads the server's RSS from /proc/<pid>/status before, at its
peak (VmHWM, the kernel's high-water mark, plus 10 ms sampling of VmRSS) and after. Not a test: it prints figures
for docs/performance.md.

    python3 bench/oversized-bodies.py                       # 32 x 28 MB against the Release build of this tree
    COUNT=32 SIZE_MB=28 ROUNDS=3 SWITCHYARD_DLL=path/to/switchyard.dll python3 bench/oversized-bodies.py
"""
import json
import os
import sys
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "compat", "python"))

from oversized import send_many  # noqa: E402
from server import Server, server_dll  # noqa: E402

COUNT = int(os.environ.get("COUNT", "32"))
SIZE = int(os.environ.get("SIZE_MB", "28")) * 1024 * 1024
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def mib(kib):
    return round(kib / 1024, 1)


def main():
    with Server() as server:
        pid = server.proc.pid
        # Warm up the paths the bodies take (one normal request), then let the heap settle.
        urllib.request.urlopen(server.url + "/health").read()
        time.sleep(2)
        before = status_kib(pid, "VmRSS")
        rounds = []
        for _ in range(ROUNDS):
            peak = [status_kib(pid, "VmRSS")]
            done = threading.Event()

            def sample():
                while not done.is_set():
                    peak[0] = max(peak[0], status_kib(pid, "VmRSS"))
                    time.sleep(0.01)

            sampler = threading.Thread(target=sample)
            sampler.start()
            started = time.monotonic()
            results = send_many(server.url, COUNT, SIZE)
            elapsed = time.monotonic() - started
            done.set()
            sampler.join()
            statuses = sorted({str(s) for s, _ in results})
            sent = sum(n for _, n in results if isinstance(n, int))
            rounds.append({"statuses": statuses, "sent_mib": mib(sent / 1024), "seconds": round(elapsed, 2),
                           "peak_rss_mib": mib(peak[0])})
        time.sleep(2)
        after = status_kib(pid, "VmRSS")
        healthy = urllib.request.urlopen(server.url + "/health").status
        print(json.dumps({
            "server": server_dll(), "count": COUNT, "size_mib": SIZE // (1024 * 1024), "rounds": rounds,
            "rss_before_mib": mib(before), "rss_after_mib": mib(after),
            "vm_hwm_mib": mib(status_kib(pid, "VmHWM")), "health_after": healthy,
        }, indent=2))


if __name__ == "__main__":
    main()
