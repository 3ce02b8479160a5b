// The JS SDK v3's own SigV4 signatures (it signs more headers than botocore: amz-sdk-invocation-id,
// amz-sdk-request, x-amz-user-agent) verified by a server in --auth strict mode, started here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  EventBridgeClient,
  CreateEventBusCommand,
  DescribeEventBusCommand,
  PutPermissionCommand,
  ListEventBusesCommand,
  EventBridgeServiceException,
} from "@aws-sdk/client-eventbridge";

const here = dirname(fileURLToPath(import.meta.url));
const dll = process.env.SWITCHYARD_DLL
  ?? join(here, "..", "..", "..", "src", "Switchyard", "bin", "Release", "net10.0", "switchyard.dll");

const KEY_A = { accessKeyId: "AKIDJSSTRICTAAAA0001", secretAccessKey: "js/strict+secret+A000000000000000000000", accountId: "121212121212" };
const KEY_S = { accessKeyId: "ASIAJSSTRICTSESS0002", secretAccessKey: "jsSessionSecret000000000000000000000000", accountId: "343434343434",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////jsSessionToken==" };
const BAD_SIGNATURE = "The request signature we calculated does not match the signature you provided. "
  + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

let proc;
let url;
let dir;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitHealthy(deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) return false;
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) return true;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "switchyard-js-strict-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ auth: "strict", credentials: [
    { ...KEY_A, sessionToken: null },
    KEY_S,
  ] }));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // the server reads SWITCHYARD_* variables as settings: start it without the suite's own
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith("SWITCHYARD_")));
  let log = "";
  proc = spawn("dotnet", [dll, "serve", "--host", "127.0.0.1", "--port", String(port), "--in-memory",
    "--auth", "strict", "--config", config], { env, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout.on("data", (d) => { log += d; });
  proc.stderr.on("data", (d) => { log += d; });
  if (!(await waitHealthy(60000))) {
    proc.kill("SIGKILL");
    throw new Error(`strict server did not start:\n${log}`);
  }
});

after(() => {
  if (proc && proc.exitCode === null) proc.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const client = (credentials, region = "us-east-1") => new EventBridgeClient({ endpoint: url, region, credentials, maxAttempts: 1 });

test("strict: the right key is accepted and mapped to its account", async () => {
  const c = client(KEY_A);
  const name = `js-strict-${process.pid}`;
  const { EventBusArn } = await c.send(new CreateEventBusCommand({ Name: name }));
  assert.equal(EventBusArn, `arn:aws:events:us-east-1:${KEY_A.accountId}:event-bus/${name}`);
  await c.send(new PutPermissionCommand({ EventBusName: name, Action: "events:PutEvents", Principal: "111122223333", StatementId: "js" }));
  const d = await c.send(new DescribeEventBusCommand({ Name: name }));
  assert.equal(JSON.parse(d.Policy).Statement[0].Principal.AWS, "arn:aws:iam::111122223333:root");
});

test("strict: session credentials are accepted", async () => {
  const d = await client(KEY_S, "eu-west-1").send(new DescribeEventBusCommand({}));
  assert.equal(d.Arn, `arn:aws:events:eu-west-1:${KEY_S.accountId}:event-bus/default`);
});

test("strict: a wrong secret is InvalidSignatureException", async () => {
  const c = client({ accessKeyId: KEY_A.accessKeyId, secretAccessKey: "not-the-secret" });
  await assert.rejects(c.send(new ListEventBusesCommand({})), (err) => {
    assert.ok(err instanceof EventBridgeServiceException, `got ${err?.name}`);
    assert.equal(err.name, "InvalidSignatureException");
    assert.ok(err.message.startsWith(BAD_SIGNATURE), err.message);
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
});

test("strict: an unknown key is UnrecognizedClientException", async () => {
  const c = client({ accessKeyId: "AKIDJSNOBODY00000000", secretAccessKey: "x" });
  await assert.rejects(c.send(new ListEventBusesCommand({})), (err) => {
    assert.equal(err.name, "UnrecognizedClientException");
    assert.equal(err.message, "The security token included in the request is invalid.");
    return true;
  });
});
