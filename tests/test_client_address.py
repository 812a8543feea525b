"""The client's address, which the login lockout and the rate limits count: the
connection's own address unless that is a configured proxy (TRUSTED_PROXIES), whose
X-Forwarded-For entries are then believed, and only those."""

import pytest

from django.test import Client, RequestFactory

from core.client_address import client_ip

URL = "/appointments/"


def valid_form(**overrides):
    return {"name": "Asha Patel", "phone": "+91 22 1234 5678", "consent": "on", **overrides}


def address(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_by_default_no_proxy_is_trusted_and_the_header_is_ignored(settings):
    assert settings.TRUSTED_PROXIES == []
    assert address("203.0.113.7", "192.0.2.1") == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # The load balancer appended the address it saw; the client made up the rest.
        ("10.0.0.2", "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        # Two trusted hops (Varnish on loopback, then the load balancer in 10.0.0.0/8).
        ("127.0.0.1", "192.0.2.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        # A connection from outside the proxies: the header is the client's own word.
        ("198.51.100.4", "192.0.2.1", "198.51.100.4"),
        # A proxy that passed nonsense on: the last address we can vouch for.
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        # Only proxies all the way: the leftmost is the best we know.
        ("10.0.0.2", "10.0.0.3", "10.0.0.3"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # IPv4 clients seen through an IPv6 socket are themselves, not one /64.
        ("::ffff:203.0.113.7", None, "203.0.113.7"),
        ("::ffff:127.0.0.1", "::ffff:198.51.100.4", "198.51.100.4"),
    ],
)
def test_forwarded_addresses_are_believed_only_from_trusted_proxies(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    assert address(remote, forwarded) == client


def test_made_up_forwarded_addresses_do_not_reset_the_appointment_limit(db, settings):
    settings.APPOINTMENTS_RATE_LIMIT = "2/10m"
    client = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(2):
        response = client.post(
            URL, valid_form(name=f"Patient {number}"), HTTP_X_FORWARDED_FOR=f"192.0.2.{number}"
        )
        assert response.status_code == 302

    response = client.post(URL, valid_form(), HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(db, settings):
    settings.APPOINTMENTS_RATE_LIMIT = "1/10m"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    proxy = Client(REMOTE_ADDR="10.0.0.2")

    first = proxy.post(URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = proxy.post(URL, valid_form(), HTTP_X_FORWARDED_FOR="198.51.100.4")
    again = proxy.post(URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert (first.status_code, second.status_code, again.status_code) == (302, 302, 429)


def test_ipv4_clients_behind_an_ipv6_socket_are_counted_apart(db, settings):
    settings.APPOINTMENTS_RATE_LIMIT = "1/10m"
    first = Client(REMOTE_ADDR="::ffff:203.0.113.7").post(URL, valid_form())
    second = Client(REMOTE_ADDR="::ffff:198.51.100.4").post(URL, valid_form())

    assert (first.status_code, second.status_code) == (302, 302)
