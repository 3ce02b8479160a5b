"""Connections and API destinations through boto3: Create/Describe/List/Update/Delete/DeauthorizeConnection,
Create/Describe/List/Update/DeleteApiDestination, typed errors, and delivery of a transformed event to an API
destination served by a small http.server in the test (with the connection's credentials on the request).

Expected values are AWS's where recorded (LocalStack snapshots test_api_destinations_and_connection.snapshot.json,
recorded against AWS); the rest is marked `unverified vs AWS`.

    cd tests/compat/python && python3 -m unittest -v test_api_destinations
"""
import base64
import http.server
import json
import re
import threading
import time
import unittest


from compat import CompatTestCase, unique

CONNECTION_ARN = r"^arn:aws:events:us-east-1:(\d{12}):connection/%s/[-A-Za-z0-9]+$"
SECRET_ARN = r"^arn:aws:secretsmanager:us-east-1:(\d{12}):secret:events!connection/%s/[-0-9a-f]{36}-[A-Za-z0-9]{6}$"


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Records every request; /oauth/token hands out a token, everything else answers 200."""

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        self.server.requests.append({"method": self.command, "path": self.path,
                                     "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        if self.path.startswith("/oauth/token"):
            payload = json.dumps({"access_token": "compat-token", "token_type": "Bearer", "expires_in": 3600}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            payload = b"ok"
            self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_POST = do_PUT = do_GET = _handle

    def log_message(self, *args):
        pass


class HttpTarget:
    def __init__(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
        self.server.requests = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def requests(self):
        return list(self.server.requests)

    def wait_for(self, predicate, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [r for r in self.requests if predicate(r)]
            if found:
                return found
            time.sleep(0.05)
        return []

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def api_key_auth(name="x-api-key", value="compat-secret-value"):
    return {"ApiKeyAuthParameters": {"ApiKeyName": name, "ApiKeyValue": value}}


class Connections(CompatTestCase):
    def create(self, name=None, auth_type="API_KEY", auth=None, **kw):
        name = name or unique("conn")
        resp = self.client.create_connection(Name=name, AuthorizationType=auth_type,
                                             AuthParameters=auth or api_key_auth(), **kw)
        return name, resp

    def test_create_and_describe_api_key_connection(self):
        name, created = self.create(auth={**api_key_auth("ApiKey", "secret"), "InvocationHttpParameters": {}})
        self.assertRegex(created["ConnectionArn"], CONNECTION_ARN % re.escape(name))
        self.assertIn(self.account, created["ConnectionArn"])
        self.assertEqual(created["ConnectionState"], "AUTHORIZED")
        self.assertIn("CreationTime", created)
        self.assertIn("LastModifiedTime", created)

        d = self.client.describe_connection(Name=name)
        self.assertEqual(d["ConnectionArn"], created["ConnectionArn"])
        self.assertEqual(d["Name"], name)
        self.assertEqual(d["AuthorizationType"], "API_KEY")
        self.assertEqual(d["ConnectionState"], "AUTHORIZED")
        self.assertEqual(d["AuthParameters"], {"ApiKeyAuthParameters": {"ApiKeyName": "ApiKey"}, "InvocationHttpParameters": {}})
        self.assertRegex(d["SecretArn"], SECRET_ARN % re.escape(name))
        for key in ("CreationTime", "LastModifiedTime", "LastAuthorizedTime"):
            self.assertIn(key, d)

    def test_basic_and_oauth_hide_their_secrets(self):
        name, _ = self.create(auth_type="BASIC", auth={"BasicAuthParameters": {"Username": "user", "Password": "pass"}})
        self.assertEqual(self.client.describe_connection(Name=name)["AuthParameters"], {"BasicAuthParameters": {"Username": "user"}})

        oauth_name, created = self.create(auth_type="OAUTH_CLIENT_CREDENTIALS", auth={"OAuthParameters": {
            "AuthorizationEndpoint": "https://example.com/oauth", "HttpMethod": "POST",
            "ClientParameters": {"ClientID": "client_id", "ClientSecret": "client_secret"}}})
        self.assertEqual(created["ConnectionState"], "AUTHORIZING")
        d = self.client.describe_connection(Name=oauth_name)
        self.assertEqual(d["AuthParameters"], {"OAuthParameters": {
            "AuthorizationEndpoint": "https://example.com/oauth", "ClientParameters": {"ClientID": "client_id"}, "HttpMethod": "POST"}})

    def test_secret_parameter_values_are_not_shown(self):  # unverified vs AWS (value left out, IsValueSecret kept)
        name, _ = self.create(auth={**api_key_auth(), "InvocationHttpParameters": {"HeaderParameters": [
            {"Key": "x-plain", "Value": "shown", "IsValueSecret": False},
            {"Key": "x-hidden", "Value": "not-shown", "IsValueSecret": True}]}})
        headers = self.client.describe_connection(Name=name)["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"]
        self.assertEqual(headers, [{"Key": "x-plain", "Value": "shown", "IsValueSecret": False},
                                   {"Key": "x-hidden", "IsValueSecret": True}])

    def test_list_connections(self):
        name, _ = self.create(auth_type="BASIC", auth={"BasicAuthParameters": {"Username": "user", "Password": "pass"},
                                                       "InvocationHttpParameters": {}})
        listed = self.client.list_connections(NamePrefix=name)["Connections"]
        self.assertEqual(len(listed), 1)
        self.assertEqual(set(listed[0]), {"AuthorizationType", "ConnectionArn", "ConnectionState", "CreationTime",
                                          "LastAuthorizedTime", "LastModifiedTime", "Name"})
        self.assertEqual(listed[0]["ConnectionState"], "AUTHORIZED")

    def test_update_connection(self):
        name, _ = self.create(auth_type="BASIC", auth={"BasicAuthParameters": {"Username": "user", "Password": "pass"},
                                                       "InvocationHttpParameters": {}})
        updated = self.client.update_connection(Name=name, AuthorizationType="BASIC", AuthParameters={
            "BasicAuthParameters": {"Username": "new_user", "Password": "new_pass"}, "InvocationHttpParameters": {}})
        self.assertEqual(updated["ConnectionState"], "AUTHORIZED")
        self.assertIn("LastAuthorizedTime", updated)
        d = self.client.describe_connection(Name=name)
        self.assertEqual(d["AuthParameters"], {"BasicAuthParameters": {"Username": "new_user"}, "InvocationHttpParameters": {}})

    def test_deauthorize_connection(self):  # unverified vs AWS (state reason text, SecretArn dropped)
        name, _ = self.create()
        resp = self.client.deauthorize_connection(Name=name)
        self.assertEqual(resp["ConnectionState"], "DEAUTHORIZING")
        d = self.client.describe_connection(Name=name)
        self.assertEqual(d["ConnectionState"], "DEAUTHORIZED")
        self.assertEqual(d["AuthParameters"], {})
        self.assertNotIn("SecretArn", d)
        self.assertIn("DeauthorizeConnection", d["StateReason"])

    def test_delete_connection(self):
        name, _ = self.create()
        resp = self.client.delete_connection(Name=name)
        self.assertEqual(resp["ConnectionState"], "DELETING")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.describe_connection(Name=name)
        self.assertClientError(ctx, "ResourceNotFoundException",
                               f"Failed to describe the connection(s). Connection '{name}' does not exist.")

    def test_duplicate_connection(self):  # unverified vs AWS (message text)
        name, _ = self.create()
        with self.assertRaises(self.client.exceptions.ResourceAlreadyExistsException):
            self.create(name=name)

    def test_invalid_authorization_type(self):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_connection(Name=unique("conn"), AuthorizationType="INVALID_AUTH_TYPE", AuthParameters={})
        self.assertValidationError(ctx, "Value 'INVALID_AUTH_TYPE' at 'authorizationType' failed to satisfy constraint: "
                                        "Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]")

    def test_invalid_name(self):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_connection(Name="Invalid Name With Spaces!", AuthorizationType="API_KEY",
                                          AuthParameters={**api_key_auth("ApiKey", "secret"), "InvocationHttpParameters": {}})
        self.assertValidationError(ctx, "Value 'Invalid Name With Spaces!' at 'name' failed to satisfy constraint: "
                                        r"Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+")

    def test_auth_parameters_must_match_type(self):  # unverified vs AWS (message text)
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_connection(Name=unique("conn"), AuthorizationType="BASIC", AuthParameters=api_key_auth())
        self.assertClientError(ctx, "ValidationException")


class ApiDestinations(CompatTestCase):
    def setUp(self):
        super().setUp()
        self.connection = unique("conn")
        self.connection_arn = self.client.create_connection(
            Name=self.connection, AuthorizationType="BASIC",
            AuthParameters={"BasicAuthParameters": {"Username": "user", "Password": "pass"}})["ConnectionArn"]

    def test_lifecycle(self):
        name = unique("dest")
        created = self.client.create_api_destination(Name=name, ConnectionArn=self.connection_arn, HttpMethod="POST",
                                                     InvocationEndpoint="https://example.com/api",
                                                     Description="Test API destination")
        self.assertRegex(created["ApiDestinationArn"],
                         rf"^arn:aws:events:us-east-1:{self.account}:api-destination/{re.escape(name)}/[-A-Za-z0-9]+$")
        self.assertEqual(created["ApiDestinationState"], "ACTIVE")

        d = self.client.describe_api_destination(Name=name)
        expected = {"ApiDestinationArn": created["ApiDestinationArn"], "ApiDestinationState": "ACTIVE",
                    "ConnectionArn": self.connection_arn, "Description": "Test API destination", "HttpMethod": "POST",
                    "InvocationEndpoint": "https://example.com/api", "InvocationRateLimitPerSecond": 300, "Name": name}
        self.assertEqual({k: d[k] for k in expected}, expected)

        listed = self.client.list_api_destinations(NamePrefix=name)["ApiDestinations"]
        self.assertEqual(len(listed), 1)
        self.assertNotIn("Description", listed[0])

        updated = self.client.update_api_destination(Name=name, ConnectionArn=self.connection_arn, HttpMethod="PUT",
                                                     InvocationEndpoint="https://example.com/api/v2",
                                                     Description="Updated API destination")
        self.assertEqual(updated["ApiDestinationState"], "ACTIVE")
        d = self.client.describe_api_destination(Name=name)
        self.assertEqual((d["HttpMethod"], d["InvocationEndpoint"], d["Description"]),
                         ("PUT", "https://example.com/api/v2", "Updated API destination"))

        self.client.delete_api_destination(Name=name)
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.describe_api_destination(Name=name)
        self.assertClientError(ctx, "ResourceNotFoundException",
                               f"Failed to describe the api-destination(s). An api-destination '{name}' does not exist.")

    def test_oauth_connection_destination_is_inactive_until_authorized(self):
        conn = unique("conn")
        arn = self.client.create_connection(Name=conn, AuthorizationType="OAUTH_CLIENT_CREDENTIALS", AuthParameters={
            "OAuthParameters": {"AuthorizationEndpoint": "https://example.invalid/oauth", "HttpMethod": "POST",
                                "ClientParameters": {"ClientID": "id", "ClientSecret": "password"}}})["ConnectionArn"]
        created = self.client.create_api_destination(Name=unique("dest"), ConnectionArn=arn, HttpMethod="POST",
                                                     InvocationEndpoint="https://example.com/api")
        self.assertEqual(created["ApiDestinationState"], "INACTIVE")

    def test_invalid_parameters(self):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_api_destination(Name=unique("dest"), ConnectionArn="invalid-connection-arn",
                                               HttpMethod="INVALID_METHOD", InvocationEndpoint="invalid-endpoint")
        e = self.assertClientError(ctx, "ValidationException")
        self.assertTrue(e["Message"].startswith("2 validation errors detected: "), e["Message"])
        self.assertIn("Value 'invalid-connection-arn' at 'connectionArn' failed to satisfy constraint", e["Message"])
        self.assertIn("Value 'INVALID_METHOD' at 'httpMethod' failed to satisfy constraint", e["Message"])

    def test_unknown_connection(self):  # unverified vs AWS (message text)
        unknown = self.connection_arn.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.create_api_destination(Name=unique("dest"), ConnectionArn=unknown, HttpMethod="POST",
                                               InvocationEndpoint="https://example.com/api")

    def test_duplicate(self):
        name = unique("dest")
        kw = dict(Name=name, ConnectionArn=self.connection_arn, HttpMethod="POST", InvocationEndpoint="https://example.com/api")
        self.client.create_api_destination(**kw)
        with self.assertRaises(self.client.exceptions.ResourceAlreadyExistsException) as ctx:
            self.client.create_api_destination(**kw)
        self.assertClientError(ctx, "ResourceAlreadyExistsException", f"An api-destination '{name}' already exists.")

    def test_list_by_connection(self):
        other = self.client.create_connection(Name=unique("conn"), AuthorizationType="API_KEY",
                                              AuthParameters=api_key_auth())["ConnectionArn"]
        mine = unique("dest")
        self.client.create_api_destination(Name=mine, ConnectionArn=other, HttpMethod="POST",
                                           InvocationEndpoint="https://example.com/api")
        self.client.create_api_destination(Name=unique("dest"), ConnectionArn=self.connection_arn, HttpMethod="POST",
                                           InvocationEndpoint="https://example.com/api")
        listed = self.client.list_api_destinations(ConnectionArn=other)["ApiDestinations"]
        self.assertEqual([d["Name"] for d in listed], [mine])


class Delivery(CompatTestCase):
    """A rule with an InputTransformer whose target is an API destination delivers to an HTTP server in the test."""

    def setUp(self):
        super().setUp()
        self.target = HttpTarget()
        self.addCleanup(self.target.close)

    def deliver(self, auth_type, auth):
        connection_arn = self.client.create_connection(Name=unique("conn"), AuthorizationType=auth_type,
                                                       AuthParameters=auth)["ConnectionArn"]
        destination_arn = self.client.create_api_destination(
            Name=unique("dest"), ConnectionArn=connection_arn, HttpMethod="POST",
            InvocationEndpoint=f"{self.target.url}/orders/*")["ApiDestinationArn"]
        rule = unique("rule")
        self.client.put_rule(Name=rule, EventPattern=json.dumps({"source": ["compat.orders"]}))
        failed = self.client.put_targets(Rule=rule, Targets=[{
            "Id": "api", "Arn": destination_arn,
            "InputTransformer": {"InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": '{"order": <id>}'},
            "HttpParameters": {"PathParameterValues": ["new"], "HeaderParameters": {"x-from-target": "yes"}},
        }])
        self.assertEqual(failed["FailedEntryCount"], 0, failed)
        put = self.client.put_events(Entries=[
            {"Source": "compat.other", "DetailType": "t", "Detail": json.dumps({"id": 0})},
            {"Source": "compat.orders", "DetailType": "t", "Detail": json.dumps({"id": 42})},
        ])
        self.assertEqual(put["FailedEntryCount"], 0, put)
        received = self.target.wait_for(lambda r: r["path"].startswith("/orders/"))
        self.assertTrue(received, "nothing was delivered to the API destination")
        # Only the matching event is delivered, transformed, with the connection's credentials: a matching marker put
        # afterwards arrives, and beside it only the first.
        self.client.put_events(Entries=[{"Source": "compat.orders", "DetailType": "t", "Detail": json.dumps({"id": 43})}])
        self.assertTrue(self.target.wait_for(lambda r: r["path"].startswith("/orders/") and json.loads(r["body"]) == {"order": 43}),
                        "the marker was not delivered")
        deliveries = [r for r in self.target.requests
                      if r["path"].startswith("/orders/") and json.loads(r["body"]) != {"order": 43}]
        self.assertEqual(len(deliveries), 1, deliveries)
        request = deliveries[0]
        self.assertEqual(request["path"], "/orders/new")
        self.assertEqual(json.loads(request["body"]), {"order": 42})
        self.assertEqual(request["headers"]["x-from-target"], "yes")
        self.assertEqual(request["headers"]["user-agent"], "Amazon/EventBridge/ApiDestinations")
        self.assertTrue(request["headers"]["content-type"].startswith("application/json"))
        return request

    def test_api_key_delivery(self):
        request = self.deliver("API_KEY", api_key_auth("x-api-key", "compat-secret-value"))
        self.assertEqual(request["headers"]["x-api-key"], "compat-secret-value")

    def test_basic_delivery(self):
        request = self.deliver("BASIC", {"BasicAuthParameters": {"Username": "user", "Password": "pass"}})
        self.assertEqual(request["headers"]["authorization"], "Basic " + base64.b64encode(b"user:pass").decode())

    def test_oauth_delivery(self):
        request = self.deliver("OAUTH_CLIENT_CREDENTIALS", {"OAuthParameters": {
            "AuthorizationEndpoint": f"{self.target.url}/oauth/token", "HttpMethod": "POST",
            "ClientParameters": {"ClientID": "id", "ClientSecret": "secret"}}})
        self.assertEqual(request["headers"]["authorization"], "Bearer compat-token")
        token_requests = [r for r in self.target.requests if r["path"].startswith("/oauth/token")]
        self.assertGreaterEqual(len(token_requests), 1)
        self.assertEqual(token_requests[0]["headers"]["authorization"], "Basic " + base64.b64encode(b"id:secret").decode())


if __name__ == "__main__":
    unittest.main()
