// EventBridge Scheduler through the AWS SDK for JavaScript v3 (@aws-sdk/client-scheduler, pinned in
// package-lock.json) against the server at SWITCHYARD_ENDPOINT: the REST-JSON protocol, SigV4 for the
// service "scheduler" on the EventBridge port, and its errors as the SDK's modeled exception classes.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SchedulerClient,
  CreateScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from "@aws-sdk/client-scheduler";

const endpoint = process.env.SWITCHYARD_ENDPOINT;
if (!endpoint) throw new Error("SWITCHYARD_ENDPOINT is not set (tests/compat/run sets it)");

const account = String(700000000000 + (process.pid % 100000) * 10000 + Math.floor(Math.random() * 5000)).padStart(12, "0");
const client = new SchedulerClient({
  endpoint,
  region: "eu-central-1",
  credentials: { accessKeyId: account, secretAccessKey: "compat-secret" },
  maxAttempts: 1,
});
const target = { Arn: `arn:aws:sqs:eu-central-1:${account}:q`, RoleArn: `arn:aws:iam::${account}:role/scheduler` };

test("a schedule is created, read back and listed; errors are the modeled exceptions", async () => {
  const name = `js-${process.pid}`;
  const created = await client.send(new CreateScheduleCommand({
    Name: name,
    ScheduleExpression: "cron(0 9 ? * MON-FRI *)",
    ScheduleExpressionTimezone: "Europe/Berlin",
    FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 },
    Target: target,
  }));
  assert.equal(created.ScheduleArn, `arn:aws:scheduler:eu-central-1:${account}:schedule/default/${name}`);

  const got = await client.send(new GetScheduleCommand({ Name: name }));
  assert.equal(got.ScheduleExpressionTimezone, "Europe/Berlin");
  assert.deepEqual(got.FlexibleTimeWindow, { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 });
  assert.ok(got.CreationDate instanceof Date);

  const listed = await client.send(new ListSchedulesCommand({ NamePrefix: "js-" }));
  assert.deepEqual(listed.Schedules.map((s) => s.Name), [name]);

  await assert.rejects(client.send(new CreateScheduleCommand({
    Name: name, ScheduleExpression: "rate(1 hour)", FlexibleTimeWindow: { Mode: "OFF" }, Target: target,
  })), ConflictException);
  await assert.rejects(client.send(new GetScheduleCommand({ Name: "missing" })), ResourceNotFoundException);
  await assert.rejects(client.send(new CreateScheduleCommand({
    Name: "bad", ScheduleExpression: "every hour", FlexibleTimeWindow: { Mode: "OFF" }, Target: target,
  })), ValidationException);
});
