"""A scheduled rule on a cluster of three nodes fires once per period for the whole cluster, and keeps firing when the
node holding the clock (its /health lists the rule-scheduler lease) is killed: the lease expires and another node
takes the clock. Real time: a rate(1 minute) rule, ~2.5-3.5 minutes, so tests/compat/run starts this suite in the
background while the others run.
"""
import json
import sys
import time
import unittest
from datetime import datetime

from cluster import Cluster
from compat import make_client, new_account, unique
from receiver import Receiver, api_destination


def report(line):
    print(f"[cluster-schedule] {line}", file=sys.stderr, flush=True)


class ClockFailover(unittest.TestCase):
    def setUp(self):
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)
        self.cluster = Cluster(3, prefix="compat_schedule").start()
        self.addCleanup(self.cluster.stop)

    def firings(self, rule_arn):
        return [(at, body) for at, body in self.receiver.received(
            lambda b: b.get("detail-type") == "Scheduled Event" and rule_arn in b.get("resources", []))]

    def wait_for_firings(self, rule_arn, count, timeout):
        deadline = time.monotonic() + timeout
        while len(self.firings(rule_arn)) < count:
            if time.monotonic() > deadline:
                self.fail(f"{len(self.firings(rule_arn))} firings after {timeout}s, wanted {count}\n{self.cluster.logs()}")
            time.sleep(0.2)
        return self.firings(rule_arn)

    def test_rate_rule_fires_once_a_minute_and_survives_the_clock_holder_being_killed(self):
        account = new_account()
        client = make_client(account, url=self.cluster.nodes[0].url)
        destination = api_destination(client, self.receiver, unique("tick-dest"))
        started = time.monotonic()
        rule_arn = client.put_rule(Name=unique("tick"), ScheduleExpression="rate(1 minute)")["RuleArn"]
        client.put_targets(Rule=rule_arn.rsplit("/", 1)[1], Targets=[
            {"Id": "receiver", "Arn": destination, "RoleArn": f"arn:aws:iam::{account}:role/invoke"}])

        holder = self.cluster.holder_of("rule-scheduler")
        self.assertIsNotNone(holder, "one node holds the scheduled-rule clock")
        holders = [i for i in range(3) if self.cluster.holder_of("rule-scheduler", among=[i]) == i]
        self.assertEqual(holders, [holder], "exactly one node holds the clock")

        first = self.wait_for_firings(rule_arn, 1, 90)
        first_time = datetime.strptime(first[0][1]["time"], "%Y-%m-%dT%H:%M:%SZ")
        report(f"first firing {first[0][0] - started:.1f}s after PutRule; clock on node{holder + 1}")
        # Killed right after it fired: the lease runs out (60 s) before another node may fire.
        self.cluster.nodes[holder].kill()
        killed = time.monotonic()
        survivors = [i for i in range(3) if i != holder]
        after = self.wait_for_firings(rule_arn, 2, 150)
        if len({b["time"] for _, b in after}) < 2:  # the second was the at-least-once repeat: wait for the next period
            after = self.wait_for_firings(rule_arn, 3, 90)
        new_holder = self.cluster.holder_of("rule-scheduler", among=survivors)
        report(f"next firing {after[1][0] - killed:.1f}s after the kill; clock now on node{(new_holder or 0) + 1}")
        self.assertIn(new_holder, survivors)

        # Each period fired once for the cluster: distinct scheduled times, a minute apart, never three at once.
        # One exception, at least once as AWS's delivery is: the period the holder fired just before its kill -9 may
        # fire again on the node that takes over when the holder died between journaling the firing and storing its
        # progress (known gap, closing note of session 5). Any other repeat is a failure.
        fired = [datetime.strptime(b["time"], "%Y-%m-%dT%H:%M:%SZ") for _, b in self.firings(rule_arn)]
        repeats = [t for t in set(fired) if fired.count(t) > 1]
        self.assertTrue(not repeats or (repeats == [first_time] and fired.count(first_time) == 2), f"a period fired twice: {fired}")
        times = sorted(set(fired))
        gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
        self.assertTrue(all(g >= 60 and g % 60 == 0 for g in gaps), f"firings not whole minutes apart: {times}")
        elapsed_minutes = (time.monotonic() - started) / 60
        self.assertLessEqual(len(times), int(elapsed_minutes) + 1, f"more firings than minutes: {times}")
        report(f"{len(times)} firings in {elapsed_minutes:.1f} minutes, scheduled at {[t.strftime('%H:%M:%S') for t in times]}")


if __name__ == "__main__":
    unittest.main()
