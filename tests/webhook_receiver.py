"""A webhook receiver on loopback for tests: a real HTTP server (HTTPS with `tls`, a
certificate and key from `throwaway_certificate`) that records each POST (headers and
exact body bytes) and answers with the statuses it is told, then 200 (after `delay`
seconds, or a byte every `drip` seconds); a listening socket that only counts who
connected; and the worker run in-process on the real database queue."""

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.core.management import call_command

from webhooks.models import WebhookDelivery


class Receiver:
    def __init__(self, answers=(), delay=0.0, location=None, drip=None, tls=None):
        self.answers = list(answers)
        self.delay = delay
        self.drip = drip
        self.location = location
        self.requests = []
        self.server_names = []  # with tls: the name each client asked for (SNI)
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
        self.port = self.server.server_address[1]
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            context.sni_callback = lambda _socket, name, _context: self.server_names.append(name)
            # A client refusing the certificate fails the accept, which the server skips.
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/hooks/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def bodies(self):
        return [json.loads(body) for _headers, body in self.requests]


def throwaway_certificate(directory, name):
    """(CA bundle, certificate, key): a certificate for `name` signed by a CA made for
    the test, both as strict as Python's own checks may get (X509 strict in 3.13)."""
    if not shutil.which("openssl"):
        reason = "the openssl command is missing: install it with `apt-get install openssl`"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}. CI must run the HTTPS webhook test, never skip it.")
        pytest.skip(reason)
    parts = ("ca", "ca_key", "cert", "key", "csr")
    paths = {part: str(directory / f"{part}.pem") for part in parts}
    (directory / "leaf.cnf").write_text(
        f"subjectAltName=DNS:{name}\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for command in (
        ["req", "-x509", *key, "-keyout", paths["ca_key"], "-out", paths["ca"], "-days", "1"]
        + ["-subj", "/CN=Webhook test CA", "-addext", "keyUsage=critical,keyCertSign"],
        ["req", *key, "-keyout", paths["key"], "-out", paths["csr"], "-subj", f"/CN={name}"],
        ["x509", "-req", "-in", paths["csr"], "-CA", paths["ca"], "-CAkey", paths["ca_key"]]
        + ["-out", paths["cert"], "-days", "1", "-extfile", str(directory / "leaf.cnf")],
    ):
        subprocess.run(["openssl", *command], check=True, capture_output=True)
    return paths["ca"], paths["cert"], paths["key"]


class Listener:
    """A socket on every local address (IPv4 and, where there is one, IPv6) that
    never answers: `connected()` counts the TCP handshakes made to it, which the
    kernel completes and queues whether or not anything accepts them."""

    def __init__(self):
        try:
            self.socket = socket.socket(socket.AF_INET6)
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            self.socket.bind(("::", 0))
        except OSError:
            self.socket = socket.socket(socket.AF_INET)
            self.socket.bind(("0.0.0.0", 0))
        self.socket.listen(16)
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]

    def connected(self):
        count = 0
        while True:
            try:
                connection, _address = self.socket.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1

    def close(self):
        self.socket.close()


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
