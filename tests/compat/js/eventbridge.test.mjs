// The AWS SDK for JavaScript v3 (@aws-sdk/client-eventbridge, pinned in package-lock.json) against
// the server at SWITCHYARD_ENDPOINT.  Run: SWITCHYARD_ENDPOINT=http://127.0.0.1:4010 node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EventBridgeClient,
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
  ListEventBusesCommand,
  PutPermissionCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ResourceAlreadyExistsException,
  PolicyLengthExceededException,
  EventBridgeServiceException,
} from "@aws-sdk/client-eventbridge";

const endpoint = process.env.SWITCHYARD_ENDPOINT;
if (!endpoint) throw new Error("SWITCHYARD_ENDPOINT is not set (tests/compat/run sets it)");

let counter = 0;
const base = 600000000000 + (process.pid % 100000) * 10000 + Math.floor(Math.random() * 5000);
const newAccount = () => String(base + ++counter).padStart(12, "0");
const unique = (prefix) => `${prefix}-${process.pid}-${++counter}`;
const busArn = (account, name, region = "us-east-1") => `arn:aws:events:${region}:${account}:event-bus/${name}`;

function client(account, region = "us-east-1") {
  return new EventBridgeClient({
    endpoint,
    region,
    credentials: { accessKeyId: account, secretAccessKey: "compat-secret" },
    maxAttempts: 1,
  });
}

function policyOf(statements) {
  return `{"Version":"2012-10-17","Statement":[${statements.join(",")}]}`;
}

function stmt(sid, principal, resource, orgId) {
  const p = principal === "*" ? '"*"' : `{"AWS":"arn:aws:iam::${principal}:root"}`;
  let s = `{"Sid":"${sid}","Effect":"Allow","Principal":${p},"Action":"events:PutEvents","Resource":"${resource}"`;
  if (orgId) s += `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"${orgId}"}}`;
  return s + "}";
}

test("CreateEventBus and DescribeEventBus", async () => {
  const account = newAccount();
  const c = client(account);
  const name = unique("js");
  const created = await c.send(new CreateEventBusCommand({ Name: name, Description: "from js" }));
  assert.equal(created.EventBusArn, busArn(account, name));
  assert.equal(created.$metadata.httpStatusCode, 200);
  assert.ok(created.$metadata.requestId, "x-amzn-RequestId surfaces as $metadata.requestId");
  const d = await c.send(new DescribeEventBusCommand({ Name: name }));
  assert.equal(d.Name, name);
  assert.equal(d.Arn, busArn(account, name));
  assert.equal(d.Description, "from js");
  assert.ok(d.CreationTime instanceof Date);
  assert.equal(d.Policy, undefined);
});

test("PutPermission, DescribeEventBus policy string, RemovePermission", async () => {
  const account = newAccount();
  const c = client(account);
  const name = unique("js-perm");
  const arn = busArn(account, name);
  await c.send(new CreateEventBusCommand({ Name: name }));
  await c.send(new PutPermissionCommand({
    EventBusName: name, Action: "events:PutEvents", Principal: "111122223333", StatementId: "acct",
  }));
  await c.send(new PutPermissionCommand({
    EventBusName: name, Action: "events:PutEvents", Principal: "*", StatementId: "org",
    Condition: { Type: "StringEquals", Key: "aws:PrincipalOrgID", Value: "o-1234567890" },
  }));
  let d = await c.send(new DescribeEventBusCommand({ Name: name }));
  assert.equal(typeof d.Policy, "string");
  assert.equal(d.Policy, policyOf([stmt("acct", "111122223333", arn), stmt("org", "*", arn, "o-1234567890")]));

  const removed = await c.send(new RemovePermissionCommand({ EventBusName: name, StatementId: "acct" }));
  assert.equal(removed.$metadata.httpStatusCode, 200);
  d = await c.send(new DescribeEventBusCommand({ Name: name }));
  assert.equal(d.Policy, policyOf([stmt("org", "*", arn, "o-1234567890")]));

  await c.send(new RemovePermissionCommand({ EventBusName: name, RemoveAllPermissions: true }));
  d = await c.send(new DescribeEventBusCommand({ Name: name }));
  assert.equal(d.Policy, undefined);
});

test("PutPermission with the Policy form on the default bus", async () => {
  const account = newAccount();
  const c = client(account);
  const doc = {
    Version: "2012-10-17",
    Statement: [{ Sid: "svc", Effect: "Allow", Principal: { Service: "events.amazonaws.com" },
      Action: "events:PutEvents", Resource: busArn(account, "default") }],
  };
  await c.send(new PutPermissionCommand({ Policy: JSON.stringify(doc) }));
  const d = await c.send(new DescribeEventBusCommand({}));
  assert.equal(d.Name, "default");
  assert.deepEqual(JSON.parse(d.Policy), doc);
});

test("typed ResourceNotFoundException with $metadata", async () => {
  const c = client(newAccount());
  const name = unique("js-missing");
  await assert.rejects(c.send(new DescribeEventBusCommand({ Name: name })), (err) => {
    assert.ok(err instanceof ResourceNotFoundException, `got ${err?.name}: ${err?.message}`);
    assert.ok(err instanceof EventBridgeServiceException);
    assert.equal(err.name, "ResourceNotFoundException");
    assert.equal(err.message, `Event bus ${name} does not exist.`);
    assert.equal(err.$fault, "client");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.ok(err.$metadata.requestId);
    return true;
  });
  await assert.rejects(c.send(new RemovePermissionCommand({ StatementId: "nope" })), (err) => {
    assert.ok(err instanceof ResourceNotFoundException, `got ${err?.name}`);
    assert.equal(err.message, "Statement with the provided id does not exist.");
    return true;
  });
});

test("typed ResourceAlreadyExistsException and ValidationException", async () => {
  const c = client(newAccount());
  const name = unique("js-dup");
  await c.send(new CreateEventBusCommand({ Name: name }));
  await assert.rejects(c.send(new CreateEventBusCommand({ Name: name })), (err) => {
    assert.ok(err instanceof ResourceAlreadyExistsException, `got ${err?.name}`);
    assert.equal(err.message, `Event bus ${name} already exists.`);
    return true;
  });
  await assert.rejects(
    c.send(new PutPermissionCommand({ Action: "events:PutEvents", Principal: "abc", StatementId: "x" })),
    (err) => {
      // ValidationException is not in the model: the SDK gives a generic service exception with that name
      assert.ok(err instanceof EventBridgeServiceException, `got ${err?.name}`);
      assert.equal(err.name, "ValidationException");
      assert.equal(err.message, "1 validation error detected: Value 'abc' at 'principal' failed to satisfy "
        + "constraint: Member must satisfy regular expression pattern: (\\d{12}|\\*)");
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
});

test("PolicyLengthExceededException is typed", async () => {
  const account = newAccount();
  const c = client(account);
  const arn = busArn(account, "default");
  const statements = Array.from({ length: 80 }, (_, i) => JSON.parse(stmt(`s${i}`, String(100000000000 + i), arn)));
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: statements });
  assert.ok(doc.length > 10240);
  await assert.rejects(c.send(new PutPermissionCommand({ Policy: doc })), (err) => {
    assert.ok(err instanceof PolicyLengthExceededException, `got ${err?.name}: ${err?.message}`);
    return true;
  });
});

test("ListEventBuses pagination with Limit and NextToken", async () => {
  // The SDK has no paginateListEventBuses (ListEventBuses carries no paginator trait in the model),
  // so walk NextToken by hand the way callers do.
  const c = client(newAccount());
  const prefix = unique("js-page");
  const names = [0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`);
  for (const n of names) await c.send(new CreateEventBusCommand({ Name: n }));
  const seen = [];
  let token;
  let pages = 0;
  do {
    const page = await c.send(new ListEventBusesCommand({ NamePrefix: prefix, Limit: 2, NextToken: token }));
    pages += 1;
    assert.ok(page.EventBuses.length <= 2);
    seen.push(...page.EventBuses.map((b) => b.Name));
    token = page.NextToken;
    assert.ok(pages < 10, "pagination does not end");
  } while (token);
  assert.ok(pages >= 3, `expected at least 3 pages, got ${pages}`);
  assert.deepEqual([...seen].sort(), names);
  const all = await c.send(new ListEventBusesCommand({}));
  assert.deepEqual(all.EventBuses.map((b) => b.Name).sort(), ["default", ...names].sort());
});

test("tags and DeleteEventBus", async () => {
  const c = client(newAccount());
  const name = unique("js-tag");
  const { EventBusArn } = await c.send(new CreateEventBusCommand({ Name: name, Tags: [{ Key: "a", Value: "1" }] }));
  await c.send(new TagResourceCommand({ ResourceARN: EventBusArn, Tags: [{ Key: "b", Value: "2" }] }));
  const { Tags } = await c.send(new ListTagsForResourceCommand({ ResourceARN: EventBusArn }));
  assert.deepEqual([...Tags].sort((x, y) => x.Key.localeCompare(y.Key)), [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }]);
  await c.send(new DeleteEventBusCommand({ Name: name }));
  await assert.rejects(c.send(new DescribeEventBusCommand({ Name: name })), ResourceNotFoundException);
});

test("region comes from the client's signing region", async () => {
  const account = newAccount();
  const c = client(account, "eu-central-1");
  const d = await c.send(new DescribeEventBusCommand({}));
  assert.equal(d.Arn, busArn(account, "default", "eu-central-1"));
});
