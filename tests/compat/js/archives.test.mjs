// Archives through the AWS SDK for JavaScript v3 (@aws-sdk/client-eventbridge, pinned in package-lock.json):
// CreateArchive with a pattern, PutEvents, DescribeArchive counting only the matching events, and AWS's error for an
// unknown archive (LocalStack's AWS-validated snapshot test_archive_and_replay::test_describe_archive_error_unknown_archive).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EventBridgeClient,
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteArchiveCommand,
  DescribeArchiveCommand,
  PutEventsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-eventbridge";

const endpoint = process.env.SWITCHYARD_ENDPOINT;
if (!endpoint) throw new Error("SWITCHYARD_ENDPOINT is not set (tests/compat/run sets it)");

const account = String(700000000000 + (process.pid % 100000) * 10000 + Math.floor(Math.random() * 5000)).padStart(12, "0");
const c = new EventBridgeClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: account, secretAccessKey: "compat-secret" },
  maxAttempts: 1,
});

test("CreateArchive, PutEvents and DescribeArchive count only the matching events", async () => {
  const bus = `js-archive-${process.pid}`;
  const { EventBusArn } = await c.send(new CreateEventBusCommand({ Name: bus }));
  const created = await c.send(new CreateArchiveCommand({
    ArchiveName: "js-orders", EventSourceArn: EventBusArn, EventPattern: JSON.stringify({ source: ["shop"] }), RetentionDays: 7,
  }));
  assert.equal(created.ArchiveArn, `arn:aws:events:us-east-1:${account}:archive/js-orders`);
  assert.equal(created.State, "ENABLED");
  assert.ok(created.CreationTime instanceof Date);
  const put = await c.send(new PutEventsCommand({
    Entries: [
      { EventBusName: bus, Source: "shop", DetailType: "order", Detail: "{}" },
      { EventBusName: bus, Source: "shop", DetailType: "order", Detail: '{"n":2}' },
      { EventBusName: bus, Source: "billing", DetailType: "invoice", Detail: "{}" },
    ],
  }));
  assert.equal(put.FailedEntryCount, 0);
  const d = await c.send(new DescribeArchiveCommand({ ArchiveName: "js-orders" }));
  assert.equal(d.EventCount, 2);
  assert.ok(d.SizeBytes > 0);
  assert.equal(d.RetentionDays, 7);
  assert.equal(d.EventSourceArn, EventBusArn);
  assert.deepEqual(JSON.parse(d.EventPattern), { source: ["shop"] });
  await c.send(new DeleteArchiveCommand({ ArchiveName: "js-orders" }));
  await assert.rejects(c.send(new DescribeArchiveCommand({ ArchiveName: "js-orders" })), (error) => {
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.message, "Archive js-orders does not exist.");
    return true;
  });
});
