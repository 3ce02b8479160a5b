"""Shared helpers for the boto3 compatibility suites.

The endpoint comes from SWITCHYARD_ENDPOINT (set by tests/compat/run); when it is not set the
first test that needs it starts an in-memory server of its own (see server.py), so a single
file can be run on its own:  cd tests/compat/python && python3 -m unittest test_permissions
"""
import itertools
import json
import os
import random
import threading
import unittest
import urllib.error
import urllib.request

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
from botocore.exceptions import ClientError

import server as server_mod

REGION = "us-east-1"
SECRET = "compat-secret"
_lock = threading.RLock()
_shared = None
_counter = itertools.count(1)
# 12-digit account ids unique to this process run: open mode maps a 12-digit key to that account,
# so every test gets accounts of its own and tests never see each other's buses.
_account_base = random.randint(100, 899) * 10**9 + (os.getpid() % 10**5) * 10**4


def endpoint():
    global _shared
    url = os.environ.get("SWITCHYARD_ENDPOINT")
    if url:
        return url.rstrip("/")
    with _lock:
        if _shared is None:
            _shared = server_mod.Server().start()
        return _shared.url


def new_account():
    return f"{_account_base + next(_counter):012d}"


def client_config(**kw):
    opts = dict(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=30)
    opts.update(kw)
    return botocore.config.Config(**opts)


_session = None


def make_client(access_key, secret=SECRET, region=REGION, url=None, session_token=None, **config):
    """A boto3 events client with explicit credentials.  One shared session (its model loader is
    cached), clients created under a lock: creating clients is not thread-safe, using them is."""
    global _session
    with _lock:
        if _session is None:
            _session = boto3.session.Session(region_name=REGION)
        return _session.client("events", endpoint_url=url or endpoint(), region_name=region,
                               aws_access_key_id=access_key, aws_secret_access_key=secret,
                               aws_session_token=session_token, config=client_config(**config))


def bus_arn(account, name, region=REGION):
    return f"arn:aws:events:{region}:{account}:event-bus/{name}"


def unique(prefix="bus"):
    return f"{prefix}-{os.getpid()}-{next(_counter)}"


def sign_request(url, target, body, access_key, secret=SECRET, region=REGION, session_token=None,
                 extra_headers=None, content_type="application/x-amz-json-1.1"):
    """Builds a SigV4-signed AWSRequest for an AWS JSON 1.1 call (as botocore would)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = {"Content-Type": content_type}
    if target is not None:
        headers["X-Amz-Target"] = target
    if extra_headers:
        headers.update(extra_headers)
    req = botocore.awsrequest.AWSRequest(method="POST", url=url.rstrip("/") + "/", data=body, headers=headers)
    creds = botocore.credentials.Credentials(access_key, secret, session_token)
    botocore.auth.SigV4Auth(creds, "events", region).add_auth(req)
    return req


def send_raw(url, body=b"", headers=None, method="POST", path="/"):
    """Sends a request with urllib; returns (status, headers(dict, lower-case), body bytes)."""
    req = urllib.request.Request(url.rstrip("/") + path, data=body if method != "GET" else None,
                                 method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def scheduler_clock(url, **move):
    """GET the Scheduler test clock (no `move`), or POST a move (now="2027-03-28T00:55:00Z" or advanceSeconds=N);
    returns (HTTP status, parsed answer). The server must run with --scheduler-test-clock, else 404."""
    status, _, body = send_raw(url, json.dumps(move).encode() if move else b"", {"Content-Type": "application/json"},
                               method="POST" if move else "GET", path="/_switchyard/scheduler/clock")
    return status, json.loads(body)


def send_signed(req):
    prepared = req.prepare()
    return send_raw(prepared.url.rsplit("/", 1)[0], prepared.body or b"", dict(prepared.headers))


def error_type(body):
    """The error code of a JSON error body, as botocore reads it (part after '#')."""
    doc = json.loads(body)
    t = doc.get("__type", "")
    return t.rsplit("#", 1)[-1], doc.get("message", doc.get("Message"))


class CompatTestCase(unittest.TestCase):
    """Each test gets its own account (12-digit access key id) and so its own state."""

    maxDiff = None

    def setUp(self):
        self.url = endpoint()
        self.account = new_account()
        self.client = make_client(self.account)

    def client_for(self, account, region=REGION, **kw):
        return make_client(account, region=region, **kw)

    def assertClientError(self, ctx, code, message=None, status=400):
        """Checks a ClientError captured by assertRaises: code, exact message, HTTP status."""
        err = ctx.exception
        self.assertIsInstance(err, ClientError)
        e = err.response.get("Error", {})
        self.assertEqual(e.get("Code"), code, f"unexpected error: {err.response}")
        if message is not None:
            self.assertEqual(e.get("Message"), message)
        if status is not None:
            self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], status)
        return e

    def assertValidationError(self, ctx, *parts):
        """ValidationException with AWS's "N validation error(s) detected: a; b" text.  With several
        constraints on one member AWS's order is not stable (recorded both length-then-pattern and
        pattern-then-length), so the parts are compared as a set."""
        e = self.assertClientError(ctx, "ValidationException")
        message = e.get("Message", "")
        if len(parts) == 1:
            self.assertEqual(message, self.validation_message(*parts))
            return
        head = f"{len(parts)} validation errors detected: "
        self.assertTrue(message.startswith(head), message)
        self.assertEqual(sorted(message[len(head):].split("; ")), sorted(parts))

    def validation_message(self, *parts):
        n = len(parts)
        head = f"{n} validation error{'s' if n > 1 else ''} detected: "
        return head + "; ".join(parts)
