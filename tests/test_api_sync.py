"""Apps stay in sync without re-crawling: every page's meta says when it was last
published (API v2 and v3), `/api/v3/conditions/?modified_since=` lists what changed,
and `/api/v3/changes/` is a cursor-paginated feed of publishes, moves and removals
(as tombstones) that never shows a draft or a private page."""

import datetime
import threading

import jsonschema
import pytest
import time_machine

from django.core.cache import cache
from django.db import connection, connections, transaction

from wagtail.models import PageViewRestriction

from content_changes.models import PageChange, change_recorded, record
from tests.factories.conditions import ConditionIndexPageFactory, ConditionPageFactory

FEED = "/api/v3/changes/"
ALLOWED_ORIGIN = "https://app.example.org"


def at(hour, minute=0):
    return datetime.datetime(2026, 3, 1, hour, minute, tzinfo=datetime.UTC)


def publish(page, moment=None):
    if moment is None:
        page.save_revision().publish()
    else:
        with time_machine.travel(moment, tick=False):
            page.save_revision().publish()
    page.refresh_from_db()
    return page


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.content[:300])
    return response.json()


def read_feed(client, since=None, limit=None):
    """Every change after `since`, following `next` to the end: (items, cursor)."""
    params = {key: value for key, value in (("since", since), ("limit", limit)) if value}
    answer = get(client, FEED, **params)
    items = answer["items"]
    while answer["next"]:
        answer = client.get(answer["next"]).json()
        items += answer["items"]
    return items, answer["cursor"]


def changes(items):
    return [(item["change"], item["id"]) for item in items]


def parse(value):
    return datetime.datetime.fromisoformat(value)


@pytest.fixture
def openapi(client, db):
    return get(client, "/api/v3/openapi.json")


def validator(openapi, path):
    content = openapi["paths"][path]["get"]["responses"]["200"]["content"]
    schema = {**content["application/json"]["schema"], "components": openapi["components"]}
    return jsonschema.Draft202012Validator(schema)


# meta.last_published_at


def test_every_page_meta_says_when_it_was_last_published(client, condition_page):
    publish(condition_page, at(9))
    publish(condition_page, at(11))
    pk = condition_page.pk
    index = condition_page.get_parent()

    v2_detail = get(client, f"/api/v2/pages/{pk}/")["meta"]
    v2_listing = get(client, "/api/v2/pages/", type="condition_pages.ConditionPage")
    v3_detail = get(client, f"/api/v3/pages/{pk}/")["meta"]
    v3_listing = get(client, "/api/v3/pages/", type="condition_pages.ConditionPage")
    conditions = get(client, "/api/v3/conditions/")["items"]

    for published in (
        v2_detail["last_published_at"],
        v2_listing["items"][0]["meta"]["last_published_at"],
        v3_detail["last_published_at"],
        v3_listing["items"][0]["meta"]["last_published_at"],
        conditions[0]["last_published_at"],
    ):
        assert parse(published) == at(11)
    assert parse(v3_detail["first_published_at"]) == at(9)
    # Every page type, not only articles.
    assert "last_published_at" in get(client, f"/api/v3/pages/{index.pk}/")["meta"]
    assert "last_published_at" in get(client, f"/api/v2/pages/{index.pk}/")["meta"]


def test_openapi_describes_last_published_at_as_a_date_time(openapi):
    schemas = openapi["components"]["schemas"]
    for name in ("ConditionPageMetaSchema", "BasePageMetaSchema", "ConditionSummary"):
        field = schemas[name]["properties"]["last_published_at"]
        assert {"type": "string", "format": "date-time"} in field["anyOf"], name
        assert "ISO 8601" in field["description"]


# /api/v3/conditions/?modified_since=


@pytest.fixture
def catalogue(make_condition):
    """Three articles published at 09:00, 10:00 and 11:00 UTC."""
    return [
        publish(make_condition(title=title), at(hour))
        for title, hour in (("Anaemia", 9), ("Bone metastases", 10), ("Cellulitis", 11))
    ]


def listed_since(client, value):
    answer = get(client, "/api/v3/conditions/", modified_since=value)
    assert answer["count"] == len(answer["items"])
    return [item["title"] for item in answer["items"]]


def test_modified_since_lists_exactly_what_was_published_at_or_after(client, catalogue):
    assert listed_since(client, "2026-03-01T10:00:00Z") == ["Bone metastases", "Cellulitis"]
    assert listed_since(client, "2026-03-01T10:00:00.000001Z") == ["Cellulitis"]
    assert listed_since(client, "2026-03-01T11:00:01Z") == []
    assert listed_since(client, "2026-03-01") == ["Anaemia", "Bone metastases", "Cellulitis"]

    publish(catalogue[0], at(12))  # an edit republished
    assert listed_since(client, "2026-03-01T11:30:00Z") == ["Anaemia"]


def test_modified_since_reads_offsets_and_takes_a_naive_time_as_utc(client, catalogue):
    # 15:30 in India is 10:00 UTC; "+" sent unencoded arrives as a space.
    for value in ("2026-03-01T15:30:00+05:30", "2026-03-01T15:30:00 05:30"):
        assert listed_since(client, value) == ["Bone metastases", "Cellulitis"]
    assert listed_since(client, "2026-03-01T10:00:00") == ["Bone metastases", "Cellulitis"]


def test_modified_since_never_lists_drafts_or_private_pages(client, catalogue, make_condition):
    draft = publish(make_condition(title="Draft one"), at(12))
    draft.title = "Draft one, unpublished"
    draft.save_revision()
    draft.unpublish()
    private = publish(make_condition(title="Private one"), at(12))
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert listed_since(client, "2026-03-01T11:30:00Z") == []


def test_modified_since_combines_with_other_filters_and_its_own_count(client, catalogue):
    answer = get(
        client, "/api/v3/conditions/", modified_since="2026-03-01T10:00:00Z", search="cellulitis"
    )
    assert [item["title"] for item in answer["items"]] == ["Cellulitis"]
    # The cached count is the count of these filters, not of another query's.
    assert get(client, "/api/v3/conditions/", modified_since="2026-03-01T10:00:00Z")["count"] == 2
    assert get(client, "/api/v3/conditions/", modified_since="2026-03-01T11:00:00Z")["count"] == 1
    assert get(client, "/api/v3/conditions/")["count"] == 3


@pytest.mark.parametrize(
    "value", ["yesterday", "1735689600", "2026-13-01T00:00:00Z", "0001-01-01T00:00:00+01:00", ""]
)
def test_a_bad_modified_since_is_a_400_naming_it(client, db, value):
    response = client.get("/api/v3/conditions/", {"modified_since": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("modified_since:")


# /api/v3/changes/


def test_the_feed_lists_publish_move_unpublish_and_delete_in_order(
    client, home_page, make_condition
):
    archive = ConditionIndexPageFactory(parent=home_page, title="Archive", slug="archive")
    kept, moved, unpublished, deleted = (
        publish(make_condition(title=title)) for title in ("Kept", "Moved", "Gone", "Deleted")
    )
    moved.move(archive, pos="last-child")
    unpublished.unpublish()
    deleted.delete()

    items, _ = read_feed(client)

    # Earlier entries of pages no longer visible are not shown: their tombstones are.
    assert changes(items) == [
        ("published", kept.pk),
        ("published", moved.pk),
        ("moved", moved.pk),
        ("unpublished", unpublished.pk),
        # Wagtail unpublishes a live page as it deletes it.
        ("unpublished", deleted.pk),
        ("deleted", deleted.pk),
    ]
    published, _, move, removal, _, deletion = items
    assert published["title"] == "Kept"
    assert published["slug"] == kept.slug
    assert published["html_url"] == f"http://testserver/conditions/{kept.slug}/"
    assert published["detail_url"] == f"http://testserver/api/v3/pages/{kept.pk}/"
    assert move["html_url"] == f"http://testserver/archive/{moved.slug}/"
    # Tombstones: the page and its language, the kind of change and its time, no content.
    for tombstone in (removal, deletion):
        assert set(tombstone) == {"id", "locale", "change", "changed_at", "cursor"}
    assert {item["locale"] for item in items} == {"en"}
    times = [parse(item["changed_at"]) for item in items]
    assert times == sorted(times)


def test_every_entry_gives_the_page_language_tombstones_too(client, condition_page, translate):
    publish(condition_page)
    hindi = translate(condition_page, "hi", title="हड्डी मेटास्टेसिस")
    hindi_id = hindi.pk
    hindi.delete()

    items, _ = read_feed(client)

    assert [(item["change"], item["id"], item["locale"]) for item in items] == [
        ("published", condition_page.pk, "en"),
        ("unpublished", hindi_id, "hi"),
        ("deleted", hindi_id, "hi"),
    ]


def test_each_change_arrives_once_to_a_reader_that_keeps_its_cursor(client, make_condition):
    page = publish(make_condition(title="Sciatica"))
    seen, cursor = read_feed(client)
    assert changes(seen) == [("published", page.pk)]

    steps = [
        lambda: publish(page),
        page.unpublish,
        lambda: publish(page),
        page.delete,
    ]
    expected = [["published"], ["unpublished"], ["published"], ["unpublished", "deleted"]]
    for step, kinds in zip(steps, expected, strict=True):
        step()
        new, cursor = read_feed(client, since=cursor)
        assert changes(new) == [(kind, page.pk) for kind in kinds]

    assert read_feed(client, since=cursor) == ([], cursor)


def test_pages_by_cursor_neither_skip_nor_repeat_as_changes_arrive(client, make_condition):
    pages = [publish(make_condition(title=f"Condition {n}")) for n in range(5)]
    first = get(client, FEED, limit=2)
    assert len(first["items"]) == 2
    assert first["next"] == f"http://testserver{FEED}?since={first['cursor']}&limit=2"

    pages += [publish(make_condition(title=f"Condition {n}")) for n in range(5, 8)]
    pages[0].unpublish()  # a change to a page already read comes as a new entry

    items = list(first["items"])
    answer = first
    while answer["next"]:
        answer = client.get(answer["next"]).json()
        assert len(answer["items"]) <= 2
        items += answer["items"]

    assert changes(items) == [("published", page.pk) for page in pages] + [
        ("unpublished", pages[0].pk)
    ]
    cursors = [int(item["cursor"]) for item in items]
    assert cursors == sorted(set(cursors))
    assert answer["cursor"] == items[-1]["cursor"]


def test_drafts_and_private_pages_never_appear_as_live_entries(client, home_page, make_condition):
    draft = make_condition(title="Secret draft", live=False)
    draft.save_revision()
    private = make_condition(title="Secret private", live=False)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    publish(private)
    ward = ConditionIndexPageFactory(parent=home_page, title="Ward", slug="ward")
    PageViewRestriction.objects.create(page=ward, restriction_type="login")
    publish(ConditionPageFactory(parent=ward, title="Secret beneath"))

    response = client.get(FEED)
    assert response.json()["items"] == []
    modified = client.get("/api/v3/conditions/", {"modified_since": "2000-01-01"})
    for answer in (response, modified):
        assert b"Secret" not in answer.content


def test_a_page_that_stops_being_public_becomes_a_tombstone(client, home_page, make_condition):
    ward = ConditionIndexPageFactory(parent=home_page, title="Ward", slug="ward")
    PageViewRestriction.objects.create(page=ward, restriction_type="login")
    hidden, moved_away = (publish(make_condition(title=title)) for title in ("Hidden", "Away"))
    _, cursor = read_feed(client)

    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    moved_away.move(ward, pos="last-child")
    publish(hidden)  # published while private: nothing to show
    items, cursor = read_feed(client, since=cursor)
    assert changes(items) == [("unpublished", hidden.pk), ("unpublished", moved_away.pk)]
    assert b"Hidden" not in client.get(FEED).content

    restriction.delete()  # public again
    items, _ = read_feed(client, since=cursor)
    assert changes(items) == [("published", hidden.pk)]
    assert items[0]["title"] == "Hidden"


def test_a_restriction_on_a_section_hides_every_article_beneath_it(
    client, condition_index, make_condition
):
    pages = [publish(make_condition(title=title)) for title in ("One", "Two")]
    _, cursor = read_feed(client)

    PageViewRestriction.objects.create(page=condition_index, restriction_type="login")
    items, cursor = read_feed(client, since=cursor)
    assert sorted(changes(items)) == sorted(("unpublished", page.pk) for page in pages)

    # A second restriction hides nothing more.
    PageViewRestriction.objects.create(page=pages[0], restriction_type="login")
    assert read_feed(client, since=cursor) == ([], cursor)


def test_deleting_a_section_leaves_a_tombstone_for_each_article(client, home_page, make_condition):
    section = ConditionIndexPageFactory(parent=home_page, title="Section", slug="section")
    inside = [publish(ConditionPageFactory(parent=section, title=t)) for t in ("In", "Also")]
    never_published = ConditionPageFactory(parent=section, title="Never", live=False)
    _, cursor = read_feed(client)

    section.delete()
    items, _ = read_feed(client, since=cursor)
    assert sorted(changes(items)) == sorted(
        (kind, page.pk) for page in inside for kind in ("deleted", "unpublished")
    )
    assert never_published.pk not in {item["id"] for item in items}


def test_moving_a_section_gives_each_article_its_new_url(client, home_page, make_condition):
    section = ConditionIndexPageFactory(parent=home_page, title="Section", slug="section")
    article = publish(ConditionPageFactory(parent=section, title="Inside", slug="inside"))
    holder = ConditionIndexPageFactory(parent=home_page, title="Holder", slug="holder")
    _, cursor = read_feed(client)

    section.move(holder, pos="last-child")
    items, _ = read_feed(client, since=cursor)
    assert changes(items) == [("moved", article.pk)]
    assert items[0]["html_url"] == "http://testserver/holder/section/inside/"


@pytest.mark.parametrize(
    "params",
    [
        {"since": "abc"},
        {"since": "-1"},
        {"since": "1.5"},
        {"since": ""},
        {"since": "9" * 19},
        {"since": "9" * 30},
        {"since": "past the end"},
        {"limit": "0"},
        {"limit": "201"},
        {"limit": "ten"},
    ],
)
def test_a_bad_cursor_or_limit_is_a_400_naming_it(client, condition_page, params):
    publish(condition_page)
    if params.get("since") == "past the end":  # a number, but not one the feed gave out
        params = {"since": str(PageChange.objects.latest("pk").pk + 1)}
    response = client.get(FEED, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    (name,) = params
    assert response.json()["detail"].startswith(f"{name}:")


def test_the_feed_answers_what_its_openapi_description_says(client, openapi, make_condition):
    page = publish(make_condition(title="Described"))
    publish(make_condition(title="Removed")).unpublish()
    page.move(page.get_parent(), pos="first-child")  # a reorder: no new URL, no entry
    answer = get(client, FEED, limit=1)
    validator(openapi, FEED).validate(answer)
    validator(openapi, FEED).validate(client.get(answer["next"]).json())
    operation = openapi["paths"][FEED]["get"]
    assert "security" not in operation  # anonymous: no token needed (content_api/v3/openapi.py)
    limit = next(p for p in operation["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200
    union = openapi["components"]["schemas"]["ChangeFeed"]["properties"]["items"]["items"]
    assert union["discriminator"]["propertyName"] == "change"
    assert set(openapi["components"]["schemas"]["RemovedChange"]["properties"]) == {
        "id",
        "locale",
        "change",
        "changed_at",
        "cursor",
    }


def test_the_feed_is_fresh_on_every_read_revalidated_by_etag_and_open_to_apps(
    client, settings, make_condition
):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED_ORIGIN]
    publish(make_condition(title="Fresh"))
    response = client.get(FEED, HTTP_ORIGIN=ALLOWED_ORIGIN)
    # Not purged on publish: no cache may answer it without asking.
    assert response["Cache-Control"] == "no-cache"
    assert response["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    etag = response["ETag"]
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304

    publish(make_condition(title="Fresher"))
    response = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Fresh", "Fresher"]
    preflight = client.options(
        FEED,
        HTTP_ORIGIN=ALLOWED_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN


def test_other_code_hears_of_each_change_recorded(client, condition_page):
    """What webhook delivery hooks onto: change_recorded, sent with the new entry."""
    heard = []

    def receiver(change, **kwargs):
        heard.append((change.kind, change.page_id, change.pk))

    change_recorded.connect(receiver)
    try:
        publish(condition_page)
        condition_page.unpublish()
    finally:
        change_recorded.disconnect(receiver)
    assert heard == [
        (change.kind, change.page_id, change.pk) for change in PageChange.objects.all()
    ]
    assert [kind for kind, _, _ in heard] == ["published", "unpublished"]
    cache.clear()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_changes_become_readable_in_cursor_order(client):
    """Two publishes at once on PostgreSQL: the second waits for the first to commit,
    so a reader never sees entry N+1 before entry N and skips N for ever."""
    first_recorded, commit_first = threading.Event(), threading.Event()

    def first_writer():
        with transaction.atomic():
            record(PageChange.Kind.DELETED, [1001])
            first_recorded.set()
            commit_first.wait(10)
        connections.close_all()

    def second_writer():
        record(PageChange.Kind.DELETED, [1002])
        connections.close_all()

    threads = [threading.Thread(target=first_writer), threading.Thread(target=second_writer)]
    threads[0].start()
    try:
        assert first_recorded.wait(10)
        threads[1].start()
        threads[1].join(0.5)
        assert threads[1].is_alive()  # waiting for the first to commit
        assert read_feed(client)[0] == []
    finally:
        commit_first.set()
        for thread in threads:
            if thread.ident:  # started
                thread.join(10)
    assert changes(read_feed(client)[0]) == [("deleted", 1001), ("deleted", 1002)]
