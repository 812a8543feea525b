"""Apps filter, search, order and page through conditions on API v2."""

import datetime

import pytest

from tests.factories.conditions import SpecialtyFactory

CONDITIONS = "/api/v2/pages/?type=condition_pages.ConditionPage"


def titles(client, query=""):
    response = client.get(f"{CONDITIONS}&{query}")
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def catalogue(make_condition):
    bone = SpecialtyFactory(name="Orthopaedic oncology", slug="orthopaedic-oncology")
    blood = SpecialtyFactory(name="Haematology", slug="haematology")
    pages = {
        "Bone metastases": (bone, datetime.date(2027, 1, 10)),
        "Osteosarcoma": (bone, datetime.date(2027, 6, 1)),
        "Leukaemia": (blood, datetime.date(2026, 12, 1)),
    }
    for title, (specialty, due) in pages.items():
        page = make_condition(title=title, next_review_due=due)
        page.specialties.add(specialty)
        page.save_revision().publish()
    make_condition(title="Draft myeloma", live=False)


def test_filter_by_specialty(client, catalogue):
    assert titles(client, "specialty=orthopaedic-oncology&order=title") == [
        "Bone metastases",
        "Osteosarcoma",
    ]
    assert titles(client, "specialty=haematology") == ["Leukaemia"]
    assert titles(client, "specialty=no-such-specialty") == []


def test_filter_by_review_due_window(client, catalogue):
    window = "next_review_due_after=2027-01-01&next_review_due_before=2027-03-31"
    assert titles(client, window) == ["Bone metastases"]
    assert titles(client, "next_review_due_before=2026-12-31") == ["Leukaemia"]


def test_search_combines_with_filters_and_never_finds_drafts(client, catalogue):
    assert titles(client, "search=osteosarcoma&specialty=orthopaedic-oncology") == ["Osteosarcoma"]
    assert titles(client, "search=osteosarcoma&specialty=haematology") == []
    assert titles(client, "search=myeloma") == []


def test_order_and_stable_pagination_with_total_count(client, catalogue):
    first = client.get(f"{CONDITIONS}&order=-next_review_due&limit=2").json()
    second = client.get(f"{CONDITIONS}&order=-next_review_due&limit=2&offset=2").json()
    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 3
    assert [item["title"] for item in first["items"] + second["items"]] == [
        "Osteosarcoma",
        "Bone metastases",
        "Leukaemia",
    ]


def test_field_selection(client, catalogue):
    item = client.get(f"{CONDITIONS}&fields=summary,next_review_due").json()["items"][0]
    assert set(item) == {"id", "meta", "title", "summary", "next_review_due"}


@pytest.mark.parametrize(
    "query, reason",
    [
        ("specialty=x&type=wagtailcore.Page", "can only be used with type="),
        ("next_review_due_after=tomorrow", "must be a date as YYYY-MM-DD"),
        ("next_review_due=31/12/2026", "is not a valid value for next_review_due"),
        ("last_reviewed=2026-02-30", "is not a valid value for last_reviewed"),
        ("related_conditions=1", "cannot filter by 'related_conditions'"),
        ("body=x", "cannot filter by 'body'"),
        ("order=no_such_field", "cannot order by"),
        ("limit=-1", "limit"),
        ("limit=100000", "limit cannot be higher than"),
        ("fields=no_such_field", "unknown fields"),
        ("colour=blue", "query parameter is not an operation or a recognised field"),
    ],
)
def test_bad_parameters_get_a_400_with_a_reason(client, catalogue, query, reason):
    url = f"/api/v2/pages/?{query}" if "type=" in query else f"{CONDITIONS}&{query}"
    response = client.get(url)
    assert response.status_code == 400
    assert reason in response.json()["message"]
