"""Health checks for the container runtime and the load balancer.

- `/healthz`: the process is up and answering; touches no database. Docker's
  HEALTHCHECK (scripts/healthcheck.py) and liveness probes ask it, so an instance is
  restarted only when it is stuck itself, never because the database is down.
- `/readyz`: the database and the cache answer too (settings give both short connect
  timeouts). The load balancer asks it and sends no visitors to an instance that is
  not ready.

Both answer 200 or 503 with a small JSON body, `Cache-Control: no-store`. A middleware
ahead of all others answers them: a load balancer asks by the instance's own address
over plain HTTP, so the host check (ALLOWED_HOSTS) and the HTTPS redirect must not turn
the question into a 400 or a 301, and no session, CSRF or page caching applies."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

READINESS_CACHE_KEY = "readyz"


def database_is_ready():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_is_ready():
    cache.set(READINESS_CACHE_KEY, "ok", timeout=30)
    if cache.get(READINESS_CACHE_KEY) != "ok":
        raise RuntimeError("the cache did not return what was just stored")


READINESS_CHECKS = {"database": database_is_ready, "cache": cache_is_ready}


def healthz():
    return {"status": "ok"}, 200


def readyz():
    results = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready", whatever raised it
            # A warning, not an error: the load balancer acts on the 503, and an outage
            # of the database or cache is reported where it happens, not on every probe.
            logger.warning("Not ready: the %s is unavailable: %r", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return {"status": "ok" if ready else "unavailable", "checks": results}, (200 if ready else 503)


HEALTH_CHECKS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = HEALTH_CHECKS.get(request.path_info)
        if check is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        body, status = check()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response


class SkipHealthChecks(logging.Filter):
    """Keeps a 503 from /readyz out of the error log (Django logs every 5xx response
    on `django.request`): a probe answering "not ready" is the check working."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return getattr(request, "path_info", None) not in HEALTH_CHECKS
