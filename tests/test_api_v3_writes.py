"""Writing condition articles through API v3: in the shape the API reads them, as
drafts that enter the review workflow, with path-named 422s for bad input."""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from wagtail.models import APIToken, WorkflowState

from condition_pages.models import CallToAction, ConditionPage
from tests.admin_pages import action_url
from tests.factories.conditions import (
    FULL_BODY,
    ClinicianFactory,
    SpecialtyFactory,
    full_body,
    stream,
)
from tests.staff import StaffClient


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def token_for(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "x")
    user.groups.add(Group.objects.get(name=group))
    return user, APIToken.create_token(user=user, name=f"{name}'s app")[1]


@pytest.fixture
def editor(django_user_model, condition_index):
    """A member of Wagtail's "Editors" group: may write and submit, not publish."""
    return token_for(django_user_model, "editor", "Editors")


@pytest.fixture
def moderator(django_user_model, condition_index):
    """A member of Wagtail's "Moderators" group: may also publish and approve."""
    return token_for(django_user_model, "moderator", "Moderators")


@pytest.fixture
def clinical_reviewer(django_user_model, condition_index):
    """A clinician in the "Clinical reviewers" group, signed in to the admin, where
    medical reviews are approved."""
    user, _token = token_for(django_user_model, "reviewer", "Clinical reviewers")
    ClinicianFactory(name="Dr Meera Iyer", user=user)
    client = StaffClient()  # signed in with both factors (tests/staff.py)
    client.force_login(user)
    return client


def send(client, method, url, token, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", headers=bearer(token)
    )


def image_block():
    """An image block as the API reads it."""
    image = ImageFactory(title="Spine", file__width=1600, file__height=1200)
    return {
        "type": "image",
        "value": {
            "image": {"id": image.pk},
            "alt_text": "The spine on an X-ray",
            "decorative": False,
            "caption": "The spine is a common site.",
        },
    }


def api_body(body):
    """A body as the API reads it, which is the shape it is written in."""
    return ConditionPage.body.field.stream_block.get_api_representation(body)


def whole_article(condition_index, related):
    """A new article in the read shape: every block type and every writable field."""
    body = [item for item in api_body(full_body()) if item["type"] != "call_to_action"]
    body.append(
        {
            "type": "call_to_action",
            "value": {
                "headline": "Talk to a specialist",
                "text": "Appointments within 24 hours.",
                "button_label": "Get an appointment",
                "link": {"type": "page", "href": "", "page": {"id": related.pk}},
            },
        }
    )
    body.append(image_block())
    snippet = CallToAction.objects.create(
        headline="Second opinions within a week", link_url="https://example.org/opinions/"
    )
    body.append({"type": "reusable_call_to_action", "value": {"id": snippet.pk}})
    SpecialtyFactory(name="Orthopaedic oncology", slug="orthopaedic-oncology")
    return {
        "meta": {"type": "condition_pages.ConditionPage", "parent_id": condition_index.pk},
        "title": "Spinal cord compression",
        "summary": "Pressure on the spinal cord from a tumour. It needs urgent treatment.",
        "also_known_as": ["MSCC", "Metastatic spinal cord compression"],
        "specialties": [{"name": "Orthopaedic oncology", "slug": "orthopaedic-oncology"}],
        "hero_image": {"id": ImageFactory(title="Hero").pk},
        "body": body,
        "related_conditions": [{"id": related.pk}],
        "content_owner": "Spine team",
    }


def test_app_creates_a_whole_article_that_a_reviewer_approves_for_every_reader(
    client, condition_index, condition_page, editor, clinical_reviewer
):
    _user, token = editor
    response = send(
        client, "post", "/api/v3/pages/", token, whole_article(condition_index, condition_page)
    )
    assert response.status_code == 201, response.content
    created = response.json()
    page_id = created["id"]
    assert [item["type"] for item in created["body"]][-3:] == [
        "call_to_action",
        "image",
        "reusable_call_to_action",
    ]
    assert created["body"][-3]["value"]["link"]["page"]["id"] == condition_page.pk

    # A draft: the public sees nothing yet.
    assert not ConditionPage.objects.get(pk=page_id).live
    assert client.get(f"/api/v3/pages/{page_id}/").status_code == 404

    response = send(client, "post", f"/api/v3/pages/{page_id}/actions/submit/", token)
    assert response.status_code == 200, response.content
    assert client.get(f"/api/v3/pages/{page_id}/").status_code == 404

    # The reviewer approves the submitted draft in the admin, as for any article.
    response = clinical_reviewer.post(action_url(ConditionPage.objects.get(pk=page_id), "approve"))
    assert response.status_code == 302

    article = client.get(f"/api/v3/pages/{page_id}/").json()
    assert article["reviewed_by"]["name"] == "Dr Meera Iyer"
    assert article["title"] == "Spinal cord compression"
    assert article["also_known_as"] == ["MSCC", "Metastatic spinal cord compression"]
    assert article["specialties"] == [
        {"name": "Orthopaedic oncology", "slug": "orthopaedic-oncology"}
    ]
    assert article["hero_image"]["title"] == "Hero"
    assert [item["id"] for item in article["related_conditions"]] == [condition_page.pk]
    symptoms = next(item for item in article["body"] if item["type"] == "symptoms")
    assert symptoms["value"]["symptoms"][0] == {
        "name": "Bone pain",
        "detail": "Often worse at night.",
    }
    image = article["body"][-2]["value"]
    assert (image["alt_text"], image["caption"]) == (
        "The spine on an X-ray",
        "The spine is a common site.",
    )
    assert article["body"][-1]["value"]["headline"] == "Second opinions within a week"

    v2 = client.get(f"/api/v2/pages/{page_id}/").json()
    assert v2["summary"].startswith("Pressure on the spinal cord")
    assert v2["reviewed_by"]["name"] == "Dr Meera Iyer"
    v2_symptoms = next(item for item in v2["body"] if item["type"] == "symptoms")
    assert v2_symptoms["value"]["symptoms"][0]["name"] == "Bone pain"

    html = client.get(article["meta"]["html_url"])
    assert html.status_code == 200
    soup = BeautifulSoup(html.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Spinal cord compression"
    assert "Second opinions within a week" in soup.get_text()
    graph = json.dumps(json.loads(soup.find("script", type="application/ld+json").string))
    for fact in ('"alternateName"', '"Bone pain"', '"CT scan"', '"Dr Meera Iyer"'):
        assert fact in graph, fact


def editable_fields(article):
    """The fields an app writes, with rich text's paragraph keys left out: the editor
    adds them to paragraphs that had none, the first time it saves them."""
    return {
        name: json.loads(re.sub(r' data-block-key=\\"\w+\\"', "", json.dumps(article[name])))
        for name in (
            "title",
            "summary",
            "also_known_as",
            "specialties",
            "hero_image",
            "body",
            "related_conditions",
        )
    }


@pytest.fixture
def published(condition_page, make_condition):
    # Every block type, a stored image and a reusable call to action among them.
    condition_page.body = stream(*FULL_BODY, "image", "reusable_call_to_action")
    condition_page.hero_image = ImageFactory(title="Hero")
    condition_page.also_known_as = "Bone mets"
    condition_page.specialties.set([SpecialtyFactory(name="Oncology", slug="oncology")])
    condition_page.related_conditions.create(related_page=make_condition(title="Hypercalcaemia"))
    condition_page.save_revision().publish()
    return condition_page


def test_what_the_api_reads_can_be_sent_back_unchanged(client, published, editor):
    _user, token = editor
    url = f"/api/v3/pages/{published.pk}/"
    before = client.get(url, headers=bearer(token)).json()

    response = send(client, "patch", url, token, editable_fields(before))
    assert response.status_code == 200, response.content

    after = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    assert editable_fields(after) == editable_fields(before)


@pytest.fixture
def sample_article(db):
    """The sample article (bone metastases), imported and approved as on the demo."""
    call_command("load_sample_content", stdout=io.StringIO())
    return ConditionPage.objects.get(slug="bone-metastases")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_the_whole_sample_article_as_read_can_be_sent_back(
    client, sample_article, django_user_model, method
):
    _user, token = token_for(django_user_model, "editor", "Editors")
    url = f"/api/v3/pages/{sample_article.pk}/"
    before = client.get(url, headers=bearer(token)).json()
    assert before["last_reviewed"] and before["reviewed_by"]

    # Everything the read gave, meta, id and review record included.
    response = send(client, method, url, token, before)
    assert response.status_code == 200, response.content

    after = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    assert editable_fields(after) == editable_fields(before)
    assert after["meta"]["slug"] == before["meta"]["slug"]
    assert (after["last_reviewed"], after["reviewed_by"]) == (
        before["last_reviewed"],
        before["reviewed_by"],
    )

    # An edit of the read document, sent back whole, changes what was edited.
    symptoms = [item["type"] for item in after["body"]].index("symptoms")
    after["body"][symptoms]["value"]["heading"] = "Signs to look out for"
    after["meta"]["seo_title"] = "Bone metastases: signs and treatment"
    response = send(client, method, url, token, after)
    assert response.status_code == 200, response.content
    draft = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    assert draft["body"][symptoms]["value"]["heading"] == "Signs to look out for"
    assert draft["meta"]["seo_title"] == "Bone metastases: signs and treatment"
    live = client.get(url).json()["body"][symptoms]
    assert live["value"]["heading"] == before["body"][symptoms]["value"]["heading"]


def test_put_replaces_every_writable_field(client, published, editor):
    _user, token = editor
    url = f"/api/v3/pages/{published.pk}/"
    article = client.get(url, headers=bearer(token)).json()
    replacement = {
        "title": article["title"],
        "summary": "Cancer that has spread to the bones.",
        "body": article["body"][:2],
    }
    response = send(client, "put", url, token, replacement)
    assert response.status_code == 200, response.content

    draft = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    assert draft["summary"] == "Cancer that has spread to the bones."
    assert [item["type"] for item in draft["body"]] == ["section", "symptoms"]
    # What the replacement left out is empty; the address stays.
    assert (draft["also_known_as"], draft["specialties"], draft["related_conditions"]) == (
        [],
        [],
        [],
    )
    assert draft["hero_image"] is None
    assert draft["meta"]["slug"] == published.slug
    # PATCH, by contrast, keeps what it does not name.
    response = send(client, "patch", url, token, {"also_known_as": ["Bone mets"]})
    assert response.status_code == 200, response.content
    draft = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    assert draft["summary"] == "Cancer that has spread to the bones."
    assert client.get(url).json()["also_known_as"] == ["Bone mets"]  # live, unchanged


def test_put_refuses_what_patch_refuses(client, published, editor, condition_index):
    _user, token = editor
    url = f"/api/v3/pages/{published.pk}/"
    article = client.get(url, headers=bearer(token)).json()
    assert send(client, "put", url, "wagtail_wrong", article).status_code == 401

    errors, _detail = errors_of(send(client, "put", url, token, {**article, "summmary": "x"}))
    assert set(errors) == {"summmary"}
    errors, _detail = errors_of(
        send(client, "put", url, token, {k: v for k, v in article.items() if k != "summary"})
    )
    assert set(errors) == {"summary"}
    article["body"][1]["value"]["symptoms"][0]["name"] = ""
    errors, _detail = errors_of(send(client, "put", url, token, article))
    assert set(errors) == {"body[1].value.symptoms[0].name"}
    # Only condition pages are replaced whole.
    index_url = f"/api/v3/pages/{condition_index.pk}/"
    replacement = {"title": "Conditions", "summary": "All of them.", "body": []}
    assert send(client, "put", index_url, token, replacement).status_code == 404


def test_an_edit_makes_a_draft_and_leaves_the_live_page_alone(client, published, editor):
    _user, token = editor
    url = f"/api/v3/pages/{published.pk}/"
    article = client.get(url, headers=bearer(token)).json()
    symptoms = next(item for item in article["body"] if item["type"] == "symptoms")
    symptoms["value"]["symptoms"][0]["name"] = "Aching bones"

    response = send(client, "patch", url, token, {"body": article["body"]})
    assert response.status_code == 200, response.content

    def first_symptom(article):
        return next(item for item in article["body"] if item["type"] == "symptoms")["value"][
            "symptoms"
        ][0]["name"]

    assert first_symptom(client.get(f"{url}?version=draft", headers=bearer(token)).json()) == (
        "Aching bones"
    )
    assert first_symptom(client.get(url).json()) == "Bone pain"
    assert client.get(url).json()["summary"] == published.summary


def errors_of(response):
    assert response.status_code == 422, response.content
    problem = response.json()
    return {error["path"]: error["msg"] for error in problem["errors"]}, problem["detail"]


def test_unknown_fields_are_refused_by_name(client, condition_index, condition_page, editor):
    _user, token = editor
    article = whole_article(condition_index, condition_page)
    article["summmary"] = "typo"
    errors, detail = errors_of(send(client, "post", "/api/v3/pages/", token, article))
    assert set(errors) == {"summmary"}
    assert "summmary" in detail

    article = whole_article(condition_index, condition_page)
    article["body"][1]["value"]["symptoms"][0]["severity"] = "high"
    errors, detail = errors_of(send(client, "post", "/api/v3/pages/", token, article))
    assert set(errors) == {"body[1].value.symptoms[0].severity"}
    assert "body[1].value.symptoms[0].severity" in detail

    url = f"/api/v3/pages/{condition_page.pk}/"
    errors, _detail = errors_of(send(client, "patch", url, token, {"sumary": "typo"}))
    assert set(errors) == {"sumary"}
    # Without a valid token, the answer is a 401 whatever the body says.
    assert send(client, "patch", url, "wagtail_wrong", {"sumary": "typo"}).status_code == 401
    assert not ConditionPage.objects.filter(title=article["title"]).exists()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        # Missing from the shape: the schema refuses it.
        (
            lambda body: body[1]["value"]["symptoms"][0].pop("name"),
            "body[1].value.symptoms[0].name",
        ),
        # Present but blank: the block's own validation refuses it.
        (
            lambda body: body[1]["value"]["symptoms"][0].update(name=""),
            "body[1].value.symptoms[0].name",
        ),
        (lambda body: body[3]["value"]["options"][0].update(category="magic"), None),
        (
            lambda body: body[8]["value"]["link"].update(type="phone", href="call me"),
            "body[8].value.link.phone",
        ),
        (lambda body: body[2].update(type="no-such-block"), "body[2]"),
    ],
)
def test_an_invalid_block_is_refused_with_its_path(
    client, condition_index, condition_page, editor, change, path
):
    _user, token = editor
    article = whole_article(condition_index, condition_page)
    change(article["body"])
    errors, detail = errors_of(send(client, "post", "/api/v3/pages/", token, article))
    expected = path or "body[3].value.options[0].category"
    assert expected in errors, errors
    assert expected in detail
    assert not ConditionPage.objects.filter(title=article["title"]).exists()


def test_review_fields_are_read_only(client, published, editor):
    _user, token = editor
    url = f"/api/v3/pages/{published.pk}/"
    for field, value in [
        ("last_reviewed", "2026-01-01"),
        ("next_review_due", "2027-01-01"),
        ("reviewed_by", {"name": "Dr Me", "role": "Author", "credentials": ""}),
    ]:
        errors, _detail = errors_of(send(client, "patch", url, token, {field: value}))
        assert re.search("read-only", errors[field]), errors
    errors, _detail = errors_of(send(client, "patch", url, token, {"id": published.pk + 1}))
    assert re.search("read-only", errors["id"]), errors
    # A new article has no review record to send.
    article = whole_article(published.get_parent(), published)
    errors, _detail = errors_of(
        send(client, "post", "/api/v3/pages/", token, {**article, "last_reviewed": "2026-01-01"})
    )
    assert re.search("read-only", errors["last_reviewed"]), errors


def test_only_users_allowed_to_publish_can_publish(
    client, condition_index, condition_page, editor, moderator
):
    article = whole_article(condition_index, condition_page)
    article["meta"]["action"] = "publish"
    _user, editor_token = editor
    assert send(client, "post", "/api/v3/pages/", editor_token, article).status_code == 403
    response = send(
        client, "post", f"/api/v3/pages/{condition_page.pk}/actions/publish/", editor_token
    )
    assert response.status_code == 403

    url = f"/api/v3/pages/{condition_page.pk}/"
    section = {"heading": "Overview", "anchor": "", "body": "<p>Cancer in the bones.</p>"}
    replacement = {
        "meta": {"action": "publish"},
        "title": "Bone mets",
        "summary": "Cancer that has spread to the bones.",
        "body": [{"type": "section", "value": section}],
    }
    assert send(client, "put", url, editor_token, replacement).status_code == 403
    assert client.get(url).json()["title"] == condition_page.title

    _user, moderator_token = moderator
    response = send(client, "post", "/api/v3/pages/", moderator_token, article)
    assert response.status_code == 201, response.content
    assert client.get(f"/api/v3/pages/{response.json()['id']}/").status_code == 200
    response = send(client, "put", url, moderator_token, replacement)
    assert response.status_code == 200, response.content
    assert client.get(url).json()["title"] == "Bone mets"


def test_submitting_needs_a_token_and_right_to_edit(client, condition_page, django_user_model):
    url = f"/api/v3/pages/{condition_page.pk}/actions/submit/"
    assert client.post(url).status_code == 401
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "x")
    token = APIToken.create_token(user=outsider, name="No rights")[1]
    assert send(client, "post", url, token).status_code == 403
    assert not WorkflowState.objects.exists()


def test_a_page_already_in_review_cannot_be_submitted_twice(client, condition_page, editor):
    _user, token = editor
    url = f"/api/v3/pages/{condition_page.pk}/actions/submit/"
    assert send(client, "post", url, token).status_code == 200
    errors = send(client, "post", url, token)
    assert errors.status_code == 422
    assert "already in review" in errors.json()["detail"] + json.dumps(errors.json()["errors"])


def test_blank_rich_text_reads_back_blank(client, condition_index, condition_page, editor):
    _user, token = editor
    article = whole_article(condition_index, condition_page)
    symptoms = article["body"][1]["value"]
    symptoms["intro"] = ""
    faq = next(item for item in article["body"] if item["type"] == "faq")["value"]
    faq["questions"][0]["answer"] = "<p>Yes.</p>"
    response = send(client, "post", "/api/v3/pages/", token, article)
    assert response.status_code == 201, response.content
    body = response.json()["body"]
    assert body[1]["value"]["intro"] == ""
    answer = next(item for item in body if item["type"] == "faq")["value"]["questions"][0]
    assert re.fullmatch(r'<p data-block-key="\w+">Yes.</p>', answer["answer"])


def test_references_to_objects_that_do_not_exist_are_refused_at_their_path(
    client, condition_index, condition_page, editor
):
    _user, token = editor
    article = whole_article(condition_index, condition_page)
    body = article["body"]
    body[-2]["value"]["image"] = {"id": 99999}  # the image block
    body[-1]["value"] = {"id": 99999}  # the reusable call to action
    body[-3]["value"]["link"]["page"] = {"id": 99999}
    article["hero_image"] = {"id": 99999}
    article["related_conditions"] = [{"id": condition_page.pk}, {"id": 99999}]
    response = send(client, "post", "/api/v3/pages/", token, article)

    assert response.status_code == 422, response.content
    errors, _detail = errors_of(response)
    last = len(body) - 1
    for path in [
        f"body[{last - 1}].value.image",
        f"body[{last}].value",
        f"body[{last - 2}].value.link.page",
        "hero_image",
        "related_conditions[1]",
    ]:
        assert path in errors, (path, errors)
        assert "99999" in errors[path]
    assert not ConditionPage.objects.filter(title=article["title"]).exists()


def test_a_page_cannot_be_related_to_itself(client, condition_page, editor):
    _user, token = editor
    url = f"/api/v3/pages/{condition_page.pk}/"
    itself = {"related_conditions": [{"id": condition_page.pk}]}
    response = send(client, "patch", url, token, itself)

    assert response.status_code == 422
    assert "itself" in errors_of(response)[0]["related_conditions[0]"]


def test_an_empty_summary_is_refused_as_the_admin_refuses_it(client, condition_page, editor):
    _user, token = editor
    response = send(client, "patch", f"/api/v3/pages/{condition_page.pk}/", token, {"summary": ""})

    assert response.status_code == 422
    assert "summary" in errors_of(response)[0]
    assert condition_page.get_latest_revision_as_object().summary


def test_a_draft_the_admin_would_refuse_cannot_be_submitted(client, condition_page, editor):
    """A draft saved with a required field empty (as the admin lets an editor save
    one) is refused at submission, not left to fail at the reviewer's approval."""
    _user, token = editor
    condition_page.summary = ""
    condition_page.save_revision(clean=False)
    response = send(client, "post", f"/api/v3/pages/{condition_page.pk}/actions/submit/", token)

    assert response.status_code == 422, response.content
    assert "summary" in errors_of(response)[0]
    assert not WorkflowState.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_unchanged_article_sent_back_keeps_every_block_id_and_rich_text_key(
    client, published, editor, method
):
    """GET, then PUT (or PATCH) of what was read: the stored body is the same, block
    ids and list item ids and rich text's paragraph keys included, so a round trip
    changes nothing."""
    _user, token = editor
    url = f"/api/v3/pages/{published.pk}/"
    # A first round trip gives paragraphs written without keys (as by the factories) theirs.
    send(client, method, url, token, client.get(url, headers=bearer(token)).json())
    before = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    stored_before = ConditionPage.objects.get(pk=published.pk).get_latest_revision().content

    response = send(client, method, url, token, before)
    assert response.status_code == 200, response.content

    after = client.get(f"{url}?version=draft", headers=bearer(token)).json()
    assert after["body"] == before["body"]
    stored_after = ConditionPage.objects.get(pk=published.pk).get_latest_revision().content
    assert stored_after["body"] == stored_before["body"]


def test_a_nul_in_a_value_wagtail_looks_up_unchecked_is_named_not_a_server_error(
    client, condition_page, editor
):
    _user, token = editor
    url = f"/api/v3/pages/{condition_page.pk}/actions/copy_for_translation/"
    response = send(client, "post", url, token, {"locale": "h\x00i"})
    if connection.vendor == "postgresql":  # which cannot look the text up at all
        assert response.status_code == 422, response.content
        assert [error["path"] for error in response.json()["errors"]] == ["locale"]
    else:  # SQLite looks it up and finds no such language
        assert response.status_code == 404, response.content


def test_a_move_beside_the_root_page_is_a_422_and_the_default_position_is_described(
    client, condition_page, editor
):
    _user, token = editor
    root = condition_page.get_root()
    url = f"/api/v3/pages/{condition_page.pk}/actions/move/"
    for body in ({"destination_id": root.pk}, {"destination_id": root.pk, "position": "left"}):
        response = send(client, "post", url, token, body)
        assert response.status_code == 422, response.content
        assert [error["path"] for error in response.json()["errors"]] == ["destination_id"]

    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    assert (
        "Left out, the page goes beside the destination"
        in (schema["PageMoveSchema"]["properties"]["position"]["description"])
    )
