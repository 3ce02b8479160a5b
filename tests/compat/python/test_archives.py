"""Archives through boto3 (issue 10): CreateArchive / DescribeArchive / UpdateArchive / DeleteArchive / ListArchives,
the managed rule each archive puts on its source bus, events counted only when they match, retention (with the
Scheduler test clock, not a sleep) and archives kept across a restart. AWS's answers are those recorded in LocalStack's
AWS-validated snapshots (https://github.com/localstack/localstack tests/aws/services/events/
test_archive_and_replay.snapshot.json) and the API reference (https://docs.aws.amazon.com/eventbridge/latest/APIReference/)."""
import datetime
import json
import shutil
import tempfile
import time
import unittest

from compat import CompatTestCase, bus_arn, make_client, new_account, scheduler_clock, unique
from server import Server

PATTERN = {"source": ["shop"], "detail-type": ["order"]}
MANAGED_BY = "prod.vhs.events.aws.internal"


def entry(bus, source="shop", detail_type="order", detail=None):
    return {"EventBusName": bus, "Source": source, "DetailType": detail_type, "Detail": json.dumps(detail or {"n": 1})}


def put(client, entries):
    answer = client.put_events(Entries=entries)
    assert answer["FailedEntryCount"] == 0, answer


class Archives(CompatTestCase):
    def setUp(self):
        super().setUp()
        self.bus = unique("arch")
        self.bus_arn = self.client.create_event_bus(Name=self.bus)["EventBusArn"]

    def archive_arn(self, name):
        return f"arn:aws:events:us-east-1:{self.account}:archive/{name}"

    def create(self, name, **kw):
        kw.setdefault("EventSourceArn", self.bus_arn)
        return self.client.create_archive(ArchiveName=name, **kw)

    def test_create_describe_list_update_delete(self):
        created = self.create("orders", Description="description of the archive", EventPattern=json.dumps(PATTERN),
                              RetentionDays=1, KmsKeyIdentifier="alias/archives")
        self.assertEqual(created["ArchiveArn"], self.archive_arn("orders"))
        self.assertEqual(created["State"], "ENABLED")
        self.assertIsInstance(created["CreationTime"], datetime.datetime)

        described = self.client.describe_archive(ArchiveName="orders")
        for key in ("ResponseMetadata",):
            described.pop(key)
        self.assertEqual(json.loads(described.pop("EventPattern")), PATTERN)
        self.assertEqual(described.pop("CreationTime"), created["CreationTime"])
        self.assertEqual(described, {
            "ArchiveArn": self.archive_arn("orders"), "ArchiveName": "orders", "Description": "description of the archive",
            "EventSourceArn": self.bus_arn, "State": "ENABLED", "RetentionDays": 1, "SizeBytes": 0, "EventCount": 0,
            "KmsKeyIdentifier": "alias/archives"})

        listed = self.client.list_archives()["Archives"]
        self.assertEqual([{k: v for k, v in a.items() if k != "CreationTime"} for a in listed], [{
            "ArchiveName": "orders", "EventSourceArn": self.bus_arn, "State": "ENABLED", "RetentionDays": 1,
            "SizeBytes": 0, "EventCount": 0}])

        updated = self.client.update_archive(ArchiveName="orders", Description="new", RetentionDays=0,
                                             EventPattern=json.dumps({"source": ["billing"]}))
        self.assertEqual((updated["ArchiveArn"], updated["State"]), (self.archive_arn("orders"), "ENABLED"))
        described = self.client.describe_archive(ArchiveName="orders")
        self.assertEqual((described["Description"], described["RetentionDays"], json.loads(described["EventPattern"])),
                         ("new", 0, {"source": ["billing"]}))
        # UpdateArchive's pattern is the managed rule's too.
        rule = self.client.describe_rule(Name="Events-Archive-orders", EventBusName=self.bus)
        self.assertEqual(json.loads(rule["EventPattern"]), {"source": ["billing"], "replay-name": [{"exists": False}]})

        self.client.delete_archive(ArchiveName="orders")
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.describe_archive(ArchiveName="orders")
        self.assertClientError(ctx, "ResourceNotFoundException", "Archive orders does not exist.")
        self.assertEqual(self.client.list_archives()["Archives"], [])
        # The managed rule goes with it: the bus can be deleted again.
        self.assertEqual(self.client.list_rules(EventBusName=self.bus)["Rules"], [])
        self.client.delete_event_bus(Name=self.bus)

    def test_only_matching_events_are_counted(self):
        self.create("matching", EventPattern=json.dumps(PATTERN))
        self.create("everything")
        put(self.client, [entry(self.bus, detail={"n": i}) for i in range(3)]
            + [entry(self.bus, source="other"), entry(self.bus, detail_type="refund")])
        matching = self.client.describe_archive(ArchiveName="matching")
        everything = self.client.describe_archive(ArchiveName="everything")
        self.assertEqual(matching["EventCount"], 3)
        self.assertEqual(everything["EventCount"], 5)
        self.assertGreater(matching["SizeBytes"], 0)
        self.assertGreater(everything["SizeBytes"], matching["SizeBytes"])
        # Events on another bus, and on the default bus, are not this archive's.
        put(self.client, [{"Source": "shop", "DetailType": "order", "Detail": "{}"}])
        self.assertEqual(self.client.describe_archive(ArchiveName="matching")["EventCount"], 3)
        listed = {a["ArchiveName"]: a for a in self.client.list_archives()["Archives"]}
        self.assertEqual((listed["matching"]["EventCount"], listed["matching"]["SizeBytes"]),
                         (3, matching["SizeBytes"]))

    def test_archive_of_the_default_bus(self):
        default = bus_arn(self.account, "default")
        self.create("all-default", EventSourceArn=default)
        put(self.client, [{"Source": "a", "DetailType": "b", "Detail": "{}"}])
        described = self.client.describe_archive(ArchiveName="all-default")
        self.assertEqual((described["EventSourceArn"], described["EventCount"]), (default, 1))
        self.assertNotIn("EventPattern", described)
        rule = self.client.describe_rule(Name="Events-Archive-all-default")
        self.assertEqual(json.loads(rule["EventPattern"]), {"replay-name": [{"exists": False}]})
        self.assertEqual(rule["Arn"], f"arn:aws:events:us-east-1:{self.account}:rule/Events-Archive-all-default")

    def test_managed_rule_is_visible_and_protected(self):
        self.create("guarded", EventPattern=json.dumps(PATTERN))
        name = "Events-Archive-guarded"
        rule = self.client.describe_rule(Name=name, EventBusName=self.bus)
        self.assertEqual((rule["ManagedBy"], rule["State"], rule["EventBusName"], rule["CreatedBy"]),
                         (MANAGED_BY, "ENABLED", self.bus, self.account))
        self.assertEqual(json.loads(rule["EventPattern"]), dict(PATTERN, **{"replay-name": [{"exists": False}]}))
        listed = self.client.list_rules(EventBusName=self.bus)["Rules"]
        self.assertEqual([(r["Name"], r.get("ManagedBy")) for r in listed], [(name, MANAGED_BY)])
        self.assertEqual(self.client.list_targets_by_rule(Rule=name, EventBusName=self.bus)["Targets"], [])

        calls = {
            "put_rule": lambda: self.client.put_rule(Name=name, EventBusName=self.bus, EventPattern=json.dumps({"source": ["x"]})),
            "delete_rule": lambda: self.client.delete_rule(Name=name, EventBusName=self.bus),
            "disable_rule": lambda: self.client.disable_rule(Name=name, EventBusName=self.bus),
            "put_targets": lambda: self.client.put_targets(Rule=name, EventBusName=self.bus,
                                                           Targets=[{"Id": "t", "Arn": f"arn:aws:sqs:us-east-1:{self.account}:q"}]),
            "remove_targets": lambda: self.client.remove_targets(Rule=name, EventBusName=self.bus, Ids=["t"]),
        }
        for call, run in calls.items():
            with self.subTest(call=call):
                with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                    run()
                error = self.assertClientError(ctx, "ManagedRuleException")
                self.assertIn(f"Rule {name} is managed by {MANAGED_BY}", error["Message"])
        # Nothing changed, and the archive still captures.
        rule = self.client.describe_rule(Name=name, EventBusName=self.bus)
        self.assertEqual((rule["State"], json.loads(rule["EventPattern"])["source"]), ("ENABLED", ["shop"]))
        put(self.client, [entry(self.bus)])
        self.assertEqual(self.client.describe_archive(ArchiveName="guarded")["EventCount"], 1)
        # A bus with an archive has its rule: it cannot be deleted while the archive exists.
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.delete_event_bus(Name=self.bus)
        self.assertClientError(ctx, "ValidationException", "EventBus can't be deleted since it has rules.")

    def test_errors(self):
        missing_bus = bus_arn(self.account, "no-such-bus")
        cases = [
            (lambda: self.create("a", EventSourceArn=missing_bus), "ResourceNotFoundException", "Event bus no-such-bus does not exist."),
            (lambda: self.client.describe_archive(ArchiveName="nope"), "ResourceNotFoundException", "Archive nope does not exist."),
            (lambda: self.client.delete_archive(ArchiveName="nope"), "ResourceNotFoundException", "Archive nope does not exist."),
            (lambda: self.client.update_archive(ArchiveName="nope", Description="d"), "ResourceNotFoundException", "Archive nope does not exist."),
            (lambda: self.client.list_archives(EventSourceArn=missing_bus), "ResourceNotFoundException", "Event bus no-such-bus does not exist."),
            (lambda: self.create("bad", EventPattern='{"source": "not-a-list"}'), "InvalidEventPatternException", None),
            (lambda: self.create("bad", EventPattern="not json"), "InvalidEventPatternException", None),
        ]
        for run, code, message in cases:
            with self.subTest(code=code, message=message):
                with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                    run()
                self.assertClientError(ctx, code, message)
        self.create("dup")
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.create("dup")
        self.assertClientError(ctx, "ResourceAlreadyExistsException", "Archive dup already exists.")
        # The model's constraints, with AWS's validation messages.
        raw = make_client(self.account, parameter_validation=False)
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            raw.create_archive(ArchiveName="bad name!", EventSourceArn=self.bus_arn)
        self.assertValidationError(ctx, "Value 'bad name!' at 'archiveName' failed to satisfy constraint: "
                                        "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+")
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            raw.create_archive(ArchiveName="neg", EventSourceArn=self.bus_arn, RetentionDays=-1)
        self.assertValidationError(ctx, "Value '-1' at 'retentionDays' failed to satisfy constraint: "
                                        "Member must have value greater than or equal to 0")
        # Nothing was made by the refused calls.
        self.assertEqual([a["ArchiveName"] for a in self.client.list_archives()["Archives"]], ["dup"])
        self.assertEqual([r["Name"] for r in self.client.list_rules(EventBusName=self.bus)["Rules"]], ["Events-Archive-dup"])
        # An updated pattern is validated too, and a refused update changes nothing.
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.update_archive(ArchiveName="dup", EventPattern="[1]")
        self.assertClientError(ctx, "InvalidEventPatternException")
        self.assertNotIn("EventPattern", self.client.describe_archive(ArchiveName="dup"))

    def test_another_accounts_bus_is_refused(self):
        other = new_account()
        other_client = make_client(other)
        other_bus = other_client.create_event_bus(Name=unique("theirs"))["EventBusArn"]
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.create("theirs", EventSourceArn=other_bus)
        self.assertClientError(ctx, "AccessDeniedException")
        self.assertEqual(other_client.list_rules(EventBusName=other_bus.split("/")[-1])["Rules"], [])
        self.assertEqual(self.client.list_archives()["Archives"], [])
        # Archives are per account: the other account sees none of this one's.
        self.create("mine")
        self.assertEqual(other_client.list_archives()["Archives"], [])
        with self.assertRaises(other_client.exceptions.ClientError) as ctx:
            other_client.describe_archive(ArchiveName="mine")
        self.assertClientError(ctx, "ResourceNotFoundException", "Archive mine does not exist.")

    def test_list_filters_and_pagination(self):
        second = self.client.create_event_bus(Name=unique("arch2"))["EventBusArn"]
        for name in ("a-1", "a-2", "a-3", "b-1"):
            self.create(name)
        self.create("c-1", EventSourceArn=second)
        names = lambda answer: [a["ArchiveName"] for a in answer["Archives"]]  # noqa: E731
        self.assertEqual(names(self.client.list_archives(NamePrefix="a-")), ["a-1", "a-2", "a-3"])
        self.assertEqual(names(self.client.list_archives(NamePrefix="a-2")), ["a-2"])
        self.assertEqual(names(self.client.list_archives(NamePrefix="zz")), [])
        self.assertEqual(names(self.client.list_archives(EventSourceArn=second)), ["c-1"])
        self.assertEqual(names(self.client.list_archives(EventSourceArn=self.bus_arn)), ["a-1", "a-2", "a-3", "b-1"])
        self.assertEqual(names(self.client.list_archives(State="ENABLED")), ["a-1", "a-2", "a-3", "b-1", "c-1"])
        self.assertEqual(names(self.client.list_archives(State="DISABLED")), [])
        seen, token = [], None
        while True:
            page = self.client.list_archives(Limit=2, **({"NextToken": token} if token else {}))
            self.assertLessEqual(len(page["Archives"]), 2)
            seen += names(page)
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, ["a-1", "a-2", "a-3", "b-1", "c-1"])
        # boto3's paginator reads the same pages.
        paged = [a["ArchiveName"] for p in self.client.get_paginator("list_archives").paginate(PaginationConfig={"PageSize": 2})
                 for a in p["Archives"]] if self.client.can_paginate("list_archives") else seen
        self.assertEqual(paged, seen)


class ArchiveRetentionAndRestart(unittest.TestCase):
    """A server on a data directory with the Scheduler test clock: retention expires archived events when the clock
    moves past RetentionDays (RetentionDays 0 keeps them), and archived events survive a restart."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-archives-")
        cls.server = Server("--scheduler-test-clock", data_dir=cls.tmp).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def client(self, account):
        return make_client(account, url=self.server.url)

    def count(self, client, name):
        return client.describe_archive(ArchiveName=name)["EventCount"]

    def test_retention_expires_with_the_test_clock_and_restart_keeps_events(self):
        account = new_account()
        c = self.client(account)
        bus = unique("ret")
        arn = c.create_event_bus(Name=bus)["EventBusArn"]
        c.create_archive(ArchiveName="one-day", EventSourceArn=arn, RetentionDays=1)
        c.create_archive(ArchiveName="forever", EventSourceArn=arn, RetentionDays=0)
        put(c, [entry(bus, detail={"n": i}) for i in range(4)])
        self.assertEqual((self.count(c, "one-day"), self.count(c, "forever")), (4, 4))

        # Durable: a restart on the same data directory keeps the archives and their events.
        self.server.stop()
        type(self).server = Server("--scheduler-test-clock", data_dir=self.tmp).start()
        c = self.client(account)
        self.assertEqual((self.count(c, "one-day"), self.count(c, "forever")), (4, 4))

        # Half a day later nothing has expired; two days later the one-day archive is empty.
        status, _ = scheduler_clock(self.server.url, advanceSeconds=12 * 3600)
        self.assertEqual(status, 200)
        time.sleep(2.5)  # two retention passes (one a second with the test clock): nothing may go
        self.assertEqual(self.count(c, "one-day"), 4)
        status, _ = scheduler_clock(self.server.url, advanceSeconds=36 * 3600)
        self.assertEqual(status, 200)
        deadline = time.monotonic() + 20
        while self.count(c, "one-day") != 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        described = c.describe_archive(ArchiveName="one-day")
        self.assertEqual((described["EventCount"], described["SizeBytes"]), (0, 0))
        self.assertEqual(self.count(c, "forever"), 4)
        # New events go into the emptied archive as before.
        put(c, [entry(bus)])
        self.assertEqual((self.count(c, "one-day"), self.count(c, "forever")), (1, 5))


if __name__ == "__main__":
    unittest.main()
