"""Who is knocking: the one client address that the login lockout (django-axes), the
appointment and page-password rate limits (django-ratelimit) all count."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address):
    """The address, with an IPv4 client seen through an IPv6 socket (`::ffff:a.b.c.d`)
    as itself: otherwise every such client would count as one IPv6 /64."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    return getattr(parsed, "ipv4_mapped", None) or parsed


def _is_trusted_proxy(address):
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The client's address.

    The connection's own address (REMOTE_ADDR), unless it is one of
    settings.TRUSTED_PROXIES: then X-Forwarded-For is read from the right, each entry
    being what the proxy before it saw, until an address that is not a trusted proxy,
    which is the client. Entries further left are whatever the client sent, so
    believing them would let anyone pick a fresh address for every guess. A proxy that
    wrote nonsense leaves us with the last address we can vouch for."""
    address = request.META.get("REMOTE_ADDR", "")
    current = _parse(address)
    if current is None:
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed(forwarded):
        if not _is_trusted_proxy(current):
            break
        previous = _parse(entry)
        if previous is None:
            break
        current = previous
    return str(current)
