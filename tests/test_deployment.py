"""What the production image runs, run here outside Docker: its settings, its
entrypoint script, collectstatic and gunicorn."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def production_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="conditions.example.org,127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.db'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PATH=f"{Path(sys.executable).parent}:{env['PATH']}",
    )
    return env


def run(args, env, **kwargs):
    return subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def test_deploy_checks_are_clean(production_env):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_media_host_may_serve_images_under_the_policy(production_env):
    production_env["MEDIA_URL"] = "https://media.example-cdn.org/conditions/"
    result = run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings;"
            "print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        ],
        production_env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "'self' data: https://media.example-cdn.org"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(production_env, missing):
    del production_env[missing]
    result = run([sys.executable, "manage.py", "check"], production_env)
    assert result.returncode != 0
    assert f"The {missing} environment variable is required" in result.stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, headers, attempts=100):
    for _ in range(attempts):
        try:
            return urllib.request.urlopen(urllib.request.Request(url, headers=headers))
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_entrypoint_migrates_then_gunicorn_serves_pages_and_static_files(production_env):
    collect = run([sys.executable, "manage.py", "collectstatic", "--noinput"], production_env)
    assert collect.returncode == 0, collect.stderr
    entrypoint = ["scripts/docker-entrypoint.sh", sys.executable, "manage.py"]
    content = run([*entrypoint, "load_sample_content"], production_env)
    assert content.returncode == 0, content.stderr
    assert "Applying wagtailcore" in content.stdout  # the entrypoint migrated first

    port = free_port()
    production_env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    server = subprocess.Popen(
        [
            "scripts/docker-entrypoint.sh",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "site_config.wsgi:application",
        ],
        cwd=REPO,
        env=production_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # TLS ends at the load balancer, which says so in this header.
        headers = {"X-Forwarded-Proto": "https"}
        page = wait_for(f"http://127.0.0.1:{port}/", headers)
        assert page.status == 200
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in page.headers["Permissions-Policy"]
        html = page.read().decode()
        # Pages link the hashed file names that WhiteNoise may cache forever.
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
        css = wait_for(f"http://127.0.0.1:{port}{stylesheet}", headers)
        assert css.status == 200
        assert "immutable" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        server.communicate(timeout=30)
