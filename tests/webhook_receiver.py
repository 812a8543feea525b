"""A webhook receiver on loopback for tests: a real HTTP server that records each POST
(headers and exact body bytes) and answers with the statuses it is told, then 200
(after `delay` seconds, or a byte every `drip` seconds);
and the worker run in-process on the real database queue."""

import contextlib
import hashlib
import hmac
import json
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import call_command

from webhooks.models import WebhookDelivery


class Receiver:
    def __init__(self, answers=(), delay=0.0, location=None, drip=None):
        self.answers = list(answers)
        self.delay = delay
        self.drip = drip
        self.location = location
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.headers, body))
                time.sleep(receiver.delay)
                if receiver.drip:
                    self.answer_byte_by_byte(receiver.drip)
                    return
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def answer_byte_by_byte(self, seconds):
                answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + b"X: y\r\n" * 20 + b"\r\nok"
                with contextlib.suppress(OSError):  # the sender hung up
                    for byte in answer:
                        self.wfile.write(bytes([byte]))
                        time.sleep(seconds)
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def bodies(self):
        return [json.loads(body) for _headers, body in self.requests]


def verify(secret, headers, body, tolerance=300):
    """What a receiver does (docs/api.md, "Webhooks"): the signature over the exact bytes
    received, then the signed timestamp, before trusting anything in the body."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, headers["X-Webhook-Signature"]):
        return None
    event = json.loads(body)
    if abs(time.time() - event["timestamp"]) > tolerance:
        return None
    return event


def run_worker(timeout=20):
    """`manage.py db_worker --batch` until no delivery is pending: a retry waits in the
    queue until its time (run_after), and the batch worker stops when nothing is ready."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    deadline = time.monotonic() + timeout
    try:
        while True:
            call_command(
                "db_worker",
                "--batch",
                "--backend=background",
                "--no-startup-delay",
                "--interval=0",
                "--no-reload",
                verbosity=0,
            )
            if not WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).exists():
                return
            assert time.monotonic() < deadline, "deliveries still pending"
            time.sleep(0.01)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def receiving(**kwargs):
    receiver = Receiver(**kwargs)
    try:
        yield receiver
    finally:
        receiver.close()
