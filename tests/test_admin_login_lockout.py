"""Guessing an editor's password at /admin/login/ stops after five wrong tries: that
username is locked out from that address for 15 minutes (django-axes), even for the
right password, while the editor can still sign in from elsewhere."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from django.test import RequestFactory

from site_config.security import client_ip

LOGIN = "/admin/login/"
PASSWORD = "the-right-password"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password, username="editor", address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_right_password_signs_in(client, editor):
    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_fifth_wrong_password_locks_out_even_the_right_one(client, editor):
    for _ in range(4):
        attempt = sign_in(client, "wrong")
        assert attempt.status_code == 200  # the sign-in form again, with its error
        assert "Your username and password didn" in attempt.text

    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text
    assert "try again in 15 minutes" in locked.text

    refused = sign_in(client, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_fifteen_minutes(client, editor):
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429

    # Fifteen minutes pass.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert sign_in(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_lockout_is_for_one_username_from_one_address(client, editor, django_user_model):
    django_user_model.objects.create_superuser("colleague", "c@example.org", PASSWORD)
    for _ in range(5):
        sign_in(client, "wrong")

    assert sign_in(client, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="colleague").status_code == 302


def test_a_right_password_clears_earlier_mistakes(client, editor):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_tests_that_force_login_are_unaffected(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_behind_the_load_balancer_the_address_it_saw_is_counted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client made up the first entry; the load balancer appended the real one.
    request = RequestFactory().post(
        LOGIN,
        HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7",
        REMOTE_ADDR="10.0.0.2",
    )
    assert client_ip(request) == "203.0.113.7"

    # A request that did not come through the load balancer: the connection's address.
    assert client_ip(RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.9")) == "10.0.0.9"

    settings.TRUSTED_PROXY_COUNT = 0  # no proxy: the header is the client's own word
    assert client_ip(request) == "10.0.0.2"
