"""Who is knocking: the client address that django-axes counts failed logins against."""

from django.conf import settings


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies it is the entry the
    outermost of them appended to X-Forwarded-For: entries to its left are whatever the
    client sent, so trusting them would let an attacker pick a fresh address for every
    guess. With no proxies, or a header too short to have passed through them all,
    the address of the connection itself."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
