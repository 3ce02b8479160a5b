#!/usr/bin/env python3
"""Regenerates the SigV4 fixtures that SigV4 tests verify in strict mode.

Every fixture is a request as a server receives it (method, raw path, raw query, headers in order, body),
signed by real AWS client code, never by Switchyard:

  * botocore-*.json  botocore's own SigV4Auth / SigV4QueryAuth applied to hand-built AWSRequests, at a
                     fixed time; botocore's canonical request and signature are recorded next to the request.
  * boto3-*.json     a real boto3 EventBridge client calling a tiny local HTTP server that records what
                     arrives on the wire (fixed time as well).
  * awscli-*.json    the AWS CLI (`aws events ...`) run as a subprocess against the same recorder; its clock
                     is the real one, so the recorded X-Amz-Date is the time the tests pretend it is.

Run from anywhere:  python3 tests/Switchyard.Tests/Auth/Fixtures/make_fixtures.py
Needs botocore/boto3 and the AWS CLI (v1 or v2) on PATH. Output: JSON files next to this script.
"""
import base64
import datetime
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from unittest import mock

import botocore
import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))

# AWS's documentation example key pair; account 111122223333 is AWS's documentation example account.
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ACCOUNT_ID = "111122223333"
SESSION_ACCESS_KEY = "ASIAIOSFODNN7EXAMPLE"
SESSION_SECRET_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEtokenWithSlashes/And+Plus==//sessionExample"
SESSION_ACCOUNT_ID = "444455556666"
REGION = "eu-west-1"
FIXED_TIME = datetime.datetime(2026, 11, 26, 10, 30, 0)

JSON_HEADERS = {"Content-Type": "application/x-amz-json-1.1"}


def frozen_clock():
    """botocore reads the time through botocore.auth.get_current_datetime; pin it."""
    return mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: FIXED_TIME)


class RecordingSigV4Auth(SigV4Auth):
    """SigV4Auth that also remembers the canonical request and string to sign it computed."""

    def string_to_sign(self, request, canonical_request):
        self.recorded_canonical_request = canonical_request
        result = super().string_to_sign(request, canonical_request)
        self.recorded_string_to_sign = result
        return result


class RecordingSigV4QueryAuth(SigV4QueryAuth):
    def string_to_sign(self, request, canonical_request):
        self.recorded_canonical_request = canonical_request
        result = super().string_to_sign(request, canonical_request)
        self.recorded_string_to_sign = result
        return result


def fixture(name, description, source, key, secret, token, account, method, path, query, headers, body,
            amz_date, canonical_request=None, string_to_sign=None, signature=None):
    return {
        "name": name,
        "description": description,
        "source": source,
        "botocoreVersion": botocore.__version__,
        "accessKeyId": key,
        "secretAccessKey": secret,
        "sessionToken": token,
        "accountId": account,
        "region": REGION,
        "method": method,
        "path": path,
        "query": query,
        "headers": [[k, v] for k, v in headers],
        "bodyBase64": base64.b64encode(body).decode("ascii"),
        "amzDate": amz_date,
        "expectedCanonicalRequest": canonical_request,
        "expectedStringToSign": string_to_sign,
        "expectedSignature": signature,
    }


def sign_with_botocore(name, description, *, method="POST", url_path="/", query="", target, body,
                       extra_headers=(), session=False, presign_expires=None):
    """Signs an AWSRequest the way botocore's endpoint does and returns what the server would receive."""
    key, secret, token, account = (
        (SESSION_ACCESS_KEY, SESSION_SECRET_KEY, SESSION_TOKEN, SESSION_ACCOUNT_ID) if session
        else (ACCESS_KEY, SECRET_KEY, None, ACCOUNT_ID))
    credentials = Credentials(key, secret, token)
    host = "127.0.0.1:4010"
    url = f"http://{host}{url_path}" + (f"?{query}" if query else "")
    body_bytes = body.encode("utf-8")
    request = AWSRequest(method=method, url=url, data=body_bytes)
    if target:
        request.headers["X-Amz-Target"] = target
    for k, v in JSON_HEADERS.items():
        request.headers[k] = v
    for k, v in extra_headers:
        request.headers[k] = v  # HTTPHeaders appends: a repeated name stays repeated
    if presign_expires is None:
        signer = RecordingSigV4Auth(credentials, "events", REGION)
    else:
        signer = RecordingSigV4QueryAuth(credentials, "events", REGION, expires=presign_expires)
    with frozen_clock():
        signer.add_auth(request)

    # What goes on the wire: the signed headers plus the Host the HTTP client adds.
    wire_headers = [("Host", host)] + list(request.headers.items())
    signed_url = request.url
    raw = signed_url.split(host, 1)[1]
    raw_path, _, raw_query = raw.partition("?")
    signature = signer.recorded_string_to_sign and signer.signature(signer.recorded_string_to_sign, request)
    return fixture(name, description,
                   "botocore " + type(signer).__mro__[1].__name__,
                   key, secret, token, account, method, raw_path, raw_query, wire_headers,
                   request.body if isinstance(request.body, bytes) else (request.body or b""),
                   request.context["timestamp"],
                   signer.recorded_canonical_request, signer.recorded_string_to_sign, signature)


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records each request verbatim and answers like EventBridge would for ListEventBuses."""
    captured = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        path, _, query = self.path.partition("?")
        Recorder.captured.append({
            "method": self.command, "path": path, "query": query,
            "headers": list(self.headers.items()), "body": body,
        })
        payload = b'{"EventBuses":[]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def with_recorder(action):
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        Recorder.captured.clear()
        action(f"http://127.0.0.1:{server.server_address[1]}")
        return list(Recorder.captured)
    finally:
        server.shutdown()


def amz_date_of(headers):
    return next(v for k, v in headers if k.lower() == "x-amz-date")


def capture_boto3():
    import boto3

    def call(endpoint):
        client = boto3.client("events", region_name=REGION, endpoint_url=endpoint,
                              aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
        with frozen_clock():
            client.list_event_buses(NamePrefix="orders", Limit=10)

    (request,) = with_recorder(call)
    return fixture("boto3-list-event-buses", "A real boto3 EventBridge client, recorded on the wire.",
                   f"boto3 {__import__('boto3').__version__} client", ACCESS_KEY, SECRET_KEY, None, ACCOUNT_ID,
                   request["method"], request["path"], request["query"], request["headers"], request["body"],
                   amz_date_of(request["headers"]))


def capture_aws_cli():
    version = subprocess.run(["aws", "--version"], capture_output=True, text=True).stdout.strip() or "aws-cli"
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ,
                   AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_DEFAULT_REGION=REGION,
                   AWS_CONFIG_FILE=os.path.join(home, "config"),
                   AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, "credentials"),
                   AWS_MAX_ATTEMPTS="1", AWS_PAGER="")
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)

        def call(endpoint):
            subprocess.run(["aws", "events", "put-permission", "--endpoint-url", endpoint,
                            "--event-bus-name", "default", "--action", "events:PutEvents",
                            "--principal", "123456789012", "--statement-id", "AllowAccount123456789012"],
                           env=env, check=True, capture_output=True)

        (request,) = with_recorder(call)
    return fixture("awscli-put-permission", "The AWS CLI's `aws events put-permission`, recorded on the wire.",
                   version, ACCESS_KEY, SECRET_KEY, None, ACCOUNT_ID,
                   request["method"], request["path"], request["query"], request["headers"], request["body"],
                   amz_date_of(request["headers"]))


def main():
    fixtures = [
        sign_with_botocore(
            "botocore-list-event-buses", "ListEventBuses with an empty JSON object body.",
            target="AWSEvents.ListEventBuses", body="{}"),
        sign_with_botocore(
            "botocore-put-permission-unicode", "PutPermission whose body has non-ASCII text; repeated and "
            "whitespace-padded custom headers exercise value trimming and joining.",
            target="AWSEvents.PutPermission",
            body=json.dumps({"EventBusName": "bus-ü", "Action": "events:PutEvents",
                             "Principal": "*", "StatementId": "Everyone – ok",
                             "Condition": {"Type": "StringEquals", "Key": "aws:PrincipalOrgID",
                                           "Value": "o-1234567890"}}, ensure_ascii=False),
            extra_headers=[("X-Trace-Note", "  first   value  "), ("X-Trace-Note", "second\tvalue")]),
        sign_with_botocore(
            "botocore-session-token", "Temporary credentials: X-Amz-Security-Token is added before signing.",
            target="AWSEvents.DescribeEventBus", body='{"Name":"default"}', session=True),
        sign_with_botocore(
            "botocore-query-string", "A request with a query string (sorted and re-encoded canonically).",
            query="z=last&a=b%20c&a=a&tilde=~x&plus=1%2B1", target="AWSEvents.ListRules", body="{}"),
        sign_with_botocore(
            "botocore-content-sha256", "X-Amz-Content-SHA256 set by the client is signed instead of the body hash.",
            target="AWSEvents.ListEventBuses", body="{}",
            extra_headers=[("X-Amz-Content-SHA256",
                            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")]),
        sign_with_botocore(
            "botocore-presigned", "A presigned (query-string) request from SigV4QueryAuth, valid 300 seconds.",
            method="GET", target=None, body="", presign_expires=300),
        capture_boto3(),
        capture_aws_cli(),
    ]
    for f in fixtures:
        with open(os.path.join(HERE, f["name"] + ".json"), "w", encoding="utf-8") as out:
            json.dump(f, out, indent=2, ensure_ascii=False)
            out.write("\n")
        print("wrote", f["name"] + ".json", file=sys.stderr)


if __name__ == "__main__":
    main()
