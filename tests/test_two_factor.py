"""Two-factor sign-in: staff who can read patients' data or publish reach nothing with
a password alone; they set up an authenticator app at first sign-in and then enter its
code (or a recovery code) after their password; codes are throttled; editors choose,
unless the setting asks it of everyone; API tokens of such staff only after they have
set it up; a changed second factor signs out the sessions it had let in."""

import datetime
import io

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import APIToken, PageViewRestriction

from audit.models import AuditEvent
from staff_accounts import devices
from tests.staff import StaffClient
from tests.two_factor import totp_code

LOGIN = "/admin/login/"
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"
PASSWORD = "a long enough password"
Action = AuditEvent.Action


@pytest.fixture
def member(django_user_model):
    def make(group, username="staff"):
        if group == "superuser":
            return django_user_model.objects.create_superuser(username, "s@example.org", PASSWORD)
        user = django_user_model.objects.create_user(username, "s@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


def sign_in(client, username="staff", password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password}, follow=True)


def landed(response):
    return (
        response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    )


def secret_on(page):
    return BeautifulSoup(page.content, "html.parser").select_one("[data-totp-secret]").text


NEEDS_TWO_FACTOR = [
    "superuser",
    "Appointment coordinators",
    "Appointment exporters",
    "Data protection officers",
    "Auditors",
    "Clinical reviewers",
    "Moderators",
]


@pytest.mark.parametrize("group", NEEDS_TWO_FACTOR)
def test_a_password_alone_does_not_reach_the_dashboard(client, member, group, condition_page):
    user = member(group)

    first = sign_in(client)
    assert landed(first).startswith(SETUP)
    for url in [
        "/admin/",
        "/admin/appointment_requests/",
        "/admin/audit_trail/",
        f"/admin/pages/{condition_page.pk}/edit/",
        "/admin/api-tokens/new/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url

    # With an authenticator set up (elsewhere), the password leads to the code step.
    devices.confirm(devices.pending_authenticator(user))
    client.logout()
    second = sign_in(client)
    assert landed(second).startswith(VERIFY)
    assert client.get("/admin/").status_code == 302
    assert client.get(SETUP).status_code == 302  # no new factor without the old one


def test_a_password_alone_is_anonymous_outside_the_admin(client, member, condition_page):
    PageViewRestriction.objects.create(
        page=condition_page, restriction_type=PageViewRestriction.LOGIN
    )
    user = member("superuser")
    devices.confirm(devices.pending_authenticator(user))
    sign_in(client)

    private = client.get(condition_page.url)
    assert private.status_code == 302 and "/login" in private["Location"]
    client.post(VERIFY, {"code": totp_code(devices.authenticator_of(user).bin_key)})
    assert client.get(condition_page.url).status_code == 200


def test_staff_set_up_an_authenticator_at_first_sign_in_then_sign_in_with_its_code(client, member):
    member("Appointment coordinators")
    setup = client.get(landed(sign_in(client)))
    assert b"<svg" in setup.content  # the QR code
    secret = secret_on(setup)
    assert client.get(SETUP).content.count(secret.encode()) == 1  # the same on a reload

    wrong = client.post(SETUP, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert "That code is not right" in wrong.text
    # A wrong code holds the next one back a second (throttling, test_codes_are_throttled).
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
        done = client.post(
            SETUP, {"code": totp_code(secret), "next": "/admin/appointment_requests/"}
        )
    codes = [
        code.text
        for code in BeautifulSoup(done.content, "html.parser").select("[data-recovery-codes] code")
    ]
    assert len(codes) == 10
    assert client.get("/admin/appointment_requests/").status_code == 200

    # Next time: password, then the app's code, or a recovery code (once each).
    client.post("/admin/logout/")
    assert landed(sign_in(client)).startswith(VERIFY)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
        # A code is refused once used; the next one (30 s on) works.
        assert client.post(VERIFY, {"code": totp_code(secret)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    for attempt, expected in [(codes[0], 302), (codes[0], 200)]:
        client.post("/admin/logout/")
        sign_in(client)
        response = client.post(VERIFY, {"code": attempt.upper()})
        assert response.status_code == expected  # 200: the form again, refused
    assert "That code is not right" in response.text

    actions = list(AuditEvent.objects.filter(actor_name="staff").values_list("action", flat=True))
    for action in [
        Action.SIGNED_IN,
        Action.TWO_FACTOR_ENROLLED,
        Action.TWO_FACTOR_PASSED,
        Action.TWO_FACTOR_FAILED,
        Action.SIGNED_OUT,
    ]:
        assert action in actions


def test_codes_are_throttled(client, member):
    """Each wrong code doubles the wait before the next is even checked, right or not."""
    user = member("Auditors")
    device = devices.confirm(devices.pending_authenticator(user))
    sign_in(client)
    moment = timezone.now()

    for wait in [1, 2, 4, 8]:
        with time_machine.travel(moment, tick=False):
            right = totp_code(device.bin_key)
            client.post(VERIFY, {"code": "123456" if right != "123456" else "654321"})
            refused = client.post(VERIFY, {"code": right})
        assert f"Too many wrong codes: try again in {wait} second" in refused.text
        assert client.get("/admin/").status_code == 302
        moment += datetime.timedelta(seconds=wait + 1)

    with time_machine.travel(moment, tick=False):
        accepted = client.post(VERIFY, {"code": totp_code(device.bin_key)})
    assert accepted.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_editors_choose_unless_the_setting_asks_it_of_everyone(client, member, settings):
    member("Editors")
    assert landed(sign_in(client)) == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")

    settings.STAFF_TWO_FACTOR_FOR_EVERYONE = True
    assert landed(sign_in(client)).startswith(SETUP)


def test_an_editor_who_set_it_up_is_asked_for_the_code(client, member):
    editor = member("Editors")
    devices.confirm(devices.pending_authenticator(editor))
    assert landed(sign_in(client)).startswith(VERIFY)


def test_changing_the_second_factor_signs_out_its_other_sessions(member):
    user = member("Appointment coordinators")
    laptop, phone = StaffClient(), StaffClient()
    laptop.force_login(user)
    phone.force_login(user)
    assert phone.get("/admin/").status_code == 200

    # On the laptop: a new phone, set up anew.
    setup = laptop.get(f"{SETUP}?next=/admin/two-factor/")
    new_secret = secret_on(setup)
    laptop.post(SETUP, {"code": totp_code(new_secret)})

    assert laptop.get("/admin/").status_code == 200
    ended = phone.get("/admin/")
    assert ended.status_code == 302 and ended["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in phone.session

    # A lost phone, reset by an administrator's command: every session ends.
    call_command("reset_two_factor", user.username, stdout=io.StringIO())
    assert laptop.get("/admin/")["Location"].startswith(LOGIN)
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_RESET, object_id=user.pk).exists()


def test_api_tokens_of_such_staff_only_once_they_have_a_second_factor(admin_client, member):
    coordinator = member("Appointment coordinators", username="coordinator")
    app = member("Appointment apps", username="booking-app")

    refused = admin_client.post(
        "/admin/api-tokens/new/", {"name": "script", "user": coordinator.pk}
    )
    assert refused.status_code == 200
    assert "has not set one up yet" in refused.text
    assert not APIToken.objects.filter(user=coordinator).exists()

    made = admin_client.post("/admin/api-tokens/new/", {"name": "booking", "user": app.pk})
    assert made.status_code == 200 and APIToken.objects.filter(user=app).exists()

    devices.confirm(devices.pending_authenticator(coordinator))
    admin_client.post("/admin/api-tokens/new/", {"name": "script", "user": coordinator.pk})
    assert APIToken.objects.filter(user=coordinator).exists()
