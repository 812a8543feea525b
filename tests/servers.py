"""Real processes for tests that need them: gunicorn serving the production settings
(as the Docker image runs them, or the replayed image itself), Varnish, and a TCP relay
in front of PostgreSQL that a test can cut to play a database outage. Everything binds
to 127.0.0.1 on ports the system picks."""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from typing import NamedTuple

import pytest

from django.db import connection

REPO = Path(__file__).resolve().parents[1]
VARNISHD = Path("/usr/sbin/varnishd")
VCL = REPO / "deploy" / "varnish" / "default.vcl"
SHIPPED_BACKEND = '.port = "8000";'
# TLS ends at the load balancer, which says so in this header (production settings
# redirect plain HTTP to HTTPS).
HTTPS = {"X-Forwarded-Proto": "https"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_postgres():
    """Skips the test on SQLite, whose database no other process can reach through a
    network (CI runs the suite on PostgreSQL too)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


def sqlite_run_only(what):
    """Marks a slow test that proves nothing the database changes (`what` it checks
    says why): CI runs the suite on SQLite and on PostgreSQL side by side and takes as
    long as the longer, the PostgreSQL run, so such a test runs in the SQLite run only
    (`make test`, the developer's default, keeps it)."""
    return pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason=f"{what}, which the database does not change: run on SQLite",
    )


def postgres_url(host=None, port=None):
    """The test database as a URL, optionally through another host and port."""
    require_postgres()
    database = connection.settings_dict
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = host or database["HOST"] or "127.0.0.1"
    port = port or database["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def production_env(tmp_path=None, **overrides):
    """This process's environment without test settings, plus production's secrets; with
    `tmp_path`, a SQLite database, static and media files of the server's own there."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "REDIS_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="conditions.example.org,127.0.0.1",
        WAGTAILADMIN_BASE_URL="https://conditions.example.org",
        WEB_CONCURRENCY="1",
        PATH=f"{Path(sys.executable).parent}:{env['PATH']}",
    )
    if tmp_path is not None:
        env.update(
            DATABASE_URL=f"sqlite:///{tmp_path / 'production.db'}",
            STATIC_ROOT=str(tmp_path / "static"),
            MEDIA_ROOT=str(tmp_path / "media"),
        )
    return env | overrides


class Response(NamedTuple):
    status: int
    headers: Message
    body: bytes

    def json(self):
        return json.loads(self.body)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, data=None, headers=None, timeout=25, follow_redirects=False):
    """One request as through the load balancer (TLS ended there); any status is an
    answer. POSTs when `data` is given."""
    handlers = [] if follow_redirects else [NoRedirects]
    request = urllib.request.Request(url, data=data, headers={**HTTPS, **(headers or {})})
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def answers(url):
    try:
        return get(url, timeout=5).status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running_server(argv, env, cwd, startup_seconds=120):
    """Start `argv` (any command that reads GUNICORN_BIND, such as the image's) on a free
    port and yield (base URL, output) once /healthz answers; `output()` is what the
    server has printed so far (all of it, once it has stopped)."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    base_url = f"http://127.0.0.1:{port}"
    printed_before_stopping = []
    with tempfile.TemporaryFile("w+") as log:

        def output():
            if printed_before_stopping:
                return printed_before_stopping[0]
            log.flush()
            log.seek(0)
            return log.read()

        server = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + startup_seconds
            while not answers(f"{base_url}/healthz"):
                assert server.poll() is None, f"the server stopped:\n{output()}"
                assert time.monotonic() < deadline, f"no answer from /healthz:\n{output()}"
                time.sleep(0.2)
            yield base_url, output
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            printed_before_stopping.append(output())


@contextlib.contextmanager
def gunicorn(env, workers=1):
    """gunicorn with the image's gunicorn.conf.py; yields its base URL."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    log = open(Path(env["STATIC_ROOT"]).parent / f"gunicorn-{port}.log", "w+")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "site_config.wsgi"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                break
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("gunicorn never listened")
        assert server.poll() is None, "gunicorn stopped"
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        server_log = log.read()
        log.close()
        if server.returncode not in (0, -15):
            print(server_log)


class Relay:
    """A TCP relay on loopback to `target` (host, port). `mode` says what it does with
    connections: "pass" them through, "blackhole" them (accept, then never answer, as
    a database host that has vanished behind a firewall does) or "refuse" them (the
    port is closed, as when the database is down). Changing the mode drops the
    connections it was carrying, as a database restart would, except for "stall":
    open connections stay open and everything sent on them is lost, as when a network
    starts dropping packets."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.mode = "pass"
        self._connections = []
        self._lock = threading.Lock()
        self._listener = None
        self._listen()

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: refusing, or stopped
            with self._lock:
                self._connections.append(client)
            if self.mode == "pass":
                try:
                    upstream = socket.create_connection(self.target)
                except OSError:
                    client.close()
                    continue
                with self._lock:
                    self._connections.append(upstream)
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()
            # blackhole: keep the connection open and never read from it.

    def _pipe(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self.mode != "stall":
                    sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def set_mode(self, mode):
        if mode == "stall":
            self.mode = mode
            return
        with self._lock:
            connections, self._connections = self._connections, []
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if mode == "refuse" and self._listener:
            # Shut first: a bare close() leaves the port listening while accept() waits.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        self.mode = mode
        if mode != "refuse" and self._listener is None:
            self._listen()

    def close(self):
        self.set_mode("refuse")


@contextlib.contextmanager
def varnish(backend_port, workdir):
    """Debian's varnishd with the shipped VCL, its backend the app on `backend_port`;
    yields the port it listens on. Skips without varnishd, except under CI, which
    must run the HTTP cache tests, never skip them."""
    if not VARNISHD.exists():
        reason = f"{VARNISHD} is missing: install it with `apt-get install varnish`"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}. CI must run the HTTP cache tests, never skip them.")
        pytest.skip(reason)
    shipped = VCL.read_text()
    assert SHIPPED_BACKEND in shipped, "the test points the shipped VCL's backend at the app"
    vcl = workdir / "default.vcl"
    vcl.write_text(shipped.replace(SHIPPED_BACKEND, f'.port = "{backend_port}";'))
    port = free_port()
    log = (workdir / "varnishd.log").open("w")
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",  # in the foreground, so that this test owns the process
            "-j",
            "none",  # as the current user, in a private working directory
            "-n",
            str(workdir / "instance"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,64m",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        while True:  # until it listens, or gives up
            if process.poll() is not None:
                pytest.fail(f"varnishd stopped: {(workdir / 'varnishd.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
