"""A member of the appointments team signs in for the first time in a real browser:
password, then setting up an authenticator app from the secret the page shows (the
test computes the app's code), recovery codes, the dashboard. Next time: password,
then a recovery code instead of the phone."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from tests.two_factor import totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough password"


@pytest.fixture
def coordinator(site_url, django_user_model):
    """Made before the browser starts (see conftest.chromium)."""
    user = django_user_model.objects.create_user("coordinator", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Appointment coordinators"))
    return site_url


def sign_in_with_password(page, site_url):
    page.goto(f"{site_url}/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_first_sign_in_sets_up_an_authenticator_then_a_recovery_code_works(
    coordinator, new_page, screenshot
):
    site_url = coordinator
    page = new_page("desktop")
    sign_in_with_password(page, site_url)

    expect(page).to_have_url(re.compile(r"/admin/two-factor/setup/"))
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan")).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    screenshot(page, "two-factor-setup")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    codes = page.locator("[data-recovery-codes] code")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text()
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Appointment requests").first).to_be_attached()

    # Another browser, without the phone: password, then a recovery code.
    other = new_page("phone")
    sign_in_with_password(other, site_url)
    expect(other).to_have_url(re.compile(r"/admin/two-factor/verify/"))
    other.get_by_label("Code").fill(recovery_code)
    other.get_by_role("button", name="Continue").click()
    expect(other).to_have_url(re.compile(r"/admin/$"))
