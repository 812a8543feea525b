import ipaddress
import logging

from django_ratelimit.core import get_usage

from django.conf import settings

from core.client_address import client_ip

logger = logging.getLogger(__name__)


def client_network(group, request):
    """Whom the limit counts: the client's address, as core.client_address finds it
    behind the load balancer. An IPv6 client counts as its /64, which one household or
    phone owns whole; an address that makes no sense counts with every other one."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _seconds_to_wait(request, group, key, rate):
    """Counts one request against `rate` (e.g. "5/10m") for `key`. None while under the
    limit, else the seconds until the next may go.

    If the cache cannot count (Redis down), the request goes through: losing a
    patient's request is worse than letting a few extra ones in."""
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    except Exception:
        logger.exception("Rate limit for appointment requests not checked: the cache failed.")
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def appointment_limit(request):
    """One request from this client against settings.APPOINTMENTS_RATE_LIMIT, whether
    it came through the form or an app: a patient's phone counts the same either way."""
    return _seconds_to_wait(
        request, "appointments.request", client_network, settings.APPOINTMENTS_RATE_LIMIT
    )


def api_token(group, request):
    return str(request.auth.pk)


def app_limit(request):
    """One request by API against the app's own budget as well,
    settings.APPOINTMENTS_API_TOKEN_RATE_LIMIT per API token, which caps what a
    leaked token can send from however many addresses. Counted only for requests the
    client's address was allowed to make."""
    return appointment_limit(request) or _seconds_to_wait(
        request,
        "appointments.api-token",
        api_token,
        settings.APPOINTMENTS_API_TOKEN_RATE_LIMIT,
    )
