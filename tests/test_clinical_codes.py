"""Clinical codes: a condition's SNOMED CT and ICD-10 codes, checked when editors and
apps write them, shown in the JSON-LD and both APIs, and found by `?code=`."""

import io
import json

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset

from condition_pages.models import ConditionPage
from tests.admin_pages import add_url, condition_form

CONDITIONS = "/api/v3/conditions/"
V2_PAGES = "/api/v2/pages/"
V2_CONDITIONS = {"type": "condition_pages.ConditionPage"}


def with_codes(page, *codes):
    for system, code in codes:
        page.clinical_codes.create(system=system, code=code)
    page.save_revision().publish()
    return page


@pytest.fixture
def coded(condition_page):
    return with_codes(condition_page, ("snomed", "94222008"), ("icd10", "C79.5"))


@pytest.fixture
def other(make_condition):
    # A related code: a lookup must match the whole code, not a prefix.
    return with_codes(make_condition(title="Secondary cancer"), ("icd10", "C79.51"))


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_both_apis_give_the_codes_in_the_editors_order(client, coded):
    expected = [{"system": "snomed", "code": "94222008"}, {"system": "icd10", "code": "C79.5"}]
    assert client.get(f"/api/v3/pages/{coded.pk}/").json()["clinical_codes"] == expected
    assert client.get(f"/api/v2/pages/{coded.pk}/").json()["clinical_codes"] == expected
    [summary] = client.get(CONDITIONS).json()["items"]
    assert summary["clinical_codes"] == expected


@pytest.mark.parametrize(
    "query",
    ["icd10:C79.5", "ICD10:c79.5", "snomed:94222008", "SNOMED:94222008", "Snomed:94222008"],
)
def test_code_finds_the_condition_whatever_the_case_of_its_system(client, coded, other, query):
    assert titles(client.get(CONDITIONS, {"code": query})) == ["Bone metastases"]
    assert titles(client.get(V2_PAGES, {**V2_CONDITIONS, "code": query})) == ["Bone metastases"]


def test_code_combines_with_search_and_finds_nothing_for_an_unused_code(client, coded, other):
    assert titles(client.get(CONDITIONS, {"code": "icd10:C79.51"})) == ["Secondary cancer"]
    assert titles(client.get(CONDITIONS, {"code": "icd10:C79.9"})) == []
    assert titles(client.get(CONDITIONS, {"code": "icd10:C79.5", "search": "bone"})) == [
        "Bone metastases"
    ]
    assert titles(client.get(CONDITIONS, {"code": "icd10:C79.5", "search": "secondary"})) == []


@pytest.mark.parametrize(
    "query, reason",
    [
        ("icd10:79.5", "ICD-10"),
        ("icd10:C7", "ICD-10"),
        ("icd10:C79.12345", "ICD-10"),
        ("snomed:94222009", "check digit"),
        ("snomed:12345", "6 to 18 digits"),
        ("snomed:C79.5", "6 to 18 digits"),
        ("loinc:1234-5", "snomed, icd10"),
        ("C79.5", "<system>:<code>"),
        ("icd10: C79.5", "no spaces"),
        ("icd10 :C79.5", "<system>:<code>"),
    ],
)
def test_malformed_code_is_a_400_naming_the_parameter(client, coded, query, reason):
    response = client.get(CONDITIONS, {"code": query})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert detail.startswith("code:") and reason in detail

    response = client.get(V2_PAGES, {**V2_CONDITIONS, "code": query})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("code:") and reason in message


def test_code_never_finds_a_draft_or_private_page(client, coded, make_condition):
    draft = make_condition(title="Draft", live=False)
    draft.clinical_codes.create(system="icd10", code="C40.0")
    draft.save()
    assert titles(client.get(CONDITIONS, {"code": "icd10:C40.0"})) == []

    # A code added in a draft of a live page is not public until published.
    page = coded.get_latest_revision_as_object()
    page.clinical_codes.add(page.clinical_codes.model(system="icd10", code="C41.2"))
    page.save_revision()
    assert titles(client.get(CONDITIONS, {"code": "icd10:C41.2"})) == []

    PageViewRestriction.objects.create(page=coded, restriction_type="login")
    assert titles(client.get(CONDITIONS, {"code": "icd10:C79.5"})) == []
    assert titles(client.get(V2_PAGES, {**V2_CONDITIONS, "code": "icd10:C79.5"})) == []


def test_json_ld_gives_each_code_as_a_medical_code(client, coded):
    soup = BeautifulSoup(client.get(coded.url).content, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["about"]["code"] == [
        {"@type": "MedicalCode", "codeValue": "94222008", "codingSystem": "SNOMED CT"},
        {"@type": "MedicalCode", "codeValue": "C79.5", "codingSystem": "ICD-10"},
    ]


def test_openapi_describes_codes_and_the_filter(client, db):
    openapi = client.get("/api/v3/openapi.json").json()
    [parameter] = [
        p for p in openapi["paths"][CONDITIONS]["get"]["parameters"] if p["name"] == "code"
    ]
    assert "icd10:C79.5" in parameter["description"]
    schemas = openapi["components"]["schemas"]
    assert schemas["ClinicalCode"]["properties"]["system"]["enum"] == ["snomed", "icd10"]
    assert "clinical_codes" in schemas["ConditionPageSchema"]["properties"]
    assert "clinical_codes" in schemas["ConditionPageCreateSchema"]["properties"]


# Editors, in the admin.


def post_new_article(editor_client, condition_index, *codes):
    rows = [{"system": system, "code": code} for system, code in codes]
    form = condition_form(clinical_codes=inline_formset(rows))
    return editor_client.post(add_url(condition_index), form)


def code_errors(response):
    assert response.status_code == 200
    formset = response.context["form"].formsets["clinical_codes"]
    return [str(error) for error in formset.errors] + [str(e) for e in formset.non_form_errors()]


def test_editor_adds_codes_which_are_stored_in_one_spelling(editor_client, condition_index):
    response = post_new_article(
        editor_client, condition_index, ("snomed", " 94222008 "), ("icd10", "c79.5")
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(slug="osteosarcoma").get_latest_revision_as_object()
    assert [(c.system, c.code) for c in page.clinical_codes.all()] == [
        ("snomed", "94222008"),
        ("icd10", "C79.5"),
    ]


@pytest.mark.parametrize(
    "code, message",
    [
        (("snomed", "94222009"), "check digit"),
        (("snomed", "9422"), "6 to 18 digits"),
        (("icd10", "C795X"), "a letter, two digits"),
        (("icd10", "79.5"), "a letter, two digits"),
    ],
)
def test_editor_sees_why_a_code_is_refused(editor_client, condition_index, code, message):
    errors = code_errors(post_new_article(editor_client, condition_index, code))
    assert any(message in error for error in errors), errors
    assert not ConditionPage.objects.filter(slug="osteosarcoma").exists()


def test_editor_cannot_give_a_page_the_same_code_twice(editor_client, condition_index):
    response = post_new_article(
        editor_client, condition_index, ("icd10", "C79.5"), ("icd10", "c79.5")
    )
    errors = code_errors(response)
    assert any("duplicate data for page, system and code" in error for error in errors), errors
    assert not ConditionPage.objects.filter(slug="osteosarcoma").exists()


# Apps, through API v3 writes.


@pytest.fixture
def editor_token(api_token, condition_index):
    return api_token("app-editor", group="Editors")


def patch(client, page, token, data):
    return client.patch(
        f"/api/v3/pages/{page.pk}/",
        data=json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_app_writes_codes_in_the_shape_it_reads_them(client, coded, editor_token):
    codes = client.get(f"/api/v3/pages/{coded.pk}/").json()["clinical_codes"]
    codes.append({"system": "icd10", "code": "c79.51"})

    response = patch(client, coded, editor_token, {"clinical_codes": codes})
    assert response.status_code == 200, response.content

    draft = client.get(
        f"/api/v3/pages/{coded.pk}/?version=draft",
        headers={"Authorization": f"Bearer {editor_token}"},
    ).json()
    assert draft["clinical_codes"][-1] == {"system": "icd10", "code": "C79.51"}
    # The live page keeps its codes until the draft is reviewed and published.
    assert len(client.get(f"/api/v3/pages/{coded.pk}/").json()["clinical_codes"]) == 2


@pytest.mark.parametrize(
    "codes, path, reason",
    [
        ([{"system": "snomed", "code": "94222009"}], "clinical_codes[0].code", "check digit"),
        ([{"system": "read", "code": "X"}], "clinical_codes[0].system", "snomed"),
        (
            [{"system": "icd10", "code": "C79.5"}, {"system": "icd10", "code": "Cx9"}],
            "clinical_codes[1].code",
            "ICD-10",
        ),
    ],
)
def test_app_gets_a_422_naming_the_bad_code(client, coded, editor_token, codes, path, reason):
    response = patch(client, coded, editor_token, {"clinical_codes": codes})
    assert response.status_code == 422
    errors = {error["path"]: error["msg"] for error in response.json()["errors"]}
    assert reason in errors[path], errors


# The sample content.


def test_sample_article_is_found_by_both_its_codes_after_repeated_imports(client, db):
    for _ in range(2):
        call_command("load_sample_content", stdout=io.StringIO())
    page = ConditionPage.objects.get(slug="bone-metastases")
    assert page.clinical_codes.count() == 2
    assert page.revisions.count() == 1
    for query in ("icd10:C79.5", "snomed:94222008"):
        assert titles(client.get(CONDITIONS, {"code": query})) == ["Bone metastases"]


def test_app_cannot_give_a_page_the_same_code_twice(client, coded, editor_token):
    codes = [{"system": "icd10", "code": "C79.5"}, {"system": "icd10", "code": "c79.5"}]
    response = patch(client, coded, editor_token, {"clinical_codes": codes})
    assert response.status_code == 422, response.content
    errors = {error["path"]: error["msg"] for error in response.json()["errors"]}
    assert errors == {"clinical_codes": "icd10:C79.5 is given twice; a page has each code once."}


@pytest.mark.parametrize("words", ["94222008", "C79.5"])
def test_api_search_finds_a_condition_by_its_code(client, coded, other, words):
    assert titles(client.get(CONDITIONS, {"search": words})) == ["Bone metastases"]


def test_site_search_finds_a_condition_by_its_snomed_id(client, coded, other):
    # (The site search keeps only the words of a query, so "C79.5" is "C79 5" there.)
    soup = BeautifulSoup(client.get("/search/", {"q": "94222008"}).content, "html.parser")
    assert [link.text for link in soup.select("section.results a.result__link")] == [
        "Bone metastases"
    ]


def test_code_finds_every_language_of_the_condition_or_the_one_asked_for(
    client, coded, other, translate
):
    hindi = translate(coded, "hi", title="हड्डियों में फैला कैंसर")
    marathi = translate(coded, "mr", title="हाडांमध्ये पसरलेला कर्करोग")
    everyone = {"Bone metastases", hindi.title, marathi.title}
    for url, params in ((CONDITIONS, {}), (V2_PAGES, V2_CONDITIONS)):
        assert set(titles(client.get(url, {**params, "code": "icd10:C79.5"}))) == everyone
        asked = client.get(url, {**params, "code": "snomed:94222008", "locale": "mr"})
        assert titles(asked) == [marathi.title]
