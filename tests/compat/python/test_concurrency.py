"""Concurrent PutPermission calls on one bus never lose a statement: every call that succeeded is in
the final policy; a call may fail only with ConcurrentModificationException."""
import json
import threading
import unittest

from compat import CompatTestCase, make_client, unique

N = 20


class ConcurrentPutPermission(CompatTestCase):
    def _race(self, bus, sids, principal_for):
        clients = [make_client(self.account, max_pool_connections=1) for _ in sids]
        barrier = threading.Barrier(len(sids))
        results = {}

        def call(i, sid):
            try:
                barrier.wait(timeout=30)
                clients[i].put_permission(EventBusName=bus, Action="events:PutEvents",
                                          Principal=principal_for(i), StatementId=sid)
                results[sid] = "ok"
            except clients[i].exceptions.ClientError as e:
                results[sid] = e.response["Error"]["Code"]
            except Exception as e:  # noqa: BLE001 - reported below
                results[sid] = repr(e)

        threads = [threading.Thread(target=call, args=(i, sid)) for i, sid in enumerate(sids)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return results

    def _check(self, bus, results):
        bad = {k: v for k, v in results.items() if v not in ("ok", "ConcurrentModificationException")}
        self.assertEqual(bad, {}, "calls may fail only with ConcurrentModificationException")
        ok = sorted(k for k, v in results.items() if v == "ok")
        self.assertTrue(ok, "no call succeeded")
        d = self.client.describe_event_bus(Name=bus)
        sids = [s["Sid"] for s in json.loads(d["Policy"])["Statement"]]
        self.assertEqual(len(sids), len(set(sids)), f"duplicate statements: {sids}")
        self.assertEqual(sorted(sids), ok, "final policy must hold exactly the statements whose call succeeded")
        return ok

    def test_twenty_parallel_put_permission_custom_bus(self):
        bus = unique("race")
        self.client.create_event_bus(Name=bus)
        sids = [f"parallel-{i:02d}" for i in range(N)]
        results = self._race(bus, sids, lambda i: f"{300000000000 + i}")
        self.assertEqual(len(results), N)
        self._check(bus, results)

    def test_twenty_parallel_put_permission_default_bus(self):
        sids = [f"dflt-{i:02d}" for i in range(N)]
        results = self._race("default", sids, lambda i: "*" if i % 2 else f"{400000000000 + i}")
        self.assertEqual(len(results), N)
        self._check("default", results)

    def test_parallel_put_and_remove(self):
        bus = unique("race-rm")
        self.client.create_event_bus(Name=bus)
        keep = [f"keep-{i:02d}" for i in range(10)]
        for sid in keep:
            self.client.put_permission(EventBusName=bus, Action="events:PutEvents", Principal="111122223333",
                                       StatementId=sid)
        clients = [make_client(self.account) for _ in range(20)]
        barrier = threading.Barrier(20)
        outcome = {}

        def work(i):
            c = clients[i]
            try:
                barrier.wait(timeout=30)
                if i < 10:
                    c.remove_permission(EventBusName=bus, StatementId=keep[i])
                    outcome[("rm", keep[i])] = "ok"
                else:
                    sid = f"add-{i:02d}"
                    c.put_permission(EventBusName=bus, Action="events:PutEvents", Principal="111122223333",
                                     StatementId=sid)
                    outcome[("add", sid)] = "ok"
            except c.exceptions.ClientError as e:
                outcome[("rm" if i < 10 else "add", keep[i] if i < 10 else f"add-{i:02d}")] = \
                    e.response["Error"]["Code"]

        threads = [threading.Thread(target=work, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        bad = {k: v for k, v in outcome.items() if v not in ("ok", "ConcurrentModificationException")}
        self.assertEqual(bad, {})
        policy = self.client.describe_event_bus(Name=bus).get("Policy")
        final = set(s["Sid"] for s in json.loads(policy)["Statement"]) if policy else set()
        expected = {sid for (kind, sid), v in outcome.items() if kind == "add" and v == "ok"}
        expected |= {sid for (kind, sid), v in outcome.items() if kind == "rm" and v != "ok"}
        self.assertEqual(final, expected)


if __name__ == "__main__":
    unittest.main()
