"""API v2 gives apps the whole article as typed JSON, and only what is live and public."""

from wagtail_factories import ImageFactory

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from tests.factories.conditions import (
    FULL_BODY,
    ClinicianFactory,
    SpecialtyFactory,
    link_to,
    stream,
)

LISTING = "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*"


def detail(client, page, status=200):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == status
    return response.json()


def blocks_by_type(body):
    return {block["type"]: block["value"] for block in body}


def test_listing_returns_the_whole_article_as_structured_json(client, condition_page):
    response = client.get(LISTING)
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["title"] == "Bone metastases"
    assert item["meta"]["type"] == "condition_pages.ConditionPage"
    assert item["summary"] == condition_page.summary
    assert [block["type"] for block in item["body"]] == FULL_BODY


def test_each_block_is_typed_json_not_html(client, condition_page):
    blocks = blocks_by_type(detail(client, condition_page)["body"])

    assert blocks["symptoms"]["symptoms"] == [
        {"name": "Bone pain", "detail": "Often worse at night."},
        {"name": "Fatigue", "detail": ""},
    ]
    assert blocks["symptoms"]["urgent_signs"] == ["Sudden weakness in the legs"]
    assert blocks["symptoms"]["anchor"] == "symptoms"
    assert blocks["diagnosis"]["tests"] == [
        {"name": "CT scan", "description": "Detailed pictures of bones."}
    ]
    assert blocks["treatment"]["options"] == [
        {
            "name": "Radiation therapy",
            "category": "radiotherapy",
            "description": "High-energy beams.",
        }
    ]
    assert blocks["prognosis"] == {
        "heading": "Outlook",
        "anchor": "outlook",
        "body": "<p>It depends.</p>",
        "health_aspect": "PrognosisHealthAspect",
    }
    assert blocks["callout"]["variant"] == "urgent"
    assert blocks["faq"]["questions"][0]["question"] == "Does it hurt?"
    assert blocks["references"]["references"][0]["url"] == "https://example.org/ref"
    assert blocks["call_to_action"]["link"] == {
        "type": "phone",
        "href": "tel:+912212345678",
        "page": None,
    }


def test_rich_text_links_are_resolved_for_apps(client, condition_page, condition_index):
    condition_page.body = stream(
        "prognosis",
        **{
            "0__prognosis__body": RichText(
                f'<p>See <a linktype="page" id="{condition_index.pk}">all</a>.</p>'
            )
        },
    )
    condition_page.save_revision().publish()

    body = blocks_by_type(detail(client, condition_page)["body"])["prognosis"]["body"]
    assert body == '<p>See <a href="/conditions/">all</a>.</p>'


def test_internal_cta_links_are_absolute(client, condition_page, condition_index):
    condition_page.body = stream("call_to_action", **link_to(condition_index))
    condition_page.save_revision().publish()

    link = blocks_by_type(detail(client, condition_page)["body"])["call_to_action"]["link"]
    assert link == {
        "type": "page",
        "href": "http://testserver/conditions/",
        "page": {"id": condition_index.pk, "title": "Conditions A to Z"},
    }


def test_cta_to_an_unpublished_page_neither_links_nor_names_it(
    client, condition_page, make_condition
):
    draft = make_condition(title="Secret draft", slug="secret", live=False)
    condition_page.body = stream("call_to_action", **link_to(draft))
    condition_page.save_revision().publish()

    link = blocks_by_type(detail(client, condition_page)["body"])["call_to_action"]["link"]
    assert link == {"type": None, "href": "", "page": None}
    v3 = client.get(f"/api/v3/pages/{condition_page.pk}/")
    html = client.get(condition_page.url)
    for response in (v3, html):
        assert response.status_code == 200
        assert b"Secret draft" not in response.content
        assert b"/secret/" not in response.content
    assert b'class="cta"' in html.content  # the box stays, without its button


def test_condition_fields_are_typed(client, condition_page, make_condition):
    related = make_condition(title="Bone pain", slug="bone-pain")
    condition_page.also_known_as = "Bone mets\n\nSecondary bone cancer\n"
    condition_page.reviewed_by = ClinicianFactory()
    condition_page.specialties.add(SpecialtyFactory(name="Orthopaedic oncology", slug="ortho"))
    condition_page.related_conditions.create(related_page=related)
    condition_page.save_revision().publish()

    data = detail(client, condition_page)
    assert data["also_known_as"] == ["Bone mets", "Secondary bone cancer"]
    assert data["specialties"] == [{"name": "Orthopaedic oncology", "slug": "ortho"}]
    assert data["reviewed_by"] == {
        "name": "Dr Asha Rao",
        "role": "Consultant orthopaedic oncologist",
        "credentials": "MBBS, MS (Ortho)",
    }
    assert data["related_conditions"] == [
        {
            "id": related.pk,
            "title": "Bone pain",
            "summary": related.summary,
            "html_url": "http://testserver/conditions/bone-pain/",
            "detail_url": f"http://testserver/api/v2/pages/{related.pk}/",
        }
    ]


def test_images_are_renditions_with_absolute_urls(client, condition_page):
    condition_page.hero_image = ImageFactory(
        title="Spine", description="A spine on an X-ray", file__width=1200, file__height=900
    )
    condition_page.save_revision().publish()

    hero = detail(client, condition_page)["hero_image"]
    assert hero["alt_text"] == "A spine on an X-ray"
    assert set(hero["renditions"]) == {"thumbnail", "content", "large"}
    thumbnail = hero["renditions"]["thumbnail"]
    assert thumbnail["url"].startswith("http://testserver/media/images/")
    assert (thumbnail["width"], thumbnail["height"]) == (400, 300)
    assert hero["renditions"]["content"]["width"] == 800


def test_draft_page_is_not_in_the_api(client, make_condition):
    draft = make_condition(title="Secret draft", live=False)

    titles = [item["title"] for item in client.get(LISTING).json()["items"]]
    assert "Secret draft" not in titles
    detail(client, draft, status=404)


def test_unpublished_changes_are_not_in_the_api(client, condition_page):
    condition_page.title = "DRAFT TITLE"
    condition_page.save_revision()

    assert detail(client, condition_page)["title"] == "Bone metastases"
    assert "DRAFT TITLE" not in client.get(LISTING).content.decode()


def test_private_page_is_not_in_the_api(client, condition_page):
    PageViewRestriction.objects.create(page=condition_page, restriction_type="login")

    assert client.get(LISTING).json()["items"] == []
    detail(client, condition_page, status=404)


def test_draft_related_condition_is_not_leaked(client, condition_page, make_condition):
    draft = make_condition(title="Secret draft", live=False)
    condition_page.related_conditions.create(related_page=draft)
    condition_page.save_revision().publish()

    assert detail(client, condition_page)["related_conditions"] == []


def test_images_and_documents_endpoints_exist(client, db):
    assert client.get("/api/v2/images/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 200


def test_times_are_given_in_utc_as_the_docs_say(client, condition_page, settings):
    assert settings.TIME_ZONE == "Asia/Kolkata"  # the hospital's, which apps need not know
    condition_page.save_revision().publish()
    detail = client.get(f"/api/v2/pages/{condition_page.pk}/").json()["meta"]
    listing = client.get("/api/v2/pages/", {"type": "condition_pages.ConditionPage"}).json()

    times = [
        detail["first_published_at"],
        detail["last_published_at"],
        listing["items"][0]["meta"]["last_published_at"],
    ]
    for moment in times:
        assert moment.endswith("Z"), moment
