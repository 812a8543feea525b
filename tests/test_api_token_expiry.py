"""API tokens with an expiry: staff give a token an end when they make it (Settings →
API tokens) or later on its page, and see it in the token list beside its last use;
from then on the token is refused as a revoked one is, on reads that need a token
and on writes, while a token without an expiry keeps working."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.utils import timezone
from django.utils.formats import date_format

from wagtail.models import APIToken

from api_tokens.models import TokenExpiry, set_expiry

pytestmark = pytest.mark.django_db

TOKENS = "/admin/api-tokens/"
PROBLEM = "application/problem+json"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def read_draft(client, page, token):
    return client.get(f"/api/v3/pages/{page.pk}/?version=draft", headers=bearer(token))


def rename(client, page, token, title):
    return client.patch(
        f"/api/v3/pages/{page.pk}/",
        {"title": title},
        content_type="application/json",
        headers=bearer(token),
    )


def test_an_expired_token_is_refused_on_reads_and_writes_and_one_without_expiry_works(
    client, condition_page, api_token
):
    expiring, lasting = api_token("pilot", group="Moderators"), api_token("app", "Moderators")
    expires = timezone.now() + datetime.timedelta(days=30)
    set_expiry(APIToken.objects.get(user__username="pilot"), expires)

    assert read_draft(client, condition_page, expiring).status_code == 200
    assert rename(client, condition_page, expiring, "Renamed by the pilot").status_code == 200
    used = APIToken.objects.get(user__username="pilot").last_used_at
    assert used is not None

    with time_machine.travel(expires + datetime.timedelta(seconds=1)):
        for refused in (
            read_draft(client, condition_page, expiring),
            rename(client, condition_page, expiring, "Renamed after the end"),
        ):
            assert refused.status_code == 401
            assert refused["Content-Type"] == PROBLEM
        # Public reads answer as to anyone, as with a revoked token.
        public = client.get(f"/api/v3/pages/{condition_page.pk}/", headers=bearer(expiring))
        assert public.status_code == 200 and public.json()["title"] == "Bone metastases"

        assert read_draft(client, condition_page, lasting).json()["title"] == (
            "Renamed by the pilot"
        )
        assert rename(client, condition_page, lasting, "Renamed by the app").status_code == 200

    assert APIToken.objects.get(user__username="pilot").last_used_at == used
    condition_page.refresh_from_db()
    assert condition_page.get_latest_revision_as_object().title == "Renamed by the app"


def token_rows(admin_client):
    """The token list as staff read it: {token name: {column label: cell text}}."""
    page = BeautifulSoup(admin_client.get(TOKENS).content, "html.parser")
    labels = [th.get_text(" ", strip=True) for th in page.select("table thead th")]
    rows = {}
    for row in page.select("table tbody tr"):
        texts = [td.get_text(" ", strip=True) for td in row.select("td")]
        cells = dict(zip(labels, texts, strict=True))
        rows[cells["Name"]] = cells
    return rows


def shown(when):
    return date_format(timezone.localtime(when), "DATETIME_FORMAT")


def test_staff_set_an_expiry_and_see_it_with_the_last_use_in_the_token_list(
    admin_client, client, condition_page, admin_user
):
    now = timezone.localtime()
    past, tomorrow = (
        (now + datetime.timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M") for hours in (-1, 24)
    )
    form = {"name": "Pilot app", "user": admin_user.pk, "expires_at": past}
    refused = admin_client.post(f"{TOKENS}new/", form)
    assert b"Enter a time in the future" in refused.content
    assert b'value="Pilot app"' in refused.content  # as typed
    assert not APIToken.objects.exists()

    created = admin_client.post(f"{TOKENS}new/", {**form, "expires_at": tomorrow})
    token = BeautifulSoup(created.content, "html.parser").select_one("#api-token-value")["value"]
    pilot = APIToken.objects.get(name="Pilot app")
    assert timezone.localtime(pilot.expiry.expires_at).strftime("%Y-%m-%d %H:%M") == tomorrow
    admin_client.post(f"{TOKENS}new/", {"name": "Partner app", "user": admin_user.pk})
    assert token_rows(admin_client)["Pilot app"]["Last used"] == ""

    assert read_draft(client, condition_page, token).status_code == 200
    pilot.refresh_from_db()
    rows = token_rows(admin_client)
    assert rows["Pilot app"]["Expires"] == shown(pilot.expiry.expires_at)
    assert rows["Pilot app"]["Last used"] == shown(pilot.last_used_at)
    assert rows["Partner app"]["Expires"] == "Never"

    with time_machine.travel(pilot.expiry.expires_at + datetime.timedelta(minutes=1)):
        # A day on, the idle sign-out has ended the session: staff sign in again.
        admin_client.force_login(admin_user)
        assert token_rows(admin_client)["Pilot app"]["Expires"].endswith("(expired)")
        assert read_draft(client, condition_page, token).status_code == 401
        # On the token's page: the name edited, the passed expiry left as it is; then
        # the expiry cleared, and the token works again.
        edit = f"{TOKENS}edit/{pilot.pk}/"
        kept = {"name": "Pilot", "expires_at": tomorrow}
        assert admin_client.post(edit, kept).status_code == 302
        assert TokenExpiry.objects.get().token.name == "Pilot"
        assert admin_client.post(edit, {"name": "Pilot", "expires_at": ""}).status_code == 302
        assert not TokenExpiry.objects.exists()
        assert read_draft(client, condition_page, token).status_code == 200
