"""A cluster: three nodes on one PostgreSQL database, each answering any call (docs/cluster.md).

A change made on one node is in force on the others within the change feed's bound; concurrent policy changes spread
over the nodes all land; an event whose PutEvents entry was acknowledged is delivered even when the node that took it
is killed. Deliveries are observed at an HTTP endpoint behind an API destination, which every node can reach.
The scheduled-rule clock's failover is test_cluster_schedule (it needs minutes of real time, so it runs on a cluster
of its own, concurrently with this suite when tests/compat/run runs both).
"""
import concurrent.futures
import json
import os
import sys
import threading
import time
import unittest

from botocore.exceptions import BotoCoreError, ClientError

from cluster import Cluster, health
from compat import bus_arn, make_client, new_account, unique
from receiver import Receiver, api_destination

# A node never routes on rules or policies it has not confirmed current for longer than this (ServerOptions.
# ChangeFeedStalenessBound, 1.5 s); NOTIFY brings a change well within it (the times seen are in the suite's log).
BOUND = 1.5


def wait_until(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(0.02)


def report(line):
    """A measurement for the suite's log (tests/compat/.results/python-cluster.log)."""
    print(f"[cluster] {line}", file=sys.stderr, flush=True)


class ThreeNodes(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.receiver = Receiver()
        cls.cluster = Cluster(3, prefix="compat_cluster",
                              config={"delivery": {"initialBackoffMs": 10, "maxBackoffMs": 200}}).start()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()
        cls.receiver.close()

    def node(self, index):
        return self.cluster.nodes[index].url

    def clients(self, account):
        return [make_client(account, url=self.node(i)) for i in range(3)]

    def route_to_receiver(self, client, source, bus="default"):
        name = unique("dest")
        arn = api_destination(client, self.receiver, name)
        rule = unique("rule")
        client.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps({"source": [source]}))
        account = arn.split(":")[4]
        client.put_targets(Rule=rule, EventBusName=bus, Targets=[
            {"Id": "receiver", "Arn": arn, "RoleArn": f"arn:aws:iam::{account}:role/invoke"}])
        return rule

    def feed_reached(self, index, sequence):
        return health(self.node(index))["changeFeed"]["appliedSequence"] >= sequence

    def test_a_rule_changed_on_one_node_routes_on_the_others(self):
        account = new_account()
        one, two, three = self.clients(account)
        source = unique("com.example.cluster")
        rule = self.route_to_receiver(one, source)
        changed = time.monotonic()  # PutTargets answered: committed on node 1
        latest = health(self.node(0))["changeFeed"]["appliedSequence"]
        wait_until(lambda: self.feed_reached(1, latest), BOUND, "node 2 to apply node 1's rule")
        report(f"rule and target made on node 1 applied on node 2 within {time.monotonic() - changed:.3f}s of PutTargets' answer")

        answer = two.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": json.dumps({"n": "first"})}])
        self.assertEqual(answer["FailedEntryCount"], 0, answer)
        event_id = answer["Entries"][0]["EventId"]
        wait_until(lambda: self.receiver.received(lambda b: b["id"] == event_id), 20, "delivery of node 2's event")

        # Disabled on node 3 while events keep arriving on nodes 1 and 2: none sent after the bound is delivered.
        sent = []
        stop = threading.Event()

        def keep_sending(client, label):
            n = 0
            while not stop.is_set():
                n += 1
                at = time.monotonic()
                out = client.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": json.dumps({"n": f"{label}-{n}"})}])
                if out["FailedEntryCount"] == 0:
                    sent.append((at, out["Entries"][0]["EventId"]))
                time.sleep(0.01)

        senders = [threading.Thread(target=keep_sending, args=(c, label)) for c, label in ((one, "one"), (two, "two"))]
        for s in senders:
            s.start()
        time.sleep(0.3)
        three.disable_rule(Name=rule)
        disabled_at = time.monotonic()  # committed when DisableRule answers
        time.sleep(BOUND + 1.5)
        stop.set()
        for s in senders:
            s.join()
        # Deliveries of events routed before the disable may still be in flight: let them land before judging.
        time.sleep(2)
        delivered = {b["id"] for _, b in self.receiver.received()}
        routed_after = [at - disabled_at for at, event in sent if event in delivered and at > disabled_at]
        if routed_after:
            report(f"DisableRule on node 3: {len(routed_after)} events sent after its answer were still routed on nodes 1-2, "
                   f"the last sent {max(routed_after):.3f}s after it")
        else:
            report(f"DisableRule on node 3: none of the {sum(1 for at, _ in sent if at > disabled_at)} events sent on nodes 1-2 "
                   "after its answer was routed")
        late = [at - disabled_at for at, event in sent if event in delivered and at > disabled_at + BOUND]
        self.assertEqual(late, [], "events sent more than the bound after DisableRule were still delivered")
        self.assertTrue(any(at > disabled_at + BOUND for at, _ in sent), "the senders kept sending past the bound")
        self.assertTrue(any(at < disabled_at for at, e in sent if e in delivered), "events before the disable were delivered")

    def test_b_concurrent_permissions_over_three_nodes_all_land_and_a_removal_holds_everywhere(self):
        owner = new_account()
        principals = [new_account() for _ in range(20)]
        clients = self.clients(owner)
        bus = unique("shared")
        clients[0].create_event_bus(Name=bus)
        target = bus_arn(owner, bus)
        latest = health(self.node(0))["changeFeed"]["appliedSequence"]
        wait_until(lambda: all(self.feed_reached(i, latest) for i in (1, 2)), BOUND, "the bus on every node")

        def grant(i):
            clients[i % 3].put_permission(EventBusName=bus, Action="events:PutEvents", Principal=principals[i],
                                          StatementId=f"grant-{i}")

        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            list(pool.map(grant, range(20)))
        wanted = {f"grant-{i}" for i in range(20)}

        def sids(i):
            policy = clients[i].describe_event_bus(Name=bus).get("Policy")
            return {s["Sid"] for s in json.loads(policy)["Statement"]} if policy else set()

        settled = time.monotonic()
        wait_until(lambda: all(sids(i) == wanted for i in range(3)), BOUND + 1, "all 20 statements on every node")
        report(f"20 concurrent PutPermission over 3 nodes: all 20 on every node {time.monotonic() - settled:.3f}s after the last answer")
        for i in range(3):
            self.assertEqual(sids(i), wanted)

        def put_as(principal, index):
            out = make_client(principal, url=self.node(index)).put_events(
                Entries=[{"EventBusName": target, "Source": "com.example.grants", "DetailType": "t", "Detail": "{}"}])
            return out["Entries"][0].get("ErrorCode")

        for index in (1, 2):
            self.assertIsNone(put_as(principals[0], index), "the grant admits its principal before the removal")
        clients[0].remove_permission(EventBusName=bus, StatementId="grant-0")
        removed = time.monotonic()
        wait_until(lambda: put_as(principals[0], 1) == "AccessDeniedException" and put_as(principals[0], 2) == "AccessDeniedException",
                   BOUND, "the removal to refuse events on nodes 2 and 3")
        report(f"RemovePermission on node 1 refused on nodes 2 and 3 after {time.monotonic() - removed:.3f}s")
        for _ in range(5):
            for index in (1, 2):
                self.assertEqual(put_as(principals[0], index), "AccessDeniedException")
        self.assertIsNone(put_as(principals[1], 2), "the other grants still hold")

    def test_c_every_acknowledged_event_is_delivered_when_a_node_is_killed(self):
        account = new_account()
        clients = self.clients(account)
        source = unique("com.example.load")
        self.route_to_receiver(clients[0], source)
        latest = health(self.node(0))["changeFeed"]["appliedSequence"]
        wait_until(lambda: all(self.feed_reached(i, latest) for i in (1, 2)), BOUND, "the rule on every node")

        acknowledged = set()
        lock = threading.Lock()
        stop = threading.Event()
        failures = {"refused": 0, "lost connection": 0}

        def load(index, worker):
            client = make_client(account, url=self.node(index), connect_timeout=2, read_timeout=10)
            n = 0
            while not stop.is_set():
                n += 1
                entries = [{"Source": source, "DetailType": "load", "Detail": json.dumps({"w": f"{index}-{worker}", "n": n, "k": k})}
                           for k in range(10)]
                try:
                    out = client.put_events(Entries=entries)
                except (BotoCoreError, ClientError, OSError):
                    with lock:
                        failures["lost connection"] += 1
                    if not self.cluster.nodes[index].proc or self.cluster.nodes[index].proc.poll() is not None:
                        return  # the node is dead: this worker's calls can only fail now
                    continue
                with lock:
                    for entry in out["Entries"]:
                        if "EventId" in entry:
                            acknowledged.add(entry["EventId"])
                        else:
                            failures["refused"] += 1

        workers = [threading.Thread(target=load, args=(index, w)) for index in range(3) for w in range(3)]
        for w in workers:
            w.start()
        time.sleep(2.0)
        victim = 2
        self.cluster.nodes[victim].kill()
        killed_at = time.monotonic()
        time.sleep(2.0)
        stop.set()
        for w in workers:
            w.join()
        self.assertGreater(len(acknowledged), 100, failures)
        report(f"kill -9 under load: {len(acknowledged)} entries acknowledged by 3 nodes, {failures}")

        def missing():
            got = {b["id"] for _, b in self.receiver.received(lambda b: b.get("source") == source)}
            return acknowledged - got

        # The killed node's claimed deliveries come back when their leases expire (60 s), then another node sends them.
        try:
            wait_until(lambda: not missing(), 150, "every acknowledged event at the receiver")
        except AssertionError:
            self.fail(f"{len(missing())} of {len(acknowledged)} acknowledged events never arrived\n{self.cluster.logs()}")
        arrivals = [b["id"] for _, b in self.receiver.received(lambda b: b.get("source") == source)]
        duplicates = len(arrivals) - len(set(arrivals))
        last = max(at for at, b in self.receiver.received(lambda b: b.get("source") == source))
        report(f"kill -9: all {len(acknowledged)} acknowledged events delivered ({duplicates} duplicates, "
               f"last one {last - killed_at:.1f}s after the kill)")
        unacknowledged = set(arrivals) - acknowledged  # taken by the killed node, its answer lost with it
        if unacknowledged:
            report(f"kill -9: {len(unacknowledged)} events were delivered whose PutEvents answer the kill cut off")
        self.assertLessEqual(acknowledged, set(arrivals))
        # The node comes back under its name and joins the cluster again.
        self.cluster.restart(victim)
        self.assertEqual(health(self.node(victim))["node"]["name"], "node3")


if __name__ == "__main__":
    unittest.main()
