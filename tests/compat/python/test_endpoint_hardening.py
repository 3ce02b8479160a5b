"""Strict mode's guards on the server's own endpoints and on request bodies (issue 12, items 3, 5, 6):
/_switchyard/* and /metrics need an admin account's SigV4 signature (or, for /metrics, the configured bearer
token), UNSIGNED-PAYLOAD is refused, a presigned URL cannot be replayed as another operation, and bodies over
limits.maxRequestBodyBytes are refused with 413 before they are read.  Behaviour and sources: docs/compat.md
"Endpoint hardening"."""
import json
import os
import tempfile
import unittest
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from compat import error_type, make_client, send_raw, sign_request, unique
from oversized import send_many
from server import Server
from test_strict_auth import KEY_A, KEY_B, write_config

METRICS_TOKEN = "scrape-token-0123456789abcdef"


def signed_admin(url, path, key, method="POST", body=b""):
    """An admin request signed as the switchyard CLI signs it: SigV4, service 'events', over its own path."""
    req = botocore.awsrequest.AWSRequest(method=method, url=url + path, data=body if method != "GET" else None)
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key["accessKeyId"], key["secretAccessKey"]),
                            "events", "us-east-1").add_auth(req)
    return send_raw(url, body, dict(req.prepare().headers), method=method, path=path)


class HardenedServer(unittest.TestCase):
    """A strict server whose only admin is account A; B is an ordinary tenant."""
    config_extra = {}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="switchyard-hardening-")
        cls.config = os.path.join(cls.tmp, "config.json")
        write_config(cls.config, adminAccounts=[KEY_A["accountId"]], metrics={"bearerToken": METRICS_TOKEN},
                     enableReset=True, **cls.config_extra)
        cls.server = Server("--config", cls.config).start()
        cls.url = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, key):
        return make_client(key["accessKeyId"], secret=key["secretAccessKey"], url=self.url)


class AdminEndpoints(HardenedServer):
    def test_reset_refused_without_admin_credentials_and_accepted_with_them(self):
        b = self.client(KEY_B)
        name = unique("kept")
        b.create_event_bus(Name=name)

        status, headers, body = send_raw(self.url, b"", {}, path="/_switchyard/reset")
        self.assertEqual(status, 401, body)
        self.assertEqual(error_type(body)[0], "MissingAuthenticationTokenException")
        self.assertTrue(headers.get("x-amzn-requestid"))

        status, _, body = signed_admin(self.url, "/_switchyard/reset", KEY_B)
        self.assertEqual(status, 403, body)
        self.assertEqual(error_type(body)[0], "AccessDeniedException")
        self.assertEqual(b.describe_event_bus(Name=name)["Name"], name)  # nothing was reset

        forged = dict(KEY_A, secretAccessKey="not-the-secret")
        status, _, body = signed_admin(self.url, "/_switchyard/reset", forged)
        self.assertEqual((status, error_type(body)[0]), (403, "InvalidSignatureException"))

        status, _, body = signed_admin(self.url, "/_switchyard/reset", KEY_A)
        self.assertEqual(status, 200, body)
        with self.assertRaises(b.exceptions.ResourceNotFoundException):
            b.describe_event_bus(Name=name)

    def test_metrics_refused_without_admin_credentials_and_accepted_with_them(self):
        self.client(KEY_B).create_event_bus(Name=unique("secret-name"))
        status, headers, body = send_raw(self.url, method="GET", path="/metrics")
        self.assertEqual(status, 401, body)
        self.assertEqual(headers.get("www-authenticate"), "Bearer")
        self.assertNotIn(b"secret-name", body)

        self.assertEqual(signed_admin(self.url, "/metrics", KEY_B, method="GET")[0], 403)
        status, _, body = send_raw(self.url, method="GET", path="/metrics", headers={"Authorization": "Bearer wrong"})
        self.assertEqual(status, 403)

        status, _, body = signed_admin(self.url, "/metrics", KEY_A, method="GET")
        self.assertEqual(status, 200, body)
        self.assertIn(b"# TYPE", body)
        status, _, body = send_raw(self.url, method="GET", path="/metrics",
                                   headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        self.assertEqual(status, 200, body)

    def test_health_stays_open(self):
        self.assertEqual(send_raw(self.url, method="GET", path="/health")[0], 200)

    def test_reload_is_admin_only_and_shows_no_path(self):
        self.assertEqual(signed_admin(self.url, "/_switchyard/reload", KEY_B)[0], 403)
        status, _, body = signed_admin(self.url, "/_switchyard/reload", KEY_A)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"organizations": []})
        self.assertNotIn(self.tmp.encode(), body)

    def test_switchyard_cli_signs_as_an_admin_from_flags_or_environment(self):
        import subprocess
        from server import server_dll
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SWITCHYARD_"))}
        as_tenant = subprocess.run(["dotnet", server_dll(), "lint", "--endpoint", self.url,
                                    "--access-key-id", KEY_B["accessKeyId"], "--secret-access-key", KEY_B["secretAccessKey"]],
                                   capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(as_tenant.returncode, 2, as_tenant.stdout)
        self.assertIn("AccessDeniedException", as_tenant.stderr)
        env.update(AWS_ACCESS_KEY_ID=KEY_A["accessKeyId"], AWS_SECRET_ACCESS_KEY=KEY_A["secretAccessKey"])
        as_admin = subprocess.run(["dotnet", server_dll(), "lint", "--endpoint", self.url],
                                  capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(as_admin.returncode, 0, as_admin.stdout + as_admin.stderr)


class SignatureBinding(HardenedServer):
    def test_unsigned_payload_refused(self):
        req = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"], KEY_A["secretAccessKey"],
                           extra_headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
        prepared = req.prepare()
        self.assertIn("x-amz-content-sha256", prepared.headers["Authorization"])  # signed, and still refused
        status, _, body = send_raw(self.url, b"{}", dict(prepared.headers))
        self.assertEqual(status, 400, body)
        code, message = error_type(body)
        self.assertEqual(code, "InvalidSignatureException")
        self.assertIn("UNSIGNED-PAYLOAD", message)

        # the same client signing the body's hash is served
        ok = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"], KEY_A["secretAccessKey"])
        self.assertEqual(send_raw(self.url, b"{}", dict(ok.prepare().headers))[0], 200)

    def test_presigned_url_replayed_as_another_operation_refused(self):
        a = self.client(KEY_A)
        name = unique("presigned")
        a.create_event_bus(Name=name)
        # botocore's query-string signer: it signs host (and content-type), not X-Amz-Target
        req = botocore.awsrequest.AWSRequest(method="POST", url=self.url + "/", data=b"{}", headers={
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.ListEventBuses"})
        botocore.auth.SigV4QueryAuth(botocore.credentials.Credentials(KEY_A["accessKeyId"], KEY_A["secretAccessKey"]),
                                     "events", "us-east-1", expires=300).add_auth(req)
        path = "/?" + urllib.parse.urlsplit(req.url).query
        self.assertIn("X-Amz-Signature=", path)
        replay = json.dumps({"Name": name}).encode()
        for target in ("AWSEvents.ListEventBuses", "AWSEvents.DeleteEventBus"):
            status, _, body = send_raw(self.url, replay if target.endswith("DeleteEventBus") else b"{}", {
                "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}, path=path)
            self.assertEqual(status, 400, body)
            code, message = error_type(body)
            self.assertEqual(code, "InvalidSignatureException")
            self.assertIn("x-amz-target", message)
        self.assertEqual(a.describe_event_bus(Name=name)["Name"], name)


class UnsignedPayloadAllowed(HardenedServer):
    config_extra = {"auth": {"mode": "strict", "allowUnsignedPayload": True}}

    def test_the_setting_lets_unsigned_payload_through(self):
        req = sign_request(self.url, "AWSEvents.ListEventBuses", "{}", KEY_A["accessKeyId"], KEY_A["secretAccessKey"],
                           extra_headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
        status, _, body = send_raw(self.url, b"{}", dict(req.prepare().headers))
        self.assertEqual(status, 200, body)


class OversizedBodies(HardenedServer):
    COUNT = 32
    SIZE = 28 * 1024 * 1024

    def test_concurrent_oversized_bodies_are_refused_and_the_server_stays_up(self):
        results = send_many(self.url, self.COUNT, self.SIZE)
        self.assertEqual([status for status, _ in results], [413] * self.COUNT, results)
        # none of them was read whole: each stopped long before its 28 MB were sent
        self.assertTrue(all(sent < self.SIZE for _, sent in results), results)
        self.assertEqual(send_raw(self.url, method="GET", path="/health")[0], 200)
        self.assertEqual(self.client(KEY_A).list_event_buses()["EventBuses"][0]["Name"], "default")

    def test_a_length_of_two_to_the_31_gets_413_not_500(self):
        from oversized import send_oversized
        for declared in (2**31 - 1, 2**31, 2**63 - 1):
            status, _ = send_oversized(self.url, declared)
            self.assertEqual(status, 413, declared)


if __name__ == "__main__":
    unittest.main()
