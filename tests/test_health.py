"""/healthz and /readyz, as a load balancer and Docker's HEALTHCHECK ask them."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import free_port, get, production_env, running_server

REPO = Path(__file__).resolve().parents[1]
GUNICORN = [
    str(Path(sys.executable).parent / "gunicorn"),
    "--config",
    "gunicorn.conf.py",
    "site_config.wsgi:application",
]


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_answer_a_load_balancer_asking_by_address(client, settings, path):
    # A load balancer asks by the instance's address over plain HTTP: neither the host
    # check nor the HTTPS redirect may turn that into a 400 or a 301.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path, HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'health.db'}"


def closed_port_url(scheme):
    # Nothing listens on a port that was free a moment ago: connections are refused.
    return f"{scheme}://127.0.0.1:{free_port()}/health"


@pytest.mark.processes
def test_readyz_is_503_when_the_database_is_unreachable():
    env = production_env(DATABASE_URL=closed_port_url("postgres"))
    with running_server(GUNICORN, env, REPO) as (base_url, output):
        ready = get(f"{base_url}/readyz")
        alive = get(f"{base_url}/healthz")
    assert ready.status == 503
    assert ready.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "cache": "ok"},
    }
    assert ready.headers["Cache-Control"] == "no-store"
    assert alive.status == 200
    # A warning says why; Django's "Service Unavailable" error log stays quiet.
    assert "Not ready: the database is unavailable" in output()
    assert "Service Unavailable" not in output()


@pytest.mark.processes
def test_readyz_is_503_when_the_cache_is_unreachable(sqlite_url):
    env = production_env(DATABASE_URL=sqlite_url, REDIS_URL=closed_port_url("redis"))
    with running_server(GUNICORN, env, REPO) as (base_url, output):
        ready = get(f"{base_url}/readyz")
    assert ready.status == 503
    assert ready.json()["checks"] == {"database": "ok", "cache": "unavailable"}
    assert "Not ready: the cache is unavailable" in output()


@pytest.mark.processes
def test_docker_healthcheck_passes_while_gunicorn_answers_and_fails_after(sqlite_url):
    env = production_env(DATABASE_URL=sqlite_url)
    healthcheck = [sys.executable, str(REPO / "scripts" / "healthcheck.py")]
    with running_server(GUNICORN, env, REPO) as (base_url, _):
        env["GUNICORN_BIND"] = base_url.removeprefix("http://")
        assert subprocess.run(healthcheck, env=env, timeout=30).returncode == 0
    assert subprocess.run(healthcheck, env=env, timeout=30).returncode == 1
