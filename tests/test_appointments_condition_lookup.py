"""The appointment form's condition, named by what the patient types: found by its
name, or offered as suggestions to choose from, with JavaScript (the JSON the field's
search-as-you-type reads) and without it (the form sent back); never a draft or a
private page; and a form that stays small whatever the size of the catalogue."""

import re

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from appointments.models import AppointmentRequest
from tests.appointment_requests import URL, parse, valid_form
from tests.factories.conditions import stream

SUGGESTIONS = "/appointments/conditions/"


@pytest.fixture
def conditions(condition_page, make_condition):
    condition_page.also_known_as = "Bone mets\nSecondary bone cancer"
    condition_page.save_revision().publish()
    marrow = make_condition(title="Bone marrow failure", body=stream("section"))
    make_condition(title="Bone draft condition", live=False, body=stream("section"))
    private = make_condition(title="Bone private condition", body=stream("section"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {"metastases": condition_page, "marrow": marrow}


def suggested(client, query):
    response = client.get(SUGGESTIONS, {"q": query})
    assert response.status_code == 200
    return [(item["name"], item["title"]) for item in response.json()["suggestions"]]


@pytest.mark.parametrize(
    "typed", ["Bone metastases", "  bone   METASTASES ", "bone mets", "Secondary bone cancer"]
)
def test_a_condition_typed_in_full_is_the_one_stored(client, conditions, typed):
    response = client.post(URL, valid_form(condition=typed))

    assert response.status_code == 302
    assert AppointmentRequest.objects.get().condition.specific == conditions["metastases"]


def test_a_partial_name_comes_back_with_the_matches_to_choose(client, conditions):
    response = client.post(URL, valid_form(condition="bone", name=""))

    soup = parse(response)
    assert soup.select_one("#id_condition")["value"] == "bone"  # as typed
    assert soup.select_one("#id_condition_error").text.strip().startswith("Error: Choose")
    choices = {
        label.text.split(" (")[0]: soup.select_one(f"#{label['for']}")["value"]
        for label in soup.select(".condition-choices label")
    }
    assert choices == {
        "Bone marrow failure": str(conditions["marrow"].pk),
        "Bone metastases": str(conditions["metastases"].pk),
        "Bone mets": str(conditions["metastases"].pk),
        "Secondary bone cancer": str(conditions["metastases"].pk),
    }
    # Offline too, as the browser's own suggestion list.
    assert {option["value"] for option in soup.select("datalist#condition-suggestions option")} == (
        set(choices)
    )

    # The patient picks one and fixes the other mistake.
    chosen = choices["Bone marrow failure"]
    response = client.post(URL, valid_form(condition="bone", condition_choice=chosen))
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().condition.specific == conditions["marrow"]


def test_a_chosen_suggestion_is_kept_when_another_field_is_wrong(client, conditions):
    chosen = str(conditions["marrow"].pk)
    response = client.post(URL, valid_form(condition="bone", condition_choice=chosen, name=""))

    soup = parse(response)
    assert soup.select_one("#id_name_error")
    assert not soup.select_one("#id_condition_error")
    assert soup.select_one("#id_condition")["value"] == "Bone marrow failure"


def test_a_name_that_matches_nothing_is_kept_and_explained(client, conditions):
    response = client.post(URL, valid_form(condition="Xyzzy syndrome"))

    soup = parse(response)
    assert soup.select_one("#id_condition")["value"] == "Xyzzy syndrome"
    assert "could not find “Xyzzy syndrome”" in soup.select_one("#id_condition_error").text
    assert not soup.select(".condition-choices input")
    assert AppointmentRequest.objects.count() == 0


def test_search_as_you_type_suggests_titles_and_other_names(client, conditions):
    assert suggested(client, "bone me") == [
        ("Bone metastases", "Bone metastases"),
        ("Bone mets", "Bone metastases"),
    ]
    assert ("Secondary bone cancer", "Bone metastases") in suggested(client, "secondary")
    # Too short to help, or nonsense: nothing, never an error.
    for query in ["b", "", "\x00", "zzzz", "x" * 5000, "' OR 1=1 --"]:
        assert suggested(client, query) == []


def test_drafts_and_private_conditions_are_never_suggested_nor_accepted(client, conditions):
    names = {name for name, _ in suggested(client, "bone")}
    assert names == {"Bone metastases", "Bone mets", "Secondary bone cancer", "Bone marrow failure"}

    for typed in ["Bone draft condition", "Bone private condition"]:
        response = client.post(URL, valid_form(condition=typed))
        assert parse(response).select_one("#id_condition_error")
    assert AppointmentRequest.objects.count() == 0


def test_the_form_stays_small_and_the_same_for_everyone_whatever_the_catalogue(
    client, make_condition, condition_page
):
    titles = [f"Listed condition {number}" for number in range(30)]
    for title in titles:
        make_condition(title=title, body=stream("section"))

    first = client.get(f"{URL}?condition=bone-metastases")
    client.cookies.clear()
    second = client.get(f"{URL}?condition=bone-metastases")

    html = first.content.decode()
    assert len(first.content) < 30 * 1024
    assert not any(title in html for title in titles)
    assert parse(first).select_one("#id_condition")["value"] == "Bone metastases"
    # Apart from its CSRF token, every visitor gets the same page: nothing in it
    # depends on who asks.
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", html) == token.sub("", second.content.decode())


def test_each_visitor_gets_a_token_of_their_own_in_the_kept_page(condition_page):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    first_page = first.get(URL).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second_page = second.get(URL).content.decode()  # rendered once, kept
    assert len(queries) <= 2  # the content version, the condition link

    tokens = [token.search(page).group(1) for page in (first_page, second_page)]
    assert tokens[0] != tokens[1]
    response = second.post(URL, valid_form(csrfmiddlewaretoken=tokens[1]))
    assert response.status_code == 302
    assert AppointmentRequest.objects.count() == 1
