"""A mirror of the live condition pages, kept by replaying `/api/v3/changes/` from
wherever its cursor stands, ends identical, byte for byte, to what the live API
answers: whatever happened to the pages meanwhile (published, edited, renamed, moved,
a section renamed, what they embed changed, unpublished, restricted, deleted)."""

from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from condition_pages.models import CallToAction, ConditionPage, RelatedCondition
from tests.factories.conditions import ConditionIndexPageFactory, ConditionPageFactory, stream

FEED = "/api/v3/changes/"


class Mirror:
    """What an app keeps: each page's detail JSON as fetched, by id, and its cursor."""

    def __init__(self, pages=None, cursor=None):
        self.pages, self.cursor = dict(pages or {}), cursor

    def copy(self):
        return Mirror(self.pages, self.cursor)

    def sync(self, client, limit=None):
        params = {key: value for key, value in (("since", self.cursor), ("limit", limit)) if value}
        answer = client.get(FEED, params).json()
        while True:
            for item in answer["items"]:
                if item["change"] in ("unpublished", "deleted"):
                    self.pages.pop(item["id"], None)
                else:
                    self.pages[item["id"]] = client.get(item["detail_url"]).content
            if not answer["next"]:
                break
            answer = client.get(answer["next"]).json()
        self.cursor = answer["cursor"]
        return self


def live_api(client):
    listing = client.get("/api/v3/conditions/", {"limit": 100}).json()
    ids = [item["id"] for item in listing["items"]]
    return {page_id: client.get(f"/api/v3/pages/{page_id}/").content for page_id in ids}


def publish(page, on_commit=None):
    """Publishes the page's latest state; `on_commit` (pytest-django's
    django_capture_on_commit_callbacks) runs what waits for the commit, as a request
    would: Wagtail announces a new slug only then."""
    if on_commit is None:
        page.save_revision().publish()
    else:
        with on_commit(execute=True):
            page.save_revision().publish()
    page.refresh_from_db()
    return page


def publish_snippet(snippet):
    """A call to action goes live when saved, or when published once it has draft
    states (issue 18): either way, the way its change becomes visible."""
    if hasattr(snippet, "save_revision"):
        snippet.save_revision().publish()
    else:
        snippet.save()


def test_a_mirror_replaying_the_feed_from_any_cursor_ends_as_the_live_api(
    client, condition_index, django_capture_on_commit_callbacks
):
    home = condition_index.get_parent()
    other_index = ConditionIndexPageFactory(parent=home, title="Rare conditions", slug="rare")
    snapshots = []

    def step():
        """Where a mirror could stand now: synced up to this point."""
        mirror = (snapshots[-1].copy() if snapshots else Mirror()).sync(client, limit=2)
        snapshots.append(mirror)

    step()
    first = ConditionPageFactory(
        parent=condition_index,
        title="Bone metastases",
        body=stream("symptoms", "image", "reusable_call_to_action"),
    )
    publish(first)
    second = ConditionPageFactory(parent=condition_index, title="Hypercalcaemia")
    RelatedCondition.objects.create(page=second, related_page=first)
    publish(second)
    third = ConditionPageFactory(parent=condition_index, title="Spinal cord compression")
    # Touched by nothing but the section's new slug.
    fourth = publish(ConditionPageFactory(parent=condition_index, title="Osteoporosis"))
    fifth = publish(ConditionPageFactory(parent=condition_index, title="Myeloma"))
    step()

    # Edited: its own entry, and one for the page that lists it as related.
    first.title, first.summary = "Bone metastases (secondary bone cancer)", "Changed summary."
    publish(first)
    step()
    # The section's new slug is every article's new URL.
    condition_index.slug = "diseases"
    publish(condition_index, django_capture_on_commit_callbacks)
    step()
    publish(third)
    third.move(other_index, pos="last-child")
    step()
    # What the first page embeds changes: its image's alt text, its call to action.
    image = get_image_model().objects.get(pk=first.body[1].value["image"].pk)
    image.description = "An X-ray of the spine"
    image.save()
    cta = CallToAction.objects.get(pk=first.body[2].value.pk)
    cta.headline = "Book a second opinion"
    publish_snippet(cta)
    step()
    second.title = "Hypercalcaemia of malignancy"
    second.slug = "hypercalcaemia-of-malignancy"
    publish(second, django_capture_on_commit_callbacks)
    step()
    ConditionPage.objects.get(pk=second.pk).unpublish()
    PageViewRestriction.objects.create(page=other_index, restriction_type="login")
    step()
    ConditionPage.objects.get(pk=fifth.pk).delete()
    step()

    live = live_api(client)
    assert set(live) == {first.pk, fourth.pk}
    assert b"Book a second opinion" in live[first.pk]
    assert b"/diseases/" in live[fourth.pk]
    for index, snapshot in enumerate(snapshots):
        replayed = snapshot.copy().sync(client)
        assert replayed.pages == live, f"a mirror at step {index} went astray"
    # One that starts now with no cursor reads the whole feed to the same end.
    assert Mirror().sync(client, limit=1).pages == live


def test_a_mirror_sees_every_article_beneath_a_renamed_section_at_its_new_url(
    client, condition_index, make_condition, django_capture_on_commit_callbacks
):
    pages = [publish(make_condition(title=f"Condition {number}")) for number in range(3)]
    mirror = Mirror().sync(client)
    condition_index.slug = "diseases"
    publish(condition_index, django_capture_on_commit_callbacks)

    answer = client.get(FEED, {"since": mirror.cursor}).json()

    moved = {item["id"]: item["html_url"] for item in answer["items"] if item["change"] == "moved"}
    assert set(moved) == {page.pk for page in pages}
    assert all("/diseases/" in url for url in moved.values())
    assert mirror.sync(client).pages == live_api(client)


def test_an_article_whose_related_condition_is_republished_gets_an_entry(client, make_condition):
    shown = publish(make_condition(title="Hypercalcaemia"))
    showing = make_condition(title="Bone metastases")
    RelatedCondition.objects.create(page=showing, related_page=shown)
    publish(showing)
    mirror = Mirror().sync(client)

    shown.title = "Hypercalcaemia of malignancy"
    publish(shown)
    answer = client.get(FEED, {"since": mirror.cursor}).json()

    assert [(item["change"], item["id"]) for item in answer["items"]] == [
        ("published", shown.pk),
        ("embedded_changed", showing.pk),
    ]
    assert b"Hypercalcaemia of malignancy" in mirror.sync(client).pages[showing.pk]
