"""Strict auth mode: keys from the config file, SigV4 verified.  Messages: AWS's
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html and the errors AWS JSON services return:
https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html)."""
import datetime
import hashlib
import json
import os
import re
import tempfile
import time
import unittest
from unittest import mock

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from compat import bus_arn, error_type, make_client, send_raw, send_signed, sign_request, unique
from server import Server

KEY_A = {"accessKeyId": "AKIDSTRICTAAAA000001", "secretAccessKey": "secret/A+strict+key+0000000000000000000",
         "accountId": "111122223333", "sessionToken": None}
KEY_B = {"accessKeyId": "AKIDSTRICTBBBB000002", "secretAccessKey": "secretBstrictkey00000000000000000000000",
         "accountId": "444455556666", "sessionToken": None}
KEY_S = {"accessKeyId": "ASIASTRICTSESSION003", "secretAccessKey": "sessionSecret000000000000000000000000000",
         "accountId": "777788889999", "sessionToken": "FwoGZXIvYXdzEXAMPLEsessionTOKEN//////////wEaDA=="}

BAD_SIGNATURE = ("The request signature we calculated does not match the signature you provided. Check your AWS "
                 "Secret Access Key and signing method. Consult the service documentation for details.")
BAD_TOKEN = "The security token included in the request is invalid."
TS = "%Y%m%dT%H%M%SZ"


def write_config(path, **extra):
    cfg = {"auth": "strict", "credentials": [KEY_A, KEY_B, KEY_S]}
    cfg.update(extra)
    with open(path, "w") as f:
        json.dump(cfg, f)


class StrictBase(unittest.TestCase):
    extra_flags = ()
    config_extra = {}
    server = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-strict-")
        cls.config = os.path.join(cls.tmp, "config.json")
        write_config(cls.config, **cls.config_extra)
        cls.server = Server("--auth", "strict", "--config", cls.config, *cls.extra_flags)
        cls.server.start()
        cls.url = cls.server.url

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.cleanup()

    def client(self, key=KEY_A, secret=None, token=None, **kw):
        return make_client(key["accessKeyId"], secret=secret or key["secretAccessKey"], url=self.url,
                           session_token=token if token is not None else key["sessionToken"], **kw)

    def assertAuthError(self, ctx, code, message=None, status=400):
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code, err)
        if message is BAD_SIGNATURE:
            self.assertBadSignatureMessage(err["Error"]["Message"])
        elif message is not None:
            self.assertEqual(err["Error"]["Message"], message)
        if status is not None:
            self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status)
        self.assertTrue(err["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-requestid"))

    def assertBadSignatureMessage(self, message):
        """AWS's sentence, optionally followed (as AWS does for many services) by the canonical request and
        string-to-sign the server expected; when present they must be consistent with each other."""
        self.assertTrue(message.startswith(BAD_SIGNATURE), message)
        rest = message[len(BAD_SIGNATURE):]
        if not rest:
            return
        m = re.fullmatch(r"\n\nThe Canonical String for this request should have been\n'(.*)'\n\n"
                         r"The String-to-Sign should have been\n'(.*)'\n?", rest, re.S)
        self.assertIsNotNone(m, f"unexpected text after AWS's sentence: {rest!r}")
        canonical, sts = m.group(1), m.group(2).split("\n")
        self.assertTrue(canonical.startswith("POST\n/\n\n"), canonical)
        self.assertEqual(len(sts), 4, sts)
        self.assertEqual(sts[0], "AWS4-HMAC-SHA256")
        self.assertRegex(sts[2], r"^\d{8}/us-east-1/events/aws4_request$")
        self.assertEqual(sts[3], hashlib.sha256(canonical.encode()).hexdigest())


class StrictAuth(StrictBase):
    def test_right_key_accepted_and_mapped_to_its_account(self):
        c = self.client(KEY_A)
        name = unique("strict")
        self.assertEqual(c.create_event_bus(Name=name)["EventBusArn"], bus_arn("111122223333", name))
        c.put_permission(EventBusName=name, Action="events:PutEvents", Principal="444455556666", StatementId="b")
        self.assertIn("arn:aws:iam::444455556666:root", c.describe_event_bus(Name=name)["Policy"])
        b = self.client(KEY_B)
        self.assertEqual(b.describe_event_bus()["Arn"], bus_arn("444455556666", "default"))
        with self.assertRaises(b.exceptions.ResourceNotFoundException):
            b.describe_event_bus(Name=name)

    def test_wrong_secret(self):
        c = self.client(KEY_A, secret="not-the-secret")
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.list_event_buses()
        # unverified vs AWS: HTTP status 400 for InvalidSignatureException on JSON services
        self.assertAuthError(ctx, "InvalidSignatureException", BAD_SIGNATURE)
        # the server logs the refusal at Warning with the key id, never a secret
        line = self.server.wait_for_log(f"refused authentication: InvalidSignatureException (status 400) for access key {KEY_A['accessKeyId']}")
        self.assertIn("warn", line)
        self.assertNotIn("not-the-secret", self.server.log_text())
        self.assertNotIn(KEY_A["secretAccessKey"], self.server.log_text())

    def test_unknown_key(self):
        c = make_client("AKIDNOBODYKNOWS00000", secret="whatever", url=self.url)
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.list_event_buses()
        self.assertAuthError(ctx, "UnrecognizedClientException", BAD_TOKEN)

    def test_twelve_digit_key_is_not_an_account_in_strict_mode(self):
        c = make_client("111122223333", secret="anything", url=self.url)
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.list_event_buses()
        self.assertAuthError(ctx, "UnrecognizedClientException", BAD_TOKEN)

    def _tamper(self, mutate):
        c = self.client(KEY_A)

        def hook(request, **_):
            mutate(request)

        c.meta.events.register_first("before-send.events", hook)
        return c

    def test_tampered_body(self):
        name = unique("tamper")

        def mutate(req):
            req.body = req.body.replace(name.encode(), (name[:-1] + "X").encode())

        c = self._tamper(mutate)
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.create_event_bus(Name=name)
        self.assertAuthError(ctx, "InvalidSignatureException", BAD_SIGNATURE)
        # nothing was created under either name
        ok = self.client(KEY_A)
        for n in (name, name[:-1] + "X"):
            with self.assertRaises(ok.exceptions.ResourceNotFoundException):
                ok.describe_event_bus(Name=n)

    def test_tampered_signature(self):
        def mutate(req):
            auth = req.headers["Authorization"]
            if isinstance(auth, bytes):
                auth = auth.decode()
            last = auth[-1]
            req.headers["Authorization"] = auth[:-1] + ("0" if last != "0" else "1")

        c = self._tamper(mutate)
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.list_event_buses()
        self.assertAuthError(ctx, "InvalidSignatureException", BAD_SIGNATURE)

    def test_tampered_target_header(self):
        def mutate(req):
            req.headers["X-Amz-Target"] = "AWSEvents.DescribeEventBus"

        c = self._tamper(mutate)
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.list_event_buses()
        self.assertAuthError(ctx, "InvalidSignatureException", BAD_SIGNATURE)

    def test_signed_header_whitespace_is_canonicalized(self):
        # canonical headers: values trimmed, inner runs of spaces collapsed (botocore does the same)
        c = self.client(KEY_A)

        def add_header(request, **_):
            request.headers["X-Switchyard-Compat"] = "  spaced    out   value  "

        c.meta.events.register("before-sign.events", add_header)
        self.assertEqual(c.describe_event_bus()["Arn"], bus_arn("111122223333", "default"))

    def test_unsigned_extra_header_is_ignored(self):
        # a header that is not in SignedHeaders may change in transit (proxies add them)
        def mutate(req):
            req.headers["X-Forwarded-For"] = "10.0.0.1"

        c = self._tamper(mutate)
        self.assertEqual(c.describe_event_bus()["Arn"], bus_arn("111122223333", "default"))

    def test_scope_for_another_service(self):
        # unverified vs AWS for EventBridge: Coral services answer a mis-scoped credential with
        # "Credential should be scoped to correct service: '<service>'." (SageMaker, DynamoDB texts)
        req = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"], KEY_A["secretAccessKey"])
        del req.headers["Authorization"]
        del req.headers["X-Amz-Date"]
        botocore.auth.SigV4Auth(botocore.credentials.Credentials(KEY_A["accessKeyId"], KEY_A["secretAccessKey"]),
                                "sts", "us-east-1").add_auth(req)
        status, headers, body = send_signed(req)
        code, message = error_type(body)
        self.assertEqual(code, "InvalidSignatureException", body)
        self.assertTrue((message or "").startswith("Credential should be scoped to correct service: 'events'."), message)

    def test_old_x_amz_date(self):
        past = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=20)
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=past):
            req = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"],
                               KEY_A["secretAccessKey"])
        status, headers, body = send_signed(req)
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        code, message = error_type(body)
        self.assertEqual((status, code), (400, "InvalidSignatureException"), body)
        self.assertIn("x-amzn-requestid", headers)
        m = re.fullmatch(r"Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) "
                         r"\((\d{8}T\d{6}Z) - 15 min\.\)", message or "")
        self.assertIsNotNone(m, message)
        self.assertEqual(m.group(1), past.strftime(TS))
        server_now = datetime.datetime.strptime(m.group(3), TS)
        self.assertEqual(datetime.datetime.strptime(m.group(2), TS), server_now - datetime.timedelta(minutes=15))
        self.assertLess(abs((server_now - now).total_seconds()), 60)

    def test_old_x_amz_date_through_boto3(self):
        past = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=20)
        c = self.client(KEY_A)
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=past):
            with self.assertRaises(c.exceptions.ClientError) as ctx:
                c.list_event_buses()
        self.assertAuthError(ctx, "InvalidSignatureException")
        self.assertTrue(ctx.exception.response["Error"]["Message"].startswith("Signature expired: "))

    def test_ten_minutes_old_is_within_skew(self):
        past = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=10)
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=past):
            req = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"],
                               KEY_A["secretAccessKey"])
        status, _, body = send_signed(req)
        self.assertEqual(status, 200, body)

    def test_future_x_amz_date(self):
        future = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(minutes=20)
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=future):
            req = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"],
                               KEY_A["secretAccessKey"])
        status, _, body = send_signed(req)
        code, message = error_type(body)
        self.assertEqual((status, code), (400, "InvalidSignatureException"), body)
        # unverified vs AWS: wording from memory in the research notes
        self.assertRegex(message, r"^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z "
                                  r"\(\d{8}T\d{6}Z \+ 15 min\.\)$")

    def test_no_authorization_header(self):
        status, headers, body = send_raw(self.url, b"{}", {"Content-Type": "application/x-amz-json-1.1",
                                                           "X-Amz-Target": "AWSEvents.ListEventBuses"})
        code, message = error_type(body)
        self.assertEqual(code, "MissingAuthenticationTokenException", body)
        # unverified vs AWS: message "Missing Authentication Token" and status 400 vs 403
        self.assertEqual(message, "Missing Authentication Token")
        self.assertIn(status, (400, 403))
        self.assertIn("x-amzn-requestid", headers)

    def test_session_token_accepted(self):
        c = self.client(KEY_S)
        self.assertEqual(c.describe_event_bus()["Arn"], bus_arn("777788889999", "default"))

    def test_session_key_without_token_refused(self):
        # unverified vs AWS: a temporary key without (or with a wrong) token -> UnrecognizedClientException;
        # dynalite records the token-check text without the final period, so both spellings pass
        for token in ("", "not-the-token"):
            c = make_client(KEY_S["accessKeyId"], secret=KEY_S["secretAccessKey"], url=self.url,
                            session_token=token or None)
            with self.assertRaises(c.exceptions.ClientError) as ctx:
                c.describe_event_bus()
            self.assertAuthError(ctx, "UnrecognizedClientException")
            self.assertIn(ctx.exception.response["Error"]["Message"], (BAD_TOKEN, BAD_TOKEN.rstrip(".")))

    def test_region_from_scope(self):
        c = make_client(KEY_A["accessKeyId"], secret=KEY_A["secretAccessKey"], url=self.url, region="ap-southeast-2")
        self.assertEqual(c.describe_event_bus()["Arn"], "arn:aws:events:ap-southeast-2:111122223333:event-bus/default")

    def test_reset_refused(self):
        # reset is off in strict mode by default, and unsigned admin calls are refused before that (401)
        status, _, _ = send_raw(self.url, b"", {}, path="/_switchyard/reset")
        self.assertEqual(status, 401)

    def test_health_needs_no_signature(self):
        status, _, _ = send_raw(self.url, method="GET", path="/health")
        self.assertEqual(status, 200)


class StrictWithReset(StrictBase):
    extra_flags = ("--enable-reset",)
    config_extra = {"adminAccounts": [KEY_A["accountId"]]}

    def test_reset_allowed_with_flag(self):
        c = self.client(KEY_A)
        name = unique("reset")
        c.create_event_bus(Name=name)
        status, _, _ = send_raw(self.url, b"", {}, path="/_switchyard/reset")
        self.assertEqual(status, 401)  # even with reset enabled, only a signed admin call resets
        req = botocore.awsrequest.AWSRequest(method="POST", url=self.url + "/_switchyard/reset", data=b"")
        botocore.auth.SigV4Auth(botocore.credentials.Credentials(KEY_A["accessKeyId"], KEY_A["secretAccessKey"]),
                                "events", "us-east-1").add_auth(req)
        prepared = req.prepare()
        status, _, _ = send_raw(self.url, b"", dict(prepared.headers), path="/_switchyard/reset")
        self.assertIn(status, (200, 204))
        with self.assertRaises(c.exceptions.ResourceNotFoundException):
            c.describe_event_bus(Name=name)
        # auth still strict after a reset
        bad = make_client("AKIDNOBODYKNOWS00000", secret="x", url=self.url)
        with self.assertRaises(bad.exceptions.ClientError) as ctx:
            bad.list_event_buses()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "UnrecognizedClientException")


class StrictModeFromConfigFileOnly(unittest.TestCase):
    def test_auth_taken_from_config_file(self):
        tmp = tempfile.mkdtemp(prefix="switchyard-strict-cfg-")
        cfg = os.path.join(tmp, "config.json")
        write_config(cfg)
        with Server("--config", cfg) as s:
            c = make_client("AKIDNOBODYKNOWS00000", secret="x", url=s.url)
            with self.assertRaises(c.exceptions.ClientError) as ctx:
                c.list_event_buses()
            self.assertEqual(ctx.exception.response["Error"]["Code"], "UnrecognizedClientException")
            ok = make_client(KEY_B["accessKeyId"], secret=KEY_B["secretAccessKey"], url=s.url)
            self.assertEqual(ok.describe_event_bus()["Arn"], bus_arn("444455556666", "default"))


if __name__ == "__main__":
    unittest.main()


class StrictPutEventsNeverReachesABus(unittest.TestCase):
    """Issue 5: in strict mode an unsigned or wrongly signed PutEvents never reaches any bus. A rule on the bus
    writes every event it sees to a log-group file; only the correctly signed event may ever appear there."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-strict-events-")
        cls.config = os.path.join(cls.tmp, "config.json")
        write_config(cls.config)
        cls.server = Server("--auth", "strict", "--config", cls.config, data_dir=os.path.join(cls.tmp, "data"))
        cls.server.start()
        cls.log_dir = os.path.join(cls.tmp, "data", "logs", KEY_A["accountId"], "us-east-1")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, secret=None):
        return make_client(KEY_A["accessKeyId"], secret=secret or KEY_A["secretAccessKey"], url=self.server.url)

    def delivered(self):
        lines = []
        if os.path.isdir(self.log_dir):
            for name in os.listdir(self.log_dir):
                with open(os.path.join(self.log_dir, name)) as f:
                    lines += [json.loads(line)["detail"]["marker"] for line in f if line.strip()]
        return lines

    def test_only_the_signed_event_arrives(self):
        good = self.client()
        good.put_rule(Name="all", EventPattern=json.dumps({"source": ["strict.test"]}))
        good.put_targets(Rule="all", Targets=[{"Id": "log", "Arn": "arn:aws:logs:us-east-1:111122223333:log-group:strict"}])

        def entries(marker):
            return [{"Source": "strict.test", "DetailType": "t", "Detail": json.dumps({"marker": marker})}]

        # unsigned
        body = json.dumps({"Entries": entries("unsigned")}).encode()
        status, _, answer = send_raw(self.server.url, body, {"Content-Type": "application/x-amz-json-1.1",
                                                              "X-Amz-Target": "AWSEvents.PutEvents"})
        self.assertEqual(status, 403)
        self.assertEqual(json.loads(answer)["__type"], "MissingAuthenticationTokenException")
        # wrong secret
        with self.assertRaises(good.exceptions.ClientError) as ctx:
            self.client(secret="not-the-secret").put_events(Entries=entries("wrong-secret"))
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidSignatureException")
        # tampered after signing
        tampered = self.client()

        def mutate(request, **_):
            request.body = request.body.replace(b"tampered-before", b"tampered-after!")

        tampered.meta.events.register_first("before-send.events", mutate)
        with self.assertRaises(good.exceptions.ClientError) as ctx:
            tampered.put_events(Entries=entries("tampered-before"))
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidSignatureException")
        # signed
        self.assertEqual(good.put_events(Entries=entries("signed"))["FailedEntryCount"], 0)

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "signed" not in self.delivered():
            time.sleep(0.2)
        self.assertEqual(self.delivered(), ["signed"])
