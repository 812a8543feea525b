"""Run the site as production runs it, for tests: gunicorn (or any command that reads
GUNICORN_BIND) in its own process, on a free loopback port, with production settings."""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def production_env(**overrides):
    """This process's environment without test settings, plus production's secrets."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "REDIS_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="conditions.example.org,127.0.0.1",
        WEB_CONCURRENCY="1",
    )
    env.update(overrides)
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


def get(url, headers=None, timeout=30):
    """GET a URL; any status is an answer (no redirects followed)."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


@contextlib.contextmanager
def running_server(argv, env, cwd, startup_seconds=120):
    """Start `argv` with GUNICORN_BIND on a free port and yield (base URL, output) once
    /healthz answers; `output()` is what the server has printed so far (all of it, once
    it has stopped)."""
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


def answers(url):
    try:
        return get(url, timeout=5).status == 200
    except OSError:
        return False
