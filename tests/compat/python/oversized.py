"""Sends request bodies larger than the server accepts, streamed from one small buffer (the sender's memory
stays at a few hundred KiB however large the body), and reports the status each request was answered with.

Used by test_endpoint_hardening.py and bench/oversized-bodies.py."""
import select
import socket
import threading
import urllib.parse

CHUNK = b"\0" * (64 * 1024)


def _status(data):
    head = data.split(b"\r\n", 1)[0].decode("ascii", "replace")
    parts = head.split(" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def send_oversized(url, size, chunked=False, path="/", timeout=60):
    """POSTs `size` bytes (declared in Content-Length, or chunked without it), stopping as soon as the server
    answers.  Returns (status or None, bytes sent before the answer)."""
    u = urllib.parse.urlsplit(url)
    sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
    sent = 0
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: application/x-amz-json-1.1\r\n"
                f"X-Amz-Target: AWSEvents.PutEvents\r\n"
                f"Authorization: AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/events/aws4_request, "
                f"SignedHeaders=host, Signature=00\r\nX-Amz-Date: 20260101T000000Z\r\n")
        head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {size}\r\n\r\n"
        sock.sendall(head.encode("ascii"))
        frame = (b"%x\r\n" % len(CHUNK)) + CHUNK + b"\r\n" if chunked else CHUNK
        try:
            while sent < size:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break  # the server answered (or closed): stop sending
                sock.sendall(frame)
                sent += len(CHUNK)
            else:
                if chunked:
                    sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed while we were still sending; its answer is read below
        data = b""
        try:
            while True:
                part = sock.recv(65536)
                if not part:
                    break
                data += part
                if b"\r\n\r\n" in data and b"content-length: 0" in data.lower():
                    break
        except OSError:
            pass
        return _status(data), sent
    finally:
        sock.close()


def send_many(url, count, size, path="/"):
    """`count` concurrent oversized requests, half with Content-Length and half chunked; returns [(status, sent)]."""
    results = [None] * count

    def one(i):
        try:
            results[i] = send_oversized(url, size, chunked=(i % 2 == 1), path=path)
        except OSError as e:
            results[i] = (None, repr(e))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
