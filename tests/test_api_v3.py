"""Wagtail API v3 (`/api/v3/`): the article as typed JSON that its own OpenAPI
description fully describes, a `/conditions/` listing with the filters apps need,
and drafts only for token holders allowed to edit them."""

import json

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi
from wagtail_factories import ImageFactory

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import APIToken, PageViewRestriction

from condition_pages.blocks import TreatmentOptionBlock
from condition_pages.models import ConditionPage
from tests.factories.conditions import FULL_BODY, ClinicianFactory, SpecialtyFactory, stream

# Every block of the article, as the stream declares them.
BLOCK_TYPES = set(ConditionPage.body.field.stream_block.child_blocks)


@pytest.fixture
def openapi(client, db):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_of(openapi, path, method="get", status="200"):
    """A validator for a response of an operation, resolving the document's $refs."""
    content = openapi["paths"][path][method]["responses"][status]["content"]
    schema = {**content["application/json"]["schema"], "components": openapi["components"]}
    return jsonschema.Draft202012Validator(schema)


def component(openapi, name):
    return openapi["components"]["schemas"][name]


def get(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()


@pytest.fixture
def article(condition_page, make_condition):
    """The condition page with every block type and every field filled in."""
    condition_page.body = stream(*FULL_BODY, "image")
    condition_page.hero_image = ImageFactory(
        title="Hero", description="A doctor with a patient", file__width=1200, file__height=900
    )
    condition_page.also_known_as = "Bone mets\nSecondary bone cancer"
    condition_page.specialties.set([SpecialtyFactory(name="Oncology", slug="oncology")])
    condition_page.reviewed_by = ClinicianFactory()
    related = make_condition(title="Bone pain", slug="bone-pain")
    condition_page.related_conditions.create(related_page=related)
    condition_page.save_revision().publish()
    condition_page.refresh_from_db()
    return condition_page


def test_openapi_description_is_valid_openapi(openapi):
    validate_openapi(openapi)
    assert set(openapi["paths"]) >= {
        "/api/v3/pages/",
        "/api/v3/pages/{page_id}/",
        "/api/v3/conditions/",
        "/api/v3/images/",
        "/api/v3/documents/",
    }


def test_body_is_a_union_of_named_block_schemas_keyed_on_type(openapi):
    body = component(openapi, "ConditionPageSchema")["properties"]["body"]
    items = body["items"]
    assert items["discriminator"]["propertyName"] == "type"
    mapping = items["discriminator"]["mapping"]
    assert set(mapping) == BLOCK_TYPES
    for block_type, ref in mapping.items():
        item = component(openapi, ref.rsplit("/", 1)[-1])
        assert item["properties"]["type"]["const"] == block_type
        assert item["required"] == ["type", "id", "value"]
        value = item["properties"]["value"]
        # A chosen snippet may have been deleted since: its value is then null.
        refs = [value] + [choice for choice in value.get("anyOf", []) if "$ref" in choice]
        assert any("$ref" in ref for ref in refs), f"{block_type} has no named value schema"


def test_each_block_schema_names_its_fields(openapi):
    symptom = component(openapi, "SymptomBlockValue")
    assert set(symptom["properties"]) == {"name", "detail"}
    symptoms = component(openapi, "SymptomsBlockValue")["properties"]
    assert symptoms["symptoms"]["items"] == {"$ref": "#/components/schemas/SymptomBlockValue"}
    assert symptoms["urgent_signs"]["items"] == {"type": "string"}

    test = component(openapi, "MedicalTestBlockValue")
    assert set(test["properties"]) == {"name", "description"}

    category = component(openapi, "TreatmentOptionBlockValue")["properties"]["category"]
    choices = [value for value, _ in TreatmentOptionBlock().child_blocks["category"].field.choices]
    assert category["enum"] == [value for value in choices if value]

    link = component(openapi, "LinkBlockValue")["properties"]
    assert set(link) == {"type", "href", "page"}
    image = component(openapi, "CaptionedImageBlockValue")["properties"]
    assert image["image"] == {"$ref": "#/components/schemas/ImageWithRenditions"}


def test_detail_response_matches_the_openapi_description(client, openapi, article):
    data = get(client, f"/api/v3/pages/{article.pk}/")

    schema_of(openapi, "/api/v3/pages/{page_id}/").validate(data)
    assert [block["type"] for block in data["body"]] == [
        block["type"] for block in article.body.raw_data
    ]
    assert set(data) >= {"summary", "also_known_as", "specialties", "hero_image", "body"}


def test_an_invalid_block_shape_would_fail_the_description(client, openapi, article):
    # The check above has teeth: a symptom without a name does not pass.
    data = get(client, f"/api/v3/pages/{article.pk}/")
    symptoms = next(block for block in data["body"] if block["type"] == "symptoms")
    del symptoms["value"]["symptoms"][0]["name"]

    with pytest.raises(jsonschema.ValidationError):
        schema_of(openapi, "/api/v3/pages/{page_id}/").validate(data)


def test_listing_response_matches_the_openapi_description(client, openapi, article):
    data = get(client, "/api/v3/conditions/")

    schema_of(openapi, "/api/v3/conditions/").validate(data)
    assert data["count"] == 2


def test_detail_gives_blocks_as_typed_json(client, article):
    data = get(client, f"/api/v3/pages/{article.pk}/")
    blocks = {block["type"]: block["value"] for block in data["body"]}

    assert blocks["symptoms"]["symptoms"] == [
        {"name": "Bone pain", "detail": "Often worse at night."},
        {"name": "Fatigue", "detail": ""},
    ]
    assert blocks["treatment"]["options"][0]["category"] == "radiotherapy"
    assert blocks["call_to_action"]["link"] == {
        "type": "phone",
        "href": "tel:+912212345678",
        "page": None,
    }
    assert blocks["image"]["alt_text"] == "The spine on an X-ray"
    assert blocks["image"]["image"]["renditions"]["content"]["width"] == 800


def test_images_are_renditions_with_absolute_urls_and_alt_text(client, article):
    hero = get(client, f"/api/v3/pages/{article.pk}/")["hero_image"]

    assert hero["alt_text"] == "A doctor with a patient"
    assert set(hero["renditions"]) == {"thumbnail", "content", "large"}
    thumbnail = hero["renditions"]["thumbnail"]
    assert thumbnail["url"].startswith("http://testserver/media/images/")
    assert (thumbnail["width"], thumbnail["height"]) == (400, 300)


def test_related_conditions_link_to_html_and_api(client, article):
    [related] = get(client, f"/api/v3/pages/{article.pk}/")["related_conditions"]

    bone_pain = article.related_conditions.get().related_page
    assert related == {
        "id": bone_pain.pk,
        "title": "Bone pain",
        "summary": "A short summary of bone pain.",
        "html_url": "http://testserver/conditions/bone-pain/",
        "detail_url": f"http://testserver/api/v3/pages/{bone_pain.pk}/",
    }
    assert get(client, related["detail_url"])["title"] == "Bone pain"


def test_governance_fields_are_in_the_detail(client, article):
    data = get(client, f"/api/v3/pages/{article.pk}/")

    assert data["reviewed_by"] == {
        "name": "Dr Asha Rao",
        "role": "Consultant orthopaedic oncologist",
        "credentials": "MBBS, MS (Ortho)",
    }
    assert data["also_known_as"] == ["Bone mets", "Secondary bone cancer"]
    assert data["specialties"] == [{"name": "Oncology", "slug": "oncology"}]


def test_detail_costs_a_constant_number_of_queries(client, article, make_condition):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            get(client, f"/api/v3/pages/{article.pk}/")
        return len(captured)

    queries()  # renditions and the site's root paths are cached after the first
    few = queries()
    for n in range(5):
        article.related_conditions.create(related_page=make_condition(title=f"Other {n}"))
    article.body = stream(*FULL_BODY, "image", *FULL_BODY)
    article.save_revision().publish()
    queries()
    assert queries() == few


# Drafts and private pages


def test_anonymous_readers_see_only_live_public_pages(client, condition_page, make_condition):
    draft = make_condition(title="Secret draft", live=False)
    private = make_condition(title="Staff only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    condition_page.title = "DRAFT TITLE"
    condition_page.save_revision()

    assert titles(client, "/api/v3/conditions/") == ["Bone metastases"]
    assert "Bone metastases" in titles(client, "/api/v3/pages/")
    for url in ["/api/v3/pages/", "/api/v3/pages/?search=secret", "/api/v3/pages/?search=staff"]:
        assert not {"Secret draft", "Staff only", "DRAFT TITLE"} & set(titles(client, url))
    for page in (draft, private):
        get(client, f"/api/v3/pages/{page.pk}/", status=404)
    # Asking for the draft without a token is refused, not answered with the live page.
    for url in (
        f"/api/v3/pages/{condition_page.pk}/?version=draft",
        f"/api/v3/pages/find/?id={condition_page.pk}&version=draft",
    ):
        refused = get(client, url, status=401)
        assert refused["errors"][0]["loc"] == ["query", "version"]
        assert "DRAFT TITLE" not in json.dumps(refused)
    refused = client.get(
        f"/api/v3/pages/{condition_page.pk}/?version=draft",
        headers={"Authorization": "Bearer wagtail_not_a_token"},
    )
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Bearer"


def titles(client, url):
    return [item["title"] for item in get(client, url)["items"]]


@pytest.fixture
def editor_token(django_user_model, condition_index):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    return APIToken.create_token(user=editor, name="App preview")[1]


@pytest.fixture
def outsider_token(django_user_model, db):
    outsider = django_user_model.objects.create_user("outsider", "outsider@example.org", "x")
    return APIToken.create_token(user=outsider, name="No rights")[1]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_token_holder_who_may_edit_reads_the_draft(client, condition_page, editor_token):
    condition_page.title = "DRAFT TITLE"
    condition_page.save_revision()
    url = f"/api/v3/pages/{condition_page.pk}/?version=draft"

    response = client.get(url, headers=bearer(editor_token))
    assert response.status_code == 200
    assert response.json()["title"] == "DRAFT TITLE"
    assert response["Cache-Control"] == "private, no-store"
    anonymous = client.get(url)
    assert anonymous.status_code == 401 and "DRAFT TITLE" not in anonymous.text
    assert "public" not in anonymous.get("Cache-Control", "")


def test_token_without_edit_rights_never_sees_a_draft(
    client, condition_page, make_condition, outsider_token
):
    condition_page.title = "DRAFT TITLE"
    condition_page.save_revision()
    draft = make_condition(title="Secret draft", live=False)

    response = client.get(
        f"/api/v3/pages/{condition_page.pk}/?version=draft", headers=bearer(outsider_token)
    )
    assert b"DRAFT TITLE" not in response.content
    assert (
        client.get(f"/api/v3/pages/{draft.pk}/", headers=bearer(outsider_token)).status_code == 404
    )


def test_a_bad_or_revoked_token_reads_only_public_content(
    client, condition_page, make_condition, editor_token
):
    draft = make_condition(title="Secret draft", live=False)
    APIToken.objects.get().revoke()

    for token in [editor_token, "wagtail_not-a-real-token"]:
        response = client.get(f"/api/v3/pages/{draft.pk}/?version=draft", headers=bearer(token))
        assert response.status_code == 401
        assert b"Secret draft" not in response.content
        response = client.get(f"/api/v3/pages/{draft.pk}/", headers=bearer(token))
        assert response.status_code == 404


def test_conditions_listing_is_public_even_for_token_holders(
    client, condition_page, make_condition, editor_token
):
    make_condition(title="Secret draft", live=False)

    listed = titles(client, "/api/v3/conditions/")
    assert listed == ["Bone metastases"]
    response = client.get("/api/v3/conditions/", headers=bearer(editor_token))
    assert [item["title"] for item in response.json()["items"]] == listed


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/v3/pages/{id}/revisions/"),
        ("post", "/api/v3/pages/{id}/actions/publish/"),
        ("post", "/api/v3/pages/{id}/actions/unpublish/"),
        ("delete", "/api/v3/pages/{id}/"),
        ("patch", "/api/v3/pages/{id}/"),
    ],
)
def test_revisions_and_writes_need_a_token(client, condition_page, method, url):
    response = getattr(client, method)(
        url.format(id=condition_page.pk), data={}, content_type="application/json"
    )
    assert response.status_code == 401
    condition_page.refresh_from_db()
    assert condition_page.live


def test_writes_need_permission_as_well_as_a_token(client, condition_page, outsider_token):
    response = client.post(
        f"/api/v3/pages/{condition_page.pk}/actions/unpublish/",
        data={},
        content_type="application/json",
        headers=bearer(outsider_token),
    )
    assert response.status_code in (403, 404)
    condition_page.refresh_from_db()
    assert condition_page.live


def test_editor_token_lists_revisions(client, condition_page, editor_token):
    condition_page.save_revision()

    response = client.get(
        f"/api/v3/pages/{condition_page.pk}/revisions/", headers=bearer(editor_token)
    )
    assert response.status_code == 200
    assert response.json()["count"] >= 1


# /conditions/: filters, order, pagination


@pytest.fixture
def catalogue(make_condition):
    oncology = SpecialtyFactory(name="Oncology", slug="oncology")
    orthopaedics = SpecialtyFactory(name="Orthopaedics", slug="orthopaedics")
    make_condition(
        title="Bone metastases",
        specialties=[oncology, orthopaedics],
        next_review_due="2027-01-15",
        also_known_as="Bone mets",
    )
    make_condition(title="Anaemia", specialties=[oncology], next_review_due="2027-06-01")
    make_condition(title="Osteoporosis", specialties=[orthopaedics], next_review_due="2028-01-01")
    make_condition(title="Chondrosarcoma")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Anaemia", "Bone metastases", "Chondrosarcoma", "Osteoporosis"]),
        ("specialty=oncology", ["Anaemia", "Bone metastases"]),
        ("specialty=orthopaedics", ["Bone metastases", "Osteoporosis"]),
        ("specialty=unknown", []),
        ("next_review_due_before=2027-06-01", ["Anaemia", "Bone metastases"]),
        ("next_review_due_after=2027-02-01", ["Anaemia", "Osteoporosis"]),
        ("next_review_due_after=2027-02-01&next_review_due_before=2027-12-31", ["Anaemia"]),
        (
            "order=-next_review_due",
            ["Osteoporosis", "Anaemia", "Bone metastases", "Chondrosarcoma"],
        ),
        ("order=next_review_due", ["Bone metastases", "Anaemia", "Osteoporosis", "Chondrosarcoma"]),
        ("order=-title", ["Osteoporosis", "Chondrosarcoma", "Bone metastases", "Anaemia"]),
        ("search=bone+mets", ["Bone metastases"]),
        ("search=mets&specialty=orthopaedics", ["Bone metastases"]),
        ("search=mets&specialty=unknown", []),
        ("search=anaemia&specialty=orthopaedics", []),
    ],
)
def test_conditions_filters(client, catalogue, query, expected):
    assert titles(client, f"/api/v3/conditions/?{query}") == expected


def test_conditions_pagination_is_stable_with_a_total_count(client, catalogue):
    pages = [get(client, f"/api/v3/conditions/?limit=2&offset={offset}") for offset in (0, 2, 4)]

    assert [page["count"] for page in pages] == [4, 4, 4]
    assert [[item["title"] for item in page["items"]] for page in pages] == [
        ["Anaemia", "Bone metastases"],
        ["Chondrosarcoma", "Osteoporosis"],
        [],
    ]


def test_conditions_listing_costs_constant_queries(client, catalogue, make_condition):
    def queries():
        cache.clear()  # the count is cached; measure what the first reader pays
        with CaptureQueriesContext(connection) as captured:
            get(client, "/api/v3/conditions/")
        return len(captured)

    queries()
    few = queries()
    for n in range(10):
        make_condition(title=f"Extra {n}", specialties=[SpecialtyFactory(slug=f"extra-{n}")])
    assert queries() == few


# Errors: a 400 with a reason for every bad query


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/v3/pages/?limit=-1", "limit"),
        ("/api/v3/pages/?limit=100000", "limit"),
        ("/api/v3/pages/?offset=-5", "offset"),
        ("/api/v3/pages/?order=nonsense", ""),
        ("/api/v3/pages/?type=no.Such", ""),
        ("/api/v3/pages/?child_of=abc", "child_of"),
        ("/api/v3/pages/?fields=title", "fields"),
        ("/api/v3/pages/abc/", "page_id"),
        ("/api/v3/pages/1/?version=future", "version"),
        ("/api/v3/conditions/?order=colour", "order"),
        ("/api/v3/conditions/?next_review_due_after=soon", "next_review_due_after"),
        ("/api/v3/conditions/?next_review_due_before=0", "next_review_due_before"),
        ("/api/v3/conditions/?offset=99999999999999999999", "offset"),
        ("/api/v3/conditions/?specialy=oncology", "specialy"),
        ("/api/v3/images/?limit=x", "limit"),
    ],
)
def test_bad_parameters_get_a_400_with_a_reason(client, condition_page, url, parameter):
    response = client.get(url)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["detail"]
    assert parameter in problem["detail"]


def test_a_bad_write_body_keeps_its_422(client, condition_page, editor_token):
    response = client.patch(
        f"/api/v3/pages/{condition_page.pk}/",
        data={"title": 12},
        content_type="application/json",
        headers=bearer(editor_token),
    )
    assert response.status_code == 422
    assert "title" in str(response.json()["errors"])


# HTTP caching and CORS apply to v3 as to v2


def test_unchanged_resource_answers_304_and_a_publish_makes_it_fresh(client, condition_page):
    url = f"/api/v3/pages/{condition_page.pk}/"
    first = client.get(url)
    assert first["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304

    condition_page.title = "Bone metastases (updated)"
    condition_page.save_revision().publish()
    fresh = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "Bone metastases (updated)"


def test_only_configured_origins_may_read_v3(client, condition_page, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]

    allowed = client.get("/api/v3/conditions/", headers={"Origin": "https://app.example.org"})
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    other = client.get("/api/v3/conditions/", headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in other


def test_docs_page_is_served(client, db):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_every_operation_describes_its_errors_with_the_one_problem_schema(openapi):
    problem = {"$ref": "#/components/schemas/Problem"}
    error_item = openapi["components"]["schemas"]["ProblemError"]
    assert {"type", "loc", "msg"} <= set(error_item["required"])
    assert "path" in error_item["properties"]
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            errors = {
                status: response
                for status, response in operation["responses"].items()
                if int(status) >= 400
            }
            assert "400" in errors, (method, path)
            if method in ("post", "put", "patch"):
                assert "422" in errors, (method, path)
            for response in errors.values():
                assert response["content"] == {"application/problem+json": {"schema": problem}}


def test_patch_schemas_give_no_defaults_for_a_client_to_send(openapi):
    patches = {
        name: schema
        for name, schema in openapi["components"]["schemas"].items()
        if name.endswith("PatchSchema")
    }
    assert {"ConditionPagePatchSchema", "ImagePatchSchema", "DocumentPatchSchema"} <= set(patches)
    for name, schema in patches.items():
        for field, description in schema["properties"].items():
            assert "default" not in description, (name, field)
