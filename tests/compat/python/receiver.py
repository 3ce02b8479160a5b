"""An HTTP endpoint behind an API destination that keeps what it is sent: the cluster suites' delivery witness."""
import http.server
import json
import threading
import time


class Receiver:
    """Records the JSON body of every POST with the time it arrived; answers 200."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bodies = []  # (arrival time.monotonic(), body)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.bodies.append((time.monotonic(), json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def received(self, predicate=lambda body: True):
        with self.lock:
            return [(at, body) for at, body in self.bodies if predicate(body)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def api_destination(client, receiver, name, rate=None):
    """A connection and an API destination of `client`'s account posting to `receiver`; returns the destination ARN."""
    connection = client.create_connection(
        Name=name + "-conn", AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "cluster"}})
    extra = {"InvocationRateLimitPerSecond": rate} if rate else {}
    return client.create_api_destination(Name=name, ConnectionArn=connection["ConnectionArn"], HttpMethod="POST",
                                         InvocationEndpoint=receiver.url, **extra)["ApiDestinationArn"]
