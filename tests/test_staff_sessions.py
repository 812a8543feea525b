"""Staff sessions: signed out after a period without activity, ended everywhere when
the password changes, passwords of 12 characters at least, and sign-ins in the audit
trail."""

import datetime

import time_machine

from django.contrib.auth.models import Group
from django.utils import timezone

from audit.models import AuditEvent
from tests.staff import StaffClient

ACCOUNT = "/admin/account/"
Action = AuditEvent.Action


def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="an old long password")
    user.groups.add(Group.objects.get(name="Appointment coordinators"))
    return user


def account_form(old, new):
    """Wagtail's account page as it posts: every panel, the password one filled in."""
    return {
        "name_email-first_name": "Coordinator",
        "name_email-last_name": "One",
        "name_email-email": "coordinator@example.org",
        "locale-preferred_language": "",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
        "password-old_password": old,
        "password-new_password1": new,
        "password-new_password2": new,
    }


def test_staff_are_signed_out_after_the_idle_period(client, django_user_model, settings):
    assert settings.SESSION_COOKIE_AGE == settings.STAFF_SESSION_IDLE_MINUTES * 60 == 30 * 60
    client.force_login(coordinator(django_user_model))
    start = timezone.now()

    # Active every 20 minutes for an hour: still signed in.
    for minutes in (20, 40, 60):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert client.get("/admin/").status_code == 200
    # Then 31 minutes without a request: signed out.
    with time_machine.travel(start + datetime.timedelta(minutes=91)):
        response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_password_change_ends_the_accounts_other_sessions(django_user_model):
    user = coordinator(django_user_model)
    here, elsewhere = StaffClient(), StaffClient()
    here.force_login(user)
    elsewhere.force_login(user)

    too_short = here.post(ACCOUNT, account_form("an old long password", "short pass1"))
    assert "at least 12 characters" in too_short.text

    here.post(ACCOUNT, account_form("an old long password", "a brand new passphrase"))
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")
    assert here.get("/admin/").status_code == 200  # this session goes on
    ended = elsewhere.get("/admin/")
    assert ended.status_code == 302 and ended["Location"].startswith("/admin/login/")


def test_sign_ins_and_failures_are_in_the_audit_trail(client, django_user_model):
    user = coordinator(django_user_model)
    client.post(
        "/admin/login/",
        {"username": "coordinator", "password": "wrong"},
        REMOTE_ADDR="203.0.113.5",
    )
    client.post(
        "/admin/login/",
        {"username": "nobody-here", "password": "x"},
        REMOTE_ADDR="203.0.113.6",
    )
    client.post(
        "/admin/login/",
        {"username": "coordinator", "password": "an old long password"},
        REMOTE_ADDR="203.0.113.5",
    )
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.5")

    assert list(
        AuditEvent.objects.order_by("pk").values_list("action", "actor", "detail", "ip_address")
    ) == [
        (Action.SIGN_IN_FAILED, user.pk, "", "203.0.113.5"),
        # What was typed as a username is not kept: it may be a misplaced password.
        (Action.SIGN_IN_FAILED, None, "unknown username", "203.0.113.6"),
        (Action.SIGNED_IN, user.pk, "", "203.0.113.5"),
        (Action.SIGNED_OUT, user.pk, "", "203.0.113.5"),
    ]
