"""AWS JSON 1.1 on the wire, checked with raw HTTP (urllib) and SigV4 signatures made by botocore."""
import json
import re
import unittest

from compat import CompatTestCase, error_type, make_client, new_account, send_raw, send_signed, sign_request, unique
from server import Server

STACK_MARKERS = re.compile(r"(\n\s+at [\w.<>`]+\(|System\.[A-Z]\w+Exception|\.cs:line \d+|Traceback \(most recent|"
                           r"Microsoft\.AspNetCore|NullReferenceException)")


class WireProtocol(CompatTestCase):
    def call(self, target, body, account=None, **kw):
        req = sign_request(self.url, target, body, account or self.account, **kw)
        return send_signed(req)

    def assertWellFormedError(self, status, headers, body, code, http_status=400):
        self.assertEqual(status, http_status, body)
        self.assertTrue(headers.get("x-amzn-requestid"), headers)
        self.assertNotRegex(body.decode("utf-8", "replace"), STACK_MARKERS)
        self.assertEqual(headers.get("content-type", "").split(";")[0], "application/x-amz-json-1.1")
        got, message = error_type(body)
        self.assertEqual(got, code, body)
        return message

    def test_success_headers(self):
        status, headers, body = self.call("AWSEvents.ListEventBuses", "{}")
        self.assertEqual(status, 200, body)
        # AWS-recorded headers (LocalStack snapshot of PutEvents): a UUID request id, a Date (SDKs
        # correct clock skew from it), the JSON 1.1 content type
        self.assertRegex(headers.get("x-amzn-requestid", ""),
                         r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertTrue(headers.get("date"))
        self.assertEqual(headers.get("content-type", "").split(";")[0], "application/x-amz-json-1.1")
        self.assertEqual(int(headers.get("content-length", -1)), len(body))
        doc = json.loads(body)
        self.assertEqual([b["Name"] for b in doc["EventBuses"]], ["default"])
        # timestamps are epoch seconds (numbers) in AWS JSON 1.1
        self.assertIsInstance(doc["EventBuses"][0]["CreationTime"], (int, float))

    def test_request_ids_are_unique(self):
        ids = {self.call("AWSEvents.ListEventBuses", "{}")[1]["x-amzn-requestid"] for _ in range(5)}
        self.assertEqual(len(ids), 5)

    def test_error_body_shape(self):
        name = unique("missing")
        status, headers, body = self.call("AWSEvents.DescribeEventBus", json.dumps({"Name": name}))
        message = self.assertWellFormedError(status, headers, body, "ResourceNotFoundException")
        self.assertEqual(message, f"Event bus {name} does not exist.")
        doc = json.loads(body)
        self.assertEqual(set(doc), {"__type", "message"})

    def test_unknown_operation(self):
        status, headers, body = self.call("AWSEvents.NoSuchOperation", "{}")
        self.assertWellFormedError(status, headers, body, "UnknownOperationException")

    def test_wrong_target_prefix(self):
        status, headers, body = self.call("DynamoDB_20120810.ListTables", "{}")
        self.assertWellFormedError(status, headers, body, "UnknownOperationException")

    def test_malformed_json(self):
        status, headers, body = self.call("AWSEvents.ListEventBuses", '{"Limit": 1,')
        self.assertWellFormedError(status, headers, body, "SerializationException")

    def test_body_not_an_object(self):
        for raw in ("[]", '"text"', "42"):
            with self.subTest(body=raw):
                status, headers, body = self.call("AWSEvents.ListEventBuses", raw)
                self.assertWellFormedError(status, headers, body, "SerializationException")

    def test_empty_body_is_empty_input(self):
        # botocore sends b'{}' but other SDKs may send nothing for an input without members
        status, _, body = self.call("AWSEvents.ListEventBuses", "")
        self.assertIn(status, (200, 400), body)
        self.assertNotRegex(body.decode("utf-8", "replace"), STACK_MARKERS)

    def test_wrong_member_type(self):
        # unverified vs AWS: a string where an integer belongs is a SerializationException
        # (Coral's JSON deserializer), the issue allows ValidationException
        status, headers, body = self.call("AWSEvents.ListEventBuses", json.dumps({"Limit": "ten"}))
        self.assertEqual(status, 400, body)
        self.assertIn(error_type(body)[0], ("SerializationException", "ValidationException"))
        self.assertNotRegex(body.decode("utf-8", "replace"), STACK_MARKERS)

    def test_missing_required_member(self):
        status, headers, body = self.call("AWSEvents.CreateEventBus", json.dumps({"Description": "no name"}))
        message = self.assertWellFormedError(status, headers, body, "ValidationException")
        self.assertEqual(message, "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                                  "Member must not be null")

    def test_unknown_members_are_ignored(self):
        name = unique()
        status, _, body = self.call("AWSEvents.CreateEventBus", json.dumps({"Name": name, "NoSuchMember": 1}))
        self.assertEqual(status, 200, body)

    def test_nested_validation_path(self):
        status, headers, body = self.call("AWSEvents.CreateEventBus", json.dumps(
            {"Name": unique(), "Tags": [{"Key": "", "Value": "v"}]}))
        message = self.assertWellFormedError(status, headers, body, "ValidationException")
        self.assertEqual(message, "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy "
                                  "constraint: Member must have length greater than or equal to 1")

    def test_no_stack_trace_on_odd_input(self):
        odd = [
            ("AWSEvents.PutPermission", json.dumps({"Condition": "not-an-object"})),
            ("AWSEvents.CreateEventBus", json.dumps({"Name": {"nested": True}})),
            ("AWSEvents.CreateEventBus", json.dumps({"Name": None})),
            ("AWSEvents.TagResource", json.dumps({"ResourceARN": "arn:aws:events:us-east-1:1:event-bus/x",
                                                  "Tags": "no"})),
            ("AWSEvents.ListEventBuses", json.dumps({"Limit": 10**30})),
            ("AWSEvents.PutPermission", json.dumps({"Policy": "[" * 5000 + "]" * 5000})),
            ("AWSEvents.DescribeEventBus", b"\xff\xfe\x00garbage"),
            ("AWSEvents.", "{}"),
            ("", "{}"),
        ]
        for target, raw in odd:
            with self.subTest(target=target, body=raw[:40]):
                status, headers, body = self.call(target, raw)
                text = body.decode("utf-8", "replace")
                self.assertNotRegex(text, STACK_MARKERS)
                self.assertTrue(headers.get("x-amzn-requestid"), headers)
                self.assertIn(status, (400, 500), text)
                code, _ = error_type(body)
                if status == 500:
                    self.assertEqual(code, "InternalException")
                else:
                    self.assertIn(code, ("ValidationException", "SerializationException", "UnknownOperationException",
                                         "MissingAuthenticationTokenException"))

    def test_no_authorization_header_open_mode(self):
        # SigV4 is required in every mode; only the signature check is skipped in open mode
        status, headers, body = send_raw(self.url, b"{}", {"Content-Type": "application/x-amz-json-1.1",
                                                           "X-Amz-Target": "AWSEvents.ListEventBuses"})
        code, _ = error_type(body)
        self.assertEqual(code, "MissingAuthenticationTokenException", body)
        self.assertTrue(headers.get("x-amzn-requestid"))

    def test_unsupported_signature_scheme(self):
        # unverified vs AWS: which of the two codes AWS picks for a non-SigV4 Authorization header
        status, headers, body = send_raw(self.url, b"{}", {
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.ListEventBuses",
            "Authorization": "Basic dXNlcjpwYXNz"})
        self.assertEqual(status // 100, 4, body)
        self.assertIn(error_type(body)[0], ("IncompleteSignatureException", "MissingAuthenticationTokenException"))

    def test_incomplete_signature(self):
        status, headers, body = send_raw(self.url, b"{}", {
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.ListEventBuses",
            "X-Amz-Date": "20260101T000000Z",
            "Authorization": "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/events/aws4_request"})
        self.assertEqual(status, 400, body)
        self.assertEqual(error_type(body)[0], "IncompleteSignatureException")

    def test_open_mode_ignores_signature(self):
        acct = new_account()
        status, _, body = self.call("AWSEvents.DescribeEventBus", "{}", account=acct, secret="any-other-secret")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["Arn"], f"arn:aws:events:us-east-1:{acct}:event-bus/default")

    def test_health(self):
        status, _, _ = send_raw(self.url, method="GET", path="/health")
        self.assertEqual(status, 200)

    def test_reset_clears_state_in_open_mode(self):
        name = unique("reset")
        self.client.create_event_bus(Name=name)
        status, _, _ = send_raw(self.url, b"", {}, path="/_switchyard/reset")
        self.assertIn(status, (200, 204))
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.describe_event_bus(Name=name)
        self.assertEqual(self.client.describe_event_bus()["Name"], "default")


class DefaultAccountFlag(unittest.TestCase):
    def test_default_account_flag(self):
        with Server("--default-account", "999988887777") as s:
            c = make_client("AKIAIOSFODNN7EXAMPLE", url=s.url)
            self.assertEqual(c.describe_event_bus()["Arn"], "arn:aws:events:us-east-1:999988887777:event-bus/default")
            # a 12-digit key is still its own account
            c = make_client("101010101010", url=s.url)
            self.assertEqual(c.describe_event_bus()["Arn"], "arn:aws:events:us-east-1:101010101010:event-bus/default")


if __name__ == "__main__":
    unittest.main()
