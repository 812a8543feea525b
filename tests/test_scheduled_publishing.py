"""Scheduled publishing and expiry take effect at their time on every public surface,
without anyone running `publish_scheduled`: the first request after the time does
the work. `run_scheduler` does the same for a site nobody visits."""

import datetime

import pytest
import time_machine

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Revision

TITLE = "Zygomycosis"
SLUG = "zygomycosis"


def surfaces(client, page, linking_page):
    """Where a visitor or an app may meet `page`: {surface: whether it is there}."""
    v2_listing = client.get("/api/v2/pages/?type=condition_pages.ConditionPage").json()
    v3_listing = client.get("/api/v3/conditions/").json()
    v2_linking = client.get(f"/api/v2/pages/{linking_page.pk}/").json()
    v3_linking = client.get(f"/api/v3/pages/{linking_page.pk}/").json()
    form = client.get(f"/appointments/?condition={SLUG}").content.decode()
    return {
        "its URL": client.get(f"/conditions/{SLUG}/").status_code == 200,
        "A–Z index": TITLE in client.get("/conditions/").content.decode(),
        "search": TITLE in client.get(f"/search/?q={SLUG}").content.decode(),
        "sitemap": f"/conditions/{SLUG}/" in client.get("/sitemap.xml").content.decode(),
        "API v2 listing": page.pk in [item["id"] for item in v2_listing["items"]],
        "API v2 detail": client.get(f"/api/v2/pages/{page.pk}/").status_code == 200,
        "API v3 conditions": page.pk in [item["id"] for item in v3_listing["items"]],
        "API v3 detail": client.get(f"/api/v3/pages/{page.pk}/").status_code == 200,
        "related link (HTML)": TITLE in client.get(linking_page.url).content.decode(),
        "related link (API v2)": TITLE in str(v2_linking["related_conditions"]),
        "related link (API v3)": TITLE in str(v3_linking["related_conditions"]),
        # The form's condition field, filled in from ?condition= for a visible page.
        "appointment form": f'value="{TITLE}"' in form,
    }


@pytest.fixture
def linking_page(condition_page):
    for ancestor in condition_page.get_ancestors().specific()[1:]:
        ancestor.save_revision().publish()  # so the sitemap lists the tree
    return condition_page


def relate(linking_page, page):
    linking_page.related_conditions.create(related_page=page)
    linking_page.save_revision().publish()


def an_hour(sign):
    return timezone.now() + sign * datetime.timedelta(hours=1)


def test_expired_page_is_gone_from_every_surface_without_a_scheduler(
    client, make_condition, linking_page
):
    page = make_condition(title=TITLE, slug=SLUG)
    relate(linking_page, page)
    # Its expiry is already past, set in the database; nothing ran publish_scheduled.
    Page.objects.filter(pk=page.pk).update(expire_at=an_hour(-1))

    seen = surfaces(client, page, linking_page)
    assert not any(seen.values()), [where for where, shown in seen.items() if shown]
    page.refresh_from_db()
    assert page.expired and not page.live


def test_page_leaves_every_surface_when_its_expiry_time_comes(client, make_condition, linking_page):
    page = make_condition(title=TITLE, slug=SLUG)
    relate(linking_page, page)
    page.expire_at = an_hour(+1)
    page.save_revision().publish()
    assert all(surfaces(client, page, linking_page).values())

    with time_machine.travel(an_hour(+1) + datetime.timedelta(seconds=1)):
        seen = surfaces(client, page, linking_page)
    assert not any(seen.values()), [where for where, shown in seen.items() if shown]


def schedule(page, go_live_at):
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def test_scheduled_page_appears_on_every_surface_when_its_time_comes(
    client, make_condition, linking_page
):
    page = make_condition(title=TITLE, slug=SLUG, live=False)
    relate(linking_page, page)
    schedule(page, an_hour(+1))
    assert not any(surfaces(client, page, linking_page).values())

    with time_machine.travel(an_hour(+1) + datetime.timedelta(seconds=1)):
        seen = surfaces(client, page, linking_page)
    assert all(seen.values()), [where for where, shown in seen.items() if not shown]


def test_scheduling_an_earlier_change_is_seen_at_once(client, make_condition):
    """A cached "next change" time is forgotten when anything is scheduled."""
    make_condition(title="Later", slug="later").save_revision()
    client.get("/robots.txt")  # caches: nothing pending
    page = make_condition(title=TITLE, slug=SLUG)
    page.expire_at = an_hour(+1)
    page.save_revision().publish()
    client.get("/robots.txt")  # caches the expiry, an hour ahead
    page.expire_at = timezone.now() - datetime.timedelta(seconds=1)
    page.save(update_fields=["expire_at"])

    assert client.get(f"/conditions/{SLUG}/").status_code == 404


def test_run_scheduler_expires_and_publishes_what_is_due(make_condition):
    expired = make_condition(title="Expired", slug="expired")
    Page.objects.filter(pk=expired.pk).update(expire_at=an_hour(-1))
    scheduled = make_condition(title=TITLE, slug=SLUG, live=False)
    schedule(scheduled, an_hour(+1))

    with time_machine.travel(an_hour(+1) + datetime.timedelta(seconds=1)):
        call_command("run_scheduler", "--once")

    expired.refresh_from_db()
    scheduled.refresh_from_db()
    assert (expired.live, expired.expired) == (False, True)
    assert scheduled.live
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
