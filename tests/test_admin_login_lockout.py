"""Guessing an editor's password at /admin/login/ stops after five wrong tries: that
username is locked out from that address for 15 minutes (django-axes), even for the
right password, while the editor can still sign in from elsewhere."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

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


def test_one_username_guessed_from_many_addresses_is_locked_everywhere(
    client, editor, django_user_model
):
    django_user_model.objects.create_superuser("colleague", "c@example.org", PASSWORD)
    # Up to four wrong passwords from each of five addresses: none reaches its five.
    for number in range(19):
        attempt = sign_in(client, "wrong", address=f"198.51.100.{number % 5}")
        assert attempt.status_code == 200

    # The twentieth in all locks the username, from any address, even the right password.
    assert sign_in(client, "wrong", address="198.51.100.4").status_code == 429
    assert sign_in(client, PASSWORD, address="192.0.2.55").status_code == 429
    assert "_auth_user_id" not in client.session
    # Other people sign in as usual.
    assert sign_in(client, PASSWORD, username="colleague").status_code == 302


def test_a_made_up_forwarded_address_does_not_dodge_the_lockout(client, editor):
    # No proxy is trusted by default: X-Forwarded-For is the client's own word.
    for number in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    assert sign_in(client, PASSWORD).status_code == 429
