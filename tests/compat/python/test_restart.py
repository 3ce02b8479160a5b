"""Restart: state written with --data-dir survives a clean stop (SIGTERM) and a crash (SIGKILL)."""
import json
import signal
import unittest

from compat import bus_arn, make_client
from server import DataDirServers, Server

ACCOUNT = "555566667777"
OTHER = "888899990000"


class RestartKeepsState(DataDirServers, unittest.TestCase):
    maxDiff = None

    def populate(self, server):
        c = make_client(ACCOUNT, url=server.url)
        c.create_event_bus(Name="orders", Description="kept across restarts", Tags=[{"Key": "team", "Value": "shop"}],
                           DeadLetterConfig={"Arn": "arn:aws:sqs:us-east-1:555566667777:dlq"},
                           LogConfig={"IncludeDetail": "FULL", "Level": "TRACE"})
        c.put_permission(EventBusName="orders", Action="events:PutEvents", Principal="111122223333",
                         StatementId="acct")
        c.put_permission(EventBusName="orders", Action="events:PutEvents", Principal="*", StatementId="org",
                         Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-1234567890"})
        c.put_permission(Action="events:PutEvents", Principal="444455556666", StatementId="on-default")
        c.create_event_bus(Name="removed")
        c.delete_event_bus(Name="removed")
        make_client(OTHER, url=server.url, region="eu-west-1").create_event_bus(Name="elsewhere")
        return self.snapshot(server)

    def snapshot(self, server):
        c = make_client(ACCOUNT, url=server.url)
        orders = c.describe_event_bus(Name="orders")
        default = c.describe_event_bus()
        for d in (orders, default):
            d.pop("ResponseMetadata")
        names = sorted(b["Name"] for b in c.list_event_buses()["EventBuses"])
        tags = c.list_tags_for_resource(ResourceARN=bus_arn(ACCOUNT, "orders"))["Tags"]
        other_client = make_client(OTHER, url=server.url, region="eu-west-1")
        other = other_client.describe_event_bus(Name="elsewhere")["Arn"]
        # a default bus that was only ever read: it exists from the start, its times do not move
        untouched = other_client.describe_event_bus()
        untouched.pop("ResponseMetadata")
        return {"orders": orders, "default": default, "names": names, "tags": tags, "other": other,
                "untouched_default": untouched}

    def check_contents(self, snap):
        orders = snap["orders"]
        self.assertEqual(orders["Description"], "kept across restarts")
        stmts = json.loads(orders["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in stmts], ["acct", "org"])
        self.assertEqual(json.loads(snap["default"]["Policy"])["Statement"][0]["Sid"], "on-default")
        self.assertEqual(snap["names"], ["default", "orders"])
        self.assertEqual(snap["tags"], [{"Key": "team", "Value": "shop"}])
        self.assertEqual(snap["other"], "arn:aws:events:eu-west-1:888899990000:event-bus/elsewhere")

    def test_sigterm_then_restart(self):
        first = self.start()
        before = self.populate(first)
        self.check_contents(before)
        code = first.stop(signal.SIGTERM)
        self.assertEqual(code, 0, f"clean shutdown on SIGTERM expected, exit code {code}\n{first.log_tail()}")
        second = self.start()
        after = self.snapshot(second)
        self.assertEqual(after, before)
        # and it keeps working on the reopened store
        c = make_client(ACCOUNT, url=second.url)
        c.remove_permission(EventBusName="orders", StatementId="acct")
        second.stop(signal.SIGTERM)
        third = self.start()
        stmts = json.loads(make_client(ACCOUNT, url=third.url).describe_event_bus(Name="orders")["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in stmts], ["org"])

    def test_sigkill_right_after_response(self):
        # "an accepted change is on disk before the response"
        first = self.start()
        before = self.populate(first)
        make_client(ACCOUNT, url=first.url).put_permission(
            EventBusName="orders", Action="events:PutEvents", Principal="999988887777", StatementId="last-one")
        first.stop(signal.SIGKILL)
        second = self.start()
        after = self.snapshot(second)
        sids = [s["Sid"] for s in json.loads(after["orders"]["Policy"])["Statement"]]
        self.assertEqual(sids, ["acct", "org", "last-one"])
        self.assertEqual(after["names"], before["names"])
        self.assertEqual(after["tags"], before["tags"])
        self.assertEqual(after["default"]["Policy"], before["default"]["Policy"])

    def test_in_memory_forgets(self):
        s = Server()
        self.servers.append(s)
        s.start()
        make_client(ACCOUNT, url=s.url).create_event_bus(Name="gone")
        s.stop()
        s2 = Server()
        self.servers.append(s2)
        s2.start()
        c = make_client(ACCOUNT, url=s2.url)
        with self.assertRaises(c.exceptions.ResourceNotFoundException):
            c.describe_event_bus(Name="gone")


if __name__ == "__main__":
    unittest.main()
