"""Clients that send a byte at a time cannot take the site down.

gunicorn as the image runs it (production settings, one worker of four threads) behind
the shipped Varnish configuration. More slow connections than the app has threads send
their request bodies (a form post with a valid Content-Length) or their headers a
byte every second; meanwhile /healthz, an article and an appointment request through
the same front are answered in seconds. Varnish takes each body whole before passing
it on, and drops headers that take longer than its timeout_idle. PostgreSQL only (the
app's process must reach the test database)."""

import http.client
import re
import socket
import threading
import time
import urllib.parse

import pytest

from tests.servers import HTTPS, gunicorn, postgres_url, production_env, varnish

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLOW_CONNECTIONS = 12  # three times the app's threads


@pytest.fixture
def front(condition_page, collected_static, tmp_path):
    env = production_env(tmp_path, STATIC_ROOT=str(collected_static), DATABASE_URL=postgres_url())
    with (
        gunicorn(env, workers=1) as app,
        varnish(urllib.parse.urlsplit(app).port, tmp_path) as port,
    ):
        yield f"127.0.0.1:{port}"


class Trickle(threading.Thread):
    """One connection sending `head`, then `trickle` a byte a second until stopped."""

    def __init__(self, address, head, trickle):
        super().__init__(daemon=True)
        self.address, self.head, self.trickle = address, head, trickle
        self.stopped = threading.Event()
        self.sent = 0

    def run(self):
        host, port = self.address.split(":")
        try:
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(self.head)
                for byte in self.trickle:
                    if self.stopped.wait(1):
                        return
                    sock.sendall(bytes([byte]))
                    self.sent += 1
        except OSError:
            pass  # the front gave up on us: what it should do with headers

    def stop(self):
        self.stopped.set()


def send(address, method, path, body=None, headers=None):
    started = time.monotonic()
    connection = http.client.HTTPConnection(address, timeout=60)
    try:
        connection.request(method, path, body, {**HTTPS, **(headers or {})})
        response = connection.getresponse()
        result = response.status, response.getheader("Set-Cookie", ""), response.read()
    finally:
        connection.close()
    return time.monotonic() - started, *result


def test_slow_bodies_and_headers_do_not_starve_the_app(front):
    slow_bodies = [
        Trickle(
            front,
            b"POST /appointments/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
            b"name=" + b"a" * 995,
        )
        for _ in range(SLOW_CONNECTIONS)
    ]
    slow_headers = [
        Trickle(front, b"GET /conditions/ HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n" * 20)
        for _ in range(SLOW_CONNECTIONS)
    ]
    for trickle in slow_bodies + slow_headers:
        trickle.start()
    # Every slow body is under way: a few bytes of each have been sent.
    deadline = time.monotonic() + 60
    while min(trickle.sent for trickle in slow_bodies) < 3:
        assert time.monotonic() < deadline, "the slow clients never got going"
        time.sleep(0.2)

    try:
        health = send(front, "GET", "/healthz")
        article = send(front, "GET", "/conditions/bone-metastases/")
        _, _, cookie, form = send(front, "GET", "/appointments/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        posted = send(
            front,
            "POST",
            "/appointments/",
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.decode(),
                    "name": "Asha Patel",
                    "phone": "+91 22 1234 5678",
                    "consent": "on",
                }
            ),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": re.search(r"csrftoken=[^;]+", cookie).group(0),
                "Referer": f"https://{front}/appointments/",
            },
        )
        still_sending = sum(trickle.is_alive() for trickle in slow_bodies)
    finally:
        for trickle in slow_bodies + slow_headers:
            trickle.stop()

    for name, (seconds, status, *_) in {
        "/healthz": health,
        "article": article,
        "appointment": posted,
    }.items():
        print(f"{name}: {status} in {seconds:.2f} s beside {2 * SLOW_CONNECTIONS} slow clients")
        # Starved, they would wait for a body of 1,000 bytes at a byte a second.
        assert seconds < 10, (name, seconds)
    assert (health[1], article[1], posted[1]) == (200, 200, 302)
    assert still_sending == SLOW_CONNECTIONS  # they were still trickling throughout
