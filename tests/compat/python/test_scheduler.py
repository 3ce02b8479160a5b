"""EventBridge Scheduler end to end (issue 11): boto3's `scheduler` client against a real Switchyard process on the
EventBridge port, with moto_server standing in for SQS and a local HTTP server for Lambda function URLs.

Covers the API (the 11 operations, typed errors, ClientToken, the default group, filters and pagination, tags)
and schedules that fire in real time a few seconds ahead (at() has second precision, and a rate() schedule without
StartDate fires at once, as AWS documents): one-off with ActionAfterCompletion DELETE, context attributes, a bus
target, retries then the dead-letter queue with Scheduler's attributes, disabled schedules, the universal target
sqs:sendMessage, and a firing missed while the server was down made after the restart. Daylight-saving behaviour
and schedules a day or months ahead run on a server with the Scheduler test clock (--scheduler-test-clock, Switchyard's
own: POST /_switchyard/scheduler/clock moves the Scheduler's time forward), so nothing waits in real time.
"""

import datetime
import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import uuid

import boto3
import botocore.config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compat import scheduler_clock  # noqa: E402
import test_delivery  # noqa: E402 (the module, not its test class: importing the class would run its tests here too)
from test_delivery import FunctionServer, MotoSqs, Switchyard, function_arn, require_server_build, wait_until  # noqa: E402

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/scheduler"


def at_expression(seconds_ahead):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_ahead)
    return f"at({when.strftime('%Y-%m-%dT%H:%M:%S')})"


def utc(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso(instant):
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def last_sunday(year, month):
    """The EU's daylight-saving changes fall on the last Sunday of March and of October, at 01:00 UTC."""
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


class SchedulerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_server_build()
        cls.moto = MotoSqs()
        cls.sqs = cls.moto.wait()
        cls.functions = FunctionServer()
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-scheduler-")
        cls.server = Switchyard(os.path.join(cls.tmp, "main"), {
            "delivery": {"initialBackoffMs": 50, "maxBackoffMs": 200},
            "sqs": {"endpoint": cls.moto.url, "accessKeyId": "testing", "secretAccessKey": "testing", "region": REGION},
            "lambda": {"functions": {function_arn("broken"): f"{cls.functions.url}/fail",
                                     function_arn("ok"): f"{cls.functions.url}/ok"}},
        })
        try:
            cls.server.start()
        except BaseException:
            cls.tearDownClass()
            raise
        cls.scheduler = cls.client_for(ACCOUNT)
        cls.events = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.functions.close()
        cls.moto.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def client_for(cls, account, region=REGION):
        return boto3.client("scheduler", endpoint_url=cls.server.server.url, region_name=region,
                            aws_access_key_id=account, aws_secret_access_key="secret",
                            config=botocore.config.Config(retries={"total_max_attempts": 1}))

    # helpers

    # the delivery suite's: a fresh moto queue, and waiting for messages on one
    queue = test_delivery.DeliveryTest.queue
    receive = test_delivery.DeliveryTest.receive

    def drain(self, queue_url, seconds=2):
        """Everything that arrives within `seconds` more (to check that nothing else does)."""
        response = self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=seconds)
        return response.get("Messages", [])

    def create(self, name=None, expression="rate(1 hour)", target=None, client=None, **kw):
        name = name or f"s-{uuid.uuid4().hex[:8]}"
        (client or self.scheduler).create_schedule(
            Name=name, ScheduleExpression=expression, FlexibleTimeWindow=kw.pop("FlexibleTimeWindow", {"Mode": "OFF"}),
            Target=target or {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:nowhere", "RoleArn": ROLE}, **kw)
        return name

    # the API

    def test_create_get_update_delete(self):
        name = self.create(expression="cron(0 9 ? * MON-FRI *)", ScheduleExpressionTimezone="Europe/Berlin",
                           Description="weekday mornings", ActionAfterCompletion="NONE")
        got = self.scheduler.get_schedule(Name=name)
        self.assertEqual(got["Arn"], f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{name}")
        self.assertEqual(got["GroupName"], "default")
        self.assertEqual(got["ScheduleExpression"], "cron(0 9 ? * MON-FRI *)")
        self.assertEqual(got["ScheduleExpressionTimezone"], "Europe/Berlin")
        self.assertEqual(got["State"], "ENABLED")
        self.assertEqual(got["Description"], "weekday mornings")
        self.assertEqual(got["FlexibleTimeWindow"], {"Mode": "OFF"})
        self.assertEqual(got["Target"]["RetryPolicy"], {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185})
        self.assertIsInstance(got["CreationDate"], datetime.datetime)

        arn = self.scheduler.update_schedule(
            Name=name, ScheduleExpression="rate(5 minutes)", State="DISABLED",
            FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 10},
            Target={"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:other", "RoleArn": ROLE,
                    "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 600}})["ScheduleArn"]
        self.assertEqual(arn, got["Arn"])
        got = self.scheduler.get_schedule(Name=name)
        self.assertEqual(got["ScheduleExpression"], "rate(5 minutes)")
        self.assertEqual(got["State"], "DISABLED")
        self.assertEqual(got["FlexibleTimeWindow"], {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 10})
        self.assertEqual(got["Target"]["RetryPolicy"], {"MaximumEventAgeInSeconds": 600, "MaximumRetryAttempts": 3})
        self.assertNotIn("Description", got)  # UpdateSchedule replaces the whole schedule

        self.scheduler.delete_schedule(Name=name)
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
            self.scheduler.get_schedule(Name=name)

    def test_errors_arrive_typed(self):
        name = self.create()
        with self.assertRaises(self.scheduler.exceptions.ConflictException) as ctx:
            self.create(name=name)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException) as ctx:
            self.scheduler.get_schedule(Name="does-not-exist")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(ctx.exception.response["Error"]["Message"], "Schedule does-not-exist does not exist.")
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
            self.create(GroupName="no-such-group")
        with self.assertRaises(self.scheduler.exceptions.ValidationException) as ctx:
            self.create(name="bad name")
        self.assertIn("failed to satisfy constraint", ctx.exception.response["Error"]["Message"])
        for bad in ({"expression": "rate(1 minutes)"}, {"expression": "cron(0 9 * * *)"}, {"expression": "at(2030-13-01T00:00:00)"},
                    {"ScheduleExpressionTimezone": "Mars/Olympus"},
                    {"FlexibleTimeWindow": {"Mode": "FLEXIBLE"}},
                    {"FlexibleTimeWindow": {"Mode": "OFF", "MaximumWindowInMinutes": 5}},
                    {"Target": {"Arn": "not-an-arn", "RoleArn": ROLE}},
                    {"Target": {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "RoleArn": ROLE, "RetryPolicy": {"MaximumRetryAttempts": 186}}}):
            with self.subTest(bad=bad):
                kw = dict(bad)
                expression = kw.pop("expression", "rate(1 hour)")
                with self.assertRaises(self.scheduler.exceptions.ValidationException):
                    self.create(expression=expression, target=kw.pop("Target", None), **kw)
        # nothing was created by the refused calls
        names = [s["Name"] for s in self.scheduler.list_schedules(NamePrefix="s-")["Schedules"]]
        self.assertIn(name, names)

    def test_client_token_makes_create_idempotent(self):
        name = f"s-{uuid.uuid4().hex[:8]}"
        first = self.scheduler.create_schedule(Name=name, ScheduleExpression="rate(1 hour)", FlexibleTimeWindow={"Mode": "OFF"},
                                               Target={"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "RoleArn": ROLE}, ClientToken="token-1")
        again = self.scheduler.create_schedule(Name=name, ScheduleExpression="rate(1 hour)", FlexibleTimeWindow={"Mode": "OFF"},
                                               Target={"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "RoleArn": ROLE}, ClientToken="token-1")
        self.assertEqual(first["ScheduleArn"], again["ScheduleArn"])
        with self.assertRaises(self.scheduler.exceptions.ConflictException):
            self.scheduler.create_schedule(Name=name, ScheduleExpression="rate(1 hour)", FlexibleTimeWindow={"Mode": "OFF"},
                                           Target={"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "RoleArn": ROLE}, ClientToken="token-2")

    def test_default_group_exists_in_every_account_and_region(self):
        for account, region in (("210987654321", "us-east-1"), ("210987654321", "eu-west-1")):
            client = self.client_for(account, region)
            group = client.get_schedule_group(Name="default")
            self.assertEqual(group["Arn"], f"arn:aws:scheduler:{region}:{account}:schedule-group/default")
            self.assertEqual(group["State"], "ACTIVE")
            self.assertEqual([g["Name"] for g in client.list_schedule_groups()["ScheduleGroups"]], ["default"])
        with self.assertRaises(self.scheduler.exceptions.ValidationException):
            self.scheduler.delete_schedule_group(Name="default")

    def test_accounts_do_not_see_each_other(self):
        name = self.create()
        other = self.client_for("345678901234")
        with self.assertRaises(other.exceptions.ResourceNotFoundException):
            other.get_schedule(Name=name)
        self.assertEqual(other.list_schedules()["Schedules"], [])

    def test_list_schedules_filters_and_pages(self):
        group = f"g-{uuid.uuid4().hex[:8]}"
        self.scheduler.create_schedule_group(Name=group)
        names = [self.create(name=f"list-{i}", GroupName=group, State="DISABLED" if i % 2 else "ENABLED") for i in range(5)]
        listed = self.scheduler.list_schedules(GroupName=group)["Schedules"]
        self.assertEqual(sorted(s["Name"] for s in listed), names)
        self.assertTrue(all(s["GroupName"] == group and s["Target"]["Arn"].startswith("arn:aws:sqs:") for s in listed))
        disabled = self.scheduler.list_schedules(GroupName=group, State="DISABLED")["Schedules"]
        self.assertEqual(sorted(s["Name"] for s in disabled), ["list-1", "list-3"])
        self.assertEqual([s["Name"] for s in self.scheduler.list_schedules(GroupName=group, NamePrefix="list-4")["Schedules"]], ["list-4"])
        pages = list(self.scheduler.get_paginator("list_schedules").paginate(GroupName=group, PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["Schedules"]) for p in pages], [2, 2, 1])
        self.assertEqual(sorted(s["Name"] for p in pages for s in p["Schedules"]), names)
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
            self.scheduler.list_schedules(GroupName="no-such-group")

    def test_groups_and_tags(self):
        group = f"g-{uuid.uuid4().hex[:8]}"
        arn = self.scheduler.create_schedule_group(Name=group, Tags=[{"Key": "team", "Value": "a"}])["ScheduleGroupArn"]
        self.assertEqual(arn, f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule-group/{group}")
        with self.assertRaises(self.scheduler.exceptions.ConflictException):
            self.scheduler.create_schedule_group(Name=group)
        self.scheduler.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "test"}])
        self.scheduler.untag_resource(ResourceArn=arn, TagKeys=["env"])
        self.assertEqual(self.scheduler.list_tags_for_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "b"}])
        self.assertIn(group, [g["Name"] for g in self.scheduler.list_schedule_groups(NamePrefix="g-")["ScheduleGroups"]])
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
            self.scheduler.list_tags_for_resource(ResourceArn=f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule-group/nope")

    def test_deleting_a_group_deletes_its_schedules(self):
        group = f"g-{uuid.uuid4().hex[:8]}"
        self.scheduler.create_schedule_group(Name=group)
        inside = [self.create(GroupName=group) for _ in range(3)]
        outside = self.create()
        self.scheduler.delete_schedule_group(Name=group)
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
            self.scheduler.get_schedule_group(Name=group)
        for name in inside:
            with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
                self.scheduler.get_schedule(Name=name, GroupName=group)
        self.assertEqual(self.scheduler.get_schedule(Name=outside)["Name"], outside)

    # firing

    def test_one_off_schedule_fires_once_with_context_attributes_then_disappears(self):
        queue_url, queue_arn = self.queue()
        name = self.create(expression=at_expression(2), ActionAfterCompletion="DELETE", target={
            "Arn": queue_arn, "RoleArn": ROLE,
            "Input": '{"arn": "<aws.scheduler.schedule-arn>", "at": "<aws.scheduler.scheduled-time>", '
                     '"id": "<aws.scheduler.execution-id>", "attempt": "<aws.scheduler.attempt-number>"}'})
        [message] = self.receive(queue_url)
        body = json.loads(message["Body"])
        self.assertEqual(body["arn"], f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{name}")
        self.assertRegex(body["at"], r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
        self.assertRegex(body["id"], r"^[0-9a-f-]{36}$")
        self.assertEqual(body["attempt"], "1")
        wait_until(lambda: not any(s["Name"] == name for s in self.scheduler.list_schedules()["Schedules"]), timeout=10,
                   message="the one-off schedule to be deleted")
        self.assertEqual(self.drain(queue_url), [])

    def test_rate_schedule_without_start_date_fires_at_once(self):
        queue_url, queue_arn = self.queue()
        self.create(expression="rate(1 hour)", target={"Arn": queue_arn, "RoleArn": ROLE, "Input": "tick"})
        [message] = self.receive(queue_url)
        self.assertEqual(message["Body"], "tick")

    def test_disabled_schedule_does_not_fire(self):
        queue_url, queue_arn = self.queue()
        expression = at_expression(2)
        self.create(expression=expression, State="DISABLED", target={"Arn": queue_arn, "RoleArn": ROLE, "Input": "disabled"})
        self.create(expression=expression, target={"Arn": queue_arn, "RoleArn": ROLE, "Input": "enabled"})
        messages = self.receive(queue_url)
        messages += self.drain(queue_url, seconds=3)
        self.assertEqual([m["Body"] for m in messages], ["enabled"])

    def test_schedule_to_a_bus_reaches_a_rule_target(self):
        queue_url, queue_arn = self.queue()
        bus = f"bus-{uuid.uuid4().hex[:8]}"
        self.events.create_event_bus(Name=bus)
        self.events.put_rule(Name="from-scheduler", EventBusName=bus, EventPattern=json.dumps({"source": ["app.reminders"]}))
        self.events.put_targets(Rule="from-scheduler", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])
        name = self.create(expression=at_expression(2), target={
            "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{bus}", "RoleArn": ROLE,
            "EventBridgeParameters": {"Source": "app.reminders", "DetailType": "Reminder due"},
            "Input": '{"reminder": "water the plants"}'})
        [message] = self.receive(queue_url)
        event = json.loads(message["Body"])
        self.assertEqual(event["source"], "app.reminders")
        self.assertEqual(event["detail-type"], "Reminder due")
        self.assertEqual(event["detail"], {"reminder": "water the plants"})
        self.assertEqual(event["account"], ACCOUNT)
        self.assertEqual(event["resources"], [f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{name}"])

    def test_failing_target_is_retried_then_dead_lettered_with_scheduler_attributes(self):
        dlq_url, dlq_arn = self.queue()
        name = self.create(expression=at_expression(2), target={
            "Arn": function_arn("broken"), "RoleArn": ROLE, "Input": '{"n": <aws.scheduler.attempt-number>}',
            "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 600},
            "DeadLetterConfig": {"Arn": dlq_arn}})
        [letter] = self.receive(dlq_url)
        self.assertEqual(len(self.functions.bodies("/fail")), 3)  # the first attempt and two retries
        self.assertEqual([json.loads(b)["n"] for b in self.functions.bodies("/fail")], [1, 2, 3])
        attributes = {k: v["StringValue"] for k, v in letter["MessageAttributes"].items()}
        self.assertEqual(attributes["SCHEDULE_ARN"], f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{name}")
        self.assertEqual(attributes["TARGET_ARN"], function_arn("broken"))
        self.assertEqual(attributes["RETRY_ATTEMPTS"], "2")
        self.assertEqual(attributes["EXHAUSTED_RETRY_CONDITION"], "MaximumRetryAttempts")
        self.assertRegex(attributes["EXECUTION_ID"], r"^[0-9a-f-]{36}$")
        self.assertIn("ERROR_CODE", attributes)
        self.assertEqual(json.loads(letter["Body"]), {"n": 3})

    def test_the_test_clock_is_refused_when_the_setting_is_off(self):
        queue_url, queue_arn = self.queue()
        name = self.create(expression=at_expression(3600), target={"Arn": queue_arn, "RoleArn": ROLE, "Input": "an hour ahead"})
        status, answer = scheduler_clock(self.server.server.url, advanceSeconds=7200)
        self.assertEqual(status, 404)
        self.assertIn("--scheduler-test-clock", answer["error"])
        self.assertEqual(scheduler_clock(self.server.server.url)[0], 404)
        # nothing moved: the schedule an hour ahead neither fired nor went away
        self.assertEqual(self.drain(queue_url), [])
        self.assertEqual(self.scheduler.get_schedule(Name=name)["Name"], name)

    def test_universal_target_sqs_send_message(self):
        queue_url, _ = self.queue()
        self.create(expression=at_expression(2), target={
            "Arn": "arn:aws:scheduler:::aws-sdk:sqs:sendMessage", "RoleArn": ROLE,
            "Input": json.dumps({"QueueUrl": queue_url, "MessageBody": "via the universal target"})})
        [message] = self.receive(queue_url)
        self.assertEqual(message["Body"], "via the universal target")


class SchedulerRestartTest(unittest.TestCase):
    """A firing due while the server is down is made when it comes back (within the retry window), once."""

    @classmethod
    def setUpClass(cls):
        require_server_build()
        cls.moto = MotoSqs()
        cls.sqs = cls.moto.wait()
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-scheduler-restart-")
        cls.server = Switchyard(os.path.join(cls.tmp, "data"), {
            "sqs": {"endpoint": cls.moto.url, "accessKeyId": "testing", "secretAccessKey": "testing", "region": REGION}})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.moto.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_missed_firing_happens_after_restart(self):
        self.server.start()
        client = boto3.client("scheduler", endpoint_url=self.server.server.url, region_name=REGION,
                              aws_access_key_id=ACCOUNT, aws_secret_access_key="secret")
        url = self.sqs.create_queue(QueueName=f"q-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{url.rsplit('/', 1)[1]}"
        client.create_schedule(Name="while-down", ScheduleExpression=at_expression(4), FlexibleTimeWindow={"Mode": "OFF"},
                               Target={"Arn": arn, "RoleArn": ROLE, "Input": "late but delivered"})
        self.server.kill()
        time.sleep(6)
        self.assertEqual(self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", []), [])
        self.server.start()
        messages = []
        wait_until(lambda: messages.extend(self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])) or messages,
                   timeout=30, message="the missed firing")
        self.assertEqual([m["Body"] for m in messages], ["late but delivered"])
        time.sleep(2)
        self.assertEqual(self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []), [])


class SchedulerTestClockTest(unittest.TestCase):
    """A server with the Scheduler test clock on ("scheduler": {"testClock": true}): boto3 creates schedules whose firings
    are a day or months ahead, and the suite moves the Scheduler's time forward instead of waiting. The clock only goes
    forward, so each test starts from wherever the previous one left it."""

    @classmethod
    def setUpClass(cls):
        require_server_build()
        cls.moto = MotoSqs()
        cls.sqs = cls.moto.wait()
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-scheduler-clock-")
        cls.server = Switchyard(os.path.join(cls.tmp, "data"), {
            "scheduler": {"testClock": True},
            "sqs": {"endpoint": cls.moto.url, "accessKeyId": "testing", "secretAccessKey": "testing", "region": REGION}})
        try:
            cls.server.start()
        except BaseException:
            cls.tearDownClass()
            raise
        cls.scheduler = boto3.client("scheduler", endpoint_url=cls.server.server.url, region_name=REGION,
                                     aws_access_key_id=ACCOUNT, aws_secret_access_key="secret",
                                     config=botocore.config.Config(retries={"total_max_attempts": 1}))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.moto.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # helpers

    def clock(self, **move):
        status, answer = scheduler_clock(self.server.server.url, **move)
        self.assertEqual(status, 200, answer)
        return utc(answer["now"])

    queue = test_delivery.DeliveryTest.queue  # a fresh moto queue: (url, arn)

    def take(self, queue_url, wait=1):
        """The messages waiting on the queue (deleted, so they never come back), as parsed bodies."""
        messages = self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait).get("Messages", [])
        for m in messages:
            self.sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
        return [json.loads(m["Body"]) for m in messages]

    def berlin_firings_around(self, change_day):
        """Creates cron(30 2 * * ? *) in Europe/Berlin with StartDate two days before `change_day` and EndDate three
        days after, moves the clock a day at a time across the change, and returns the scheduled times delivered.
        A UTC heartbeat (06:00 daily) on the same queue shows when each day's firings were made: the next day is
        taken only after it, so no firing can hide in the collapse of missed firings."""
        queue_url, queue_arn = self.queue()
        start = datetime.datetime.combine(change_day - datetime.timedelta(days=3), datetime.time(12), datetime.timezone.utc)
        self.assertEqual(self.clock(now=iso(start)), start)
        # the API judges dates by the Scheduler's time: a day before it is in the past, though in real time it is ahead
        with self.assertRaises(self.scheduler.exceptions.ValidationException):
            self.scheduler.create_schedule(Name=f"late-{change_day}", ScheduleExpression="cron(30 2 * * ? *)",
                                           StartDate=start - datetime.timedelta(days=1), FlexibleTimeWindow={"Mode": "OFF"},
                                           Target={"Arn": queue_arn, "RoleArn": ROLE})
        window = {"StartDate": start + datetime.timedelta(hours=12), "EndDate": start + datetime.timedelta(days=5, hours=12)}
        names = [f"berlin-{change_day}", f"heartbeat-{change_day}"]
        self.scheduler.create_schedule(
            Name=names[0], ScheduleExpression="cron(30 2 * * ? *)", ScheduleExpressionTimezone="Europe/Berlin",
            FlexibleTimeWindow={"Mode": "OFF"}, **window,
            Target={"Arn": queue_arn, "RoleArn": ROLE, "Input": '{"s": "berlin", "at": "<aws.scheduler.scheduled-time>"}'})
        self.scheduler.create_schedule(
            Name=names[1], ScheduleExpression="cron(0 6 * * ? *)", FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": queue_arn, "RoleArn": ROLE, "Input": '{"s": "heartbeat", "at": "<aws.scheduler.scheduled-time>"}'})
        bodies = []
        for day in range(1, 8):
            self.clock(advanceSeconds=86400)
            heartbeat = iso(datetime.datetime.combine(start.date() + datetime.timedelta(days=day), datetime.time(6),
                                                      datetime.timezone.utc))
            wait_until(lambda: bodies.extend(self.take(queue_url)) or {"s": "heartbeat", "at": heartbeat} in bodies,
                       timeout=30, message=f"the heartbeat of {heartbeat}")
        bodies += self.take(queue_url, wait=2)
        for name in names:
            self.scheduler.delete_schedule(Name=name)
        heartbeats = [b["at"] for b in bodies if b["s"] == "heartbeat"]
        self.assertEqual(len(heartbeats), len(set(heartbeats)), heartbeats)  # each firing once
        return [b["at"] for b in bodies if b["s"] == "berlin"]

    # tests

    def test_berlin_cron_across_both_daylight_saving_changes(self):
        year = self.clock().year + 1
        spring, autumn = last_sunday(year, 3), last_sunday(year, 10)

        def at(day, hour):
            return iso(datetime.datetime.combine(day, datetime.time(hour, 30), datetime.timezone.utc))

        one = datetime.timedelta(days=1)
        # 02:30 in Berlin: 01:30Z in winter (CET), 00:30Z in summer (CEST). On the spring day 02:30 does not exist
        # (02:00 CET jumps to 03:00 CEST): no firing. On the autumn day 02:30 comes twice (CEST, then CET): one firing,
        # at the first. The EndDate (three days after the change, 00:00Z) ends both series.
        self.assertEqual(self.berlin_firings_around(spring),
                         [at(spring - 2 * one, 1), at(spring - one, 1), at(spring + one, 0), at(spring + 2 * one, 0)])
        self.assertEqual(self.berlin_firings_around(autumn),
                         [at(autumn - 2 * one, 0), at(autumn - one, 0), at(autumn, 0), at(autumn + one, 1), at(autumn + 2 * one, 1)])

    def test_one_off_at_a_day_ahead_with_delete_fires_once_then_is_gone(self):
        queue_url, queue_arn = self.queue()
        due = (self.clock() + datetime.timedelta(days=1)).replace(microsecond=0)
        name = f"once-{uuid.uuid4().hex[:8]}"
        self.scheduler.create_schedule(
            Name=name, ScheduleExpression=f"at({due.strftime('%Y-%m-%dT%H:%M:%S')})", ActionAfterCompletion="DELETE",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": queue_arn, "RoleArn": ROLE, "Input": '{"at": "<aws.scheduler.scheduled-time>"}'})

        self.clock(now=iso(due - datetime.timedelta(minutes=1)))
        self.assertEqual(self.take(queue_url, wait=2), [])
        self.assertEqual(self.scheduler.get_schedule(Name=name)["ActionAfterCompletion"], "DELETE")

        self.clock(advanceSeconds=3600)
        bodies = []
        wait_until(lambda: bodies.extend(self.take(queue_url)) or bodies, timeout=30, message="the one-off firing")

        def gone():
            try:
                self.scheduler.get_schedule(Name=name)
                return False
            except self.scheduler.exceptions.ResourceNotFoundException:
                return True

        wait_until(gone, timeout=10, message="the one-off schedule to be deleted")
        self.clock(advanceSeconds=86400)
        bodies += self.take(queue_url, wait=2)
        self.assertEqual(bodies, [{"at": iso(due)}])
        with self.assertRaises(self.scheduler.exceptions.ResourceNotFoundException):
            self.scheduler.get_schedule(Name=name)

    def test_the_clock_only_moves_forward(self):
        before = self.clock()
        status, answer = scheduler_clock(self.server.server.url, now=iso(before - datetime.timedelta(hours=1)))
        self.assertEqual(status, 400)
        self.assertIn("only moves forward", answer["error"])
        status, answer = scheduler_clock(self.server.server.url, advanceSeconds=-60)
        self.assertEqual(status, 400)
        after = self.clock()
        self.assertGreaterEqual(after, before)
        self.assertLess(after - before, datetime.timedelta(minutes=1))


if __name__ == "__main__":
    unittest.main()
