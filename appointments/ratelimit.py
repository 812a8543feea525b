import ipaddress
import logging

from django_ratelimit.core import get_usage

from django.conf import settings

from site_config.security import client_ip

logger = logging.getLogger(__name__)


def client_network(group, request):
    """Whom the limit counts: the client's address, as site_config.security finds it
    behind the load balancer. An IPv6 client counts as its /64, which one household or
    phone owns whole; an address that makes no sense counts with every other one."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def appointment_limit(request):
    """Counts one request from this client against settings.APPOINTMENTS_RATE_LIMIT
    (e.g. "5/10m"). Returns None while under the limit, else the seconds until the
    client may try again.

    If the cache cannot count (Redis down), the request goes through: losing a
    patient's request is worse than letting a few extra ones in."""
    try:
        usage = get_usage(
            request,
            group="appointments.request",
            key=client_network,
            rate=settings.APPOINTMENTS_RATE_LIMIT,
            increment=True,
        )
    except Exception:
        logger.exception("Rate limit for appointment requests not checked: the cache failed.")
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)
