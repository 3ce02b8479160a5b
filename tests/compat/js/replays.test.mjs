// Replays through the AWS SDK for JavaScript v3 (@aws-sdk/client-eventbridge, pinned in package-lock.json): an archive
// on a bus, StartReplay over the range of the events put, DescribeReplay until COMPLETED, and AWS's error for a replay
// name already taken (LocalStack's AWS-validated snapshot test_archive_and_replay::test_start_replay_error_duplicate).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EventBridgeClient,
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeReplayCommand,
  PutEventsCommand,
  ResourceAlreadyExistsException,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";

const endpoint = process.env.SWITCHYARD_ENDPOINT;
if (!endpoint) throw new Error("SWITCHYARD_ENDPOINT is not set (tests/compat/run sets it)");

const account = String(600000000000 + (process.pid % 100000) * 10000 + Math.floor(Math.random() * 5000)).padStart(12, "0");
const c = new EventBridgeClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: account, secretAccessKey: "compat-secret" },
  maxAttempts: 1,
});

test("StartReplay runs in the background to COMPLETED; a taken name gets AWS's error", async () => {
  const bus = `js-replay-${process.pid}`;
  const { EventBusArn } = await c.send(new CreateEventBusCommand({ Name: bus }));
  const { ArchiveArn } = await c.send(new CreateArchiveCommand({ ArchiveName: "js-replayed", EventSourceArn: EventBusArn }));
  const put = await c.send(new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: "shop", DetailType: "order", Detail: "{}" }] }));
  assert.equal(put.FailedEntryCount, 0);
  const now = Date.now();
  const request = {
    ReplayName: "js-replay",
    EventSourceArn: ArchiveArn,
    EventStartTime: new Date(now - 60_000),
    EventEndTime: new Date(now + 60_000),
    Destination: { Arn: EventBusArn },
  };
  const started = await c.send(new StartReplayCommand(request));
  assert.equal(started.ReplayArn, `arn:aws:events:us-east-1:${account}:replay/js-replay`);
  assert.equal(started.State, "STARTING");
  assert.ok(started.ReplayStartTime instanceof Date);
  let described;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    described = await c.send(new DescribeReplayCommand({ ReplayName: "js-replay" }));
    if (described.State === "COMPLETED") break;
  }
  assert.equal(described.State, "COMPLETED");
  assert.equal(described.EventSourceArn, ArchiveArn);
  assert.ok(described.EventLastReplayedTime instanceof Date);
  await assert.rejects(c.send(new StartReplayCommand(request)), (error) => {
    assert.ok(error instanceof ResourceAlreadyExistsException);
    assert.equal(error.message, "Replay js-replay already exists.");
    return true;
  });
});
