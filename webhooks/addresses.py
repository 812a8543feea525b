"""Which addresses a webhook may go to: public internet addresses only (unless
settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS), judged by where the packets end up, since a
webhook could otherwise make the server POST to services that trust its network
(SSRF): loopback, private networks, link-local (a cloud's metadata service).

An IPv6 address can carry an IPv4 one that a translator or tunnel delivers to:
NAT64's well-known prefix (64:ff9b::a.b.c.d, what DNS64 answers on IPv6-only hosts)
and ISATAP's interface ids are judged by the IPv4 address inside; the forms that no
partner's name resolves to (IPv4-mapped, -compatible and -translated, local-use
NAT64, and the tunnels 6to4 and Teredo, retired or relayed by parties unknown) are
refused whatever they carry. Python's `is_global` knows none of this before 3.13."""

import ipaddress
import socket

NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052
REFUSED_IPV6 = [
    ipaddress.ip_network(network)
    for network in (
        "::/96",  # IPv4-compatible (RFC 4291, deprecated), :: and ::1 included
        "::ffff:0:0/96",  # IPv4-mapped
        "::ffff:0:0:0/96",  # IPv4-translated (RFC 2765)
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215): the operator's own network
        "2002::/16",  # 6to4 (RFC 3056, retired by RFC 7526)
        "2001::/32",  # Teredo (RFC 4380)
    )
]
# RFC 5214: an ISATAP interface id is 0000:5efe or 0200:5efe, then the IPv4 address.
ISATAP_MASK = 0xFDFFFFFF
ISATAP_ID = 0x00005EFE


def is_public(address):
    """True for an IP address (an ipaddress object or its text) that reaches the
    public internet, and only there."""
    address = ipaddress.ip_address(address)
    if address.version == 6:
        if any(address in network for network in REFUSED_IPV6):
            return False
        embedded = embedded_ipv4(address)
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not address.is_multicast


def embedded_ipv4(address):
    if address in NAT64_WELL_KNOWN or (int(address) >> 32) & ISATAP_MASK == ISATAP_ID:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def literal_address(host):
    """The address a URL's host stands for without asking DNS, or None for a name.
    Besides the usual forms, what the C library's resolver reads as IPv4 (`127.1`,
    `2130706433`, `0x7f.1`, `0177.0.0.1`), which `ipaddress` does not."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, UnicodeError, ValueError):
        return None


def is_local_name(host):
    name = host.rstrip(".")
    return name == "localhost" or name.endswith(".localhost")
