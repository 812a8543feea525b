"""No link reveals a page a visitor may not see. A page links to a target through
every kind of link (a call to action, a rich text link, a related condition, and from
the home page a featured condition and the hero button); when the target is a draft,
expired, or behind a login, a password or a group, neither its address nor its title
appears in the HTML (JSON-LD included) or in either API, and the linking text stays
as plain text."""

import datetime
import json

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from tests.factories.conditions import FULL_BODY, full_body, link_to, stream

TITLE = "Secret condition"
URL = "/conditions/secret-condition/"
LINK_WORDS = "read about it here"


def hide_as_draft(page):
    page.unpublish()


def hide_as_expired(page):
    # Past its expiry, with no scheduler run: the next request expires it.
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(hours=1))


def hide_behind_login(page):
    PageViewRestriction.objects.create(page=page, restriction_type="login")


def hide_behind_password(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


def hide_behind_group(page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Editors"))


HIDINGS = [
    hide_as_draft,
    hide_as_expired,
    hide_behind_login,
    hide_behind_password,
    hide_behind_group,
]


@pytest.fixture
def target(make_condition):
    return make_condition(title=TITLE, slug="secret-condition")


@pytest.fixture
def linking_page(condition_page, target, home_page):
    rich_text_link = f'<p>More on this: <a linktype="page" id="{target.pk}">{LINK_WORDS}</a>.</p>'
    condition_page.body = full_body(
        cta_page=target, **{"0__section__body": RichText(rich_text_link)}
    )
    condition_page.related_conditions.create(related_page=target)
    condition_page.save_revision().publish()
    home = home_page.specific
    home.hero_cta_page = target
    home.hero_cta_label = "Start here"
    home.featured_conditions.create(condition=target)
    home.save_revision().publish()
    return condition_page


def mentions_of_target(client, linking_page):
    """Where the target is named or linked: {surface: text that names it}."""
    article = client.get(linking_page.url).content.decode()
    json_ld = "".join(
        part.split("</script>")[0] for part in article.split('type="application/ld+json">')[1:]
    )
    found = {
        "article HTML": article,
        "JSON-LD": json_ld,
        "home page HTML": client.get("/").content.decode(),
        "API v2": json.dumps(client.get(f"/api/v2/pages/{linking_page.pk}/").json()),
        "API v3": json.dumps(client.get(f"/api/v3/pages/{linking_page.pk}/").json()),
    }
    for version in ("v2", "v3"):
        markdown = client.get(f"/api/{version}/pages/{linking_page.pk}/?rich_text_format=markdown")
        found[f"API {version} Markdown"] = json.dumps(markdown.json())
    return {where: text for where, text in found.items() if TITLE in text or URL in text}


def test_visible_target_is_linked_everywhere(client, linking_page, target):
    """The control: the same links to a page a visitor may see are all there."""
    assert set(mentions_of_target(client, linking_page)) == {
        "article HTML",
        "home page HTML",
        "API v2",
        "API v3",
        "API v2 Markdown",
        "API v3 Markdown",
    }
    v2 = client.get(f"/api/v2/pages/{linking_page.pk}/").json()
    cta = next(block for block in v2["body"] if block["type"] == "call_to_action")
    assert cta["value"]["link"]["page"] == {"id": target.pk, "title": TITLE}
    assert f'href="{URL}">{LINK_WORDS}</a>' in v2["body"][0]["value"]["body"]


@pytest.mark.parametrize("hide", HIDINGS)
def test_links_to_a_hidden_page_reveal_nothing(client, linking_page, target, hide):
    hide(target)

    assert mentions_of_target(client, linking_page) == {}


@pytest.mark.parametrize("hide", HIDINGS)
def test_hidden_page_links_keep_their_words_as_plain_text(client, linking_page, target, hide):
    hide(target)

    article = client.get(linking_page.url).content.decode()
    assert f"<a>{LINK_WORDS}</a>" in article
    assert "Get an appointment</a>" not in article  # the call to action's button
    for version in ("v2", "v3"):
        data = client.get(f"/api/{version}/pages/{linking_page.pk}/").json()
        blocks = {block["type"]: block["value"] for block in data["body"]}
        assert blocks["call_to_action"]["link"] == {"type": None, "href": "", "page": None}
        assert f"<a>{LINK_WORDS}</a>" in blocks["section"]["body"]
        assert data["related_conditions"] == []
        markdown = client.get(f"/api/{version}/pages/{linking_page.pk}/?rich_text_format=markdown")
        section = next(block for block in markdown.json()["body"] if block["type"] == "section")
        assert f"More on this: {LINK_WORDS}." in section["value"]["body"]


def queries_to_serve(client, page):
    client.get(page.url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page.url).status_code == 200
    return len(captured)


def test_all_links_of_a_page_are_checked_in_one_query(client, linking_page, make_condition):
    """Ten calls to action cost no more queries than one."""
    one_link = queries_to_serve(client, linking_page)
    others = [make_condition(title=f"Other {n}", slug=f"other-{n}") for n in range(10)]
    calls_to_action = {}
    for index, other in enumerate(others, start=len(FULL_BODY)):
        calls_to_action.update(link_to(other, index))
    linking_page.body = stream(*FULL_BODY, *["call_to_action"] * len(others), **calls_to_action)
    linking_page.save_revision().publish()

    assert queries_to_serve(client, linking_page) <= one_link
