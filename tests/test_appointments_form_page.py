"""The appointment request page as a patient finds it: its fields, its caching, and the
condition it comes with from an article."""

import pytest

from wagtail.models import PageViewRestriction

from appointments.models import AppointmentRequest
from tests.appointment_requests import URL, parse, valid_form
from tests.factories.conditions import stream


def test_form_labels_every_field_and_asks_browsers_to_autofill_it(db, html):
    soup = html(URL)
    form = soup.select_one("main form.appointment-form")

    assert soup.h1.text == "Book an appointment"
    assert form["method"] == "post" and form["action"] == URL
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    for name, autocomplete in [("name", "name"), ("phone", "tel"), ("email", "email")]:
        control = form.select_one(f"[name={name}]")
        assert control["autocomplete"] == autocomplete
        assert form.select_one(f"label[for={control['id']}]").text.strip()
    assert form.select_one("[name=phone]")["type"] == "tel"
    assert form.select_one("[name=email]")["type"] == "email"
    for name in ["condition", "message", "consent"]:
        control = form.select_one(f"[name={name}]")
        assert form.select_one(f"label[for={control['id']}]").text.strip()
    consent_label = form.select_one("label[for=id_consent]").text
    assert "I agree the hospital may contact me about this request" in consent_label
    # Required and optional fields say which they are.
    assert "(required)" in form.select_one("label[for=id_name]").text
    assert "(required)" in consent_label
    assert "(optional)" in form.select_one("label[for=id_message]").text
    assert "(required)" in form.select_one("fieldset legend").text
    assert form.select_one("[name=name]").has_attr("required")
    assert form.select_one("[name=consent]").has_attr("required")
    # Hints are tied to their controls.
    assert form.select_one("[name=phone]")["aria-describedby"] == "id_phone_helptext"
    assert form.select_one("#id_phone_helptext")


def test_honeypot_is_hidden_from_people_and_autofill(db, html):
    trap = html(URL).select_one("input[name=website]")
    container = trap.find_parent("div")

    assert container["aria-hidden"] == "true"
    assert "form-trap" in container["class"]
    assert trap["tabindex"] == "-1"
    assert trap["autocomplete"] == "off"


def test_form_page_is_never_cached(client, db):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]


def test_only_get_and_post_are_allowed(client, db):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def selected_condition(soup):
    return soup.select_one("#id_condition").get("value") or None


def test_condition_is_chosen_from_a_link_by_id_or_slug(html, condition_page):
    assert selected_condition(html(f"{URL}?condition={condition_page.pk}")) == "Bone metastases"
    assert selected_condition(html(f"{URL}?condition=bone-metastases")) == "Bone metastases"
    assert selected_condition(html(URL)) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "draft",
        "private",
        "home",
        "0",
        "99999999999999999999",
        "-1",
        "1 OR 1=1",
        "%00",
        "x" * 5000,
    ],
)
def test_condition_link_ignores_drafts_private_pages_and_garbage(
    client, condition_page, make_condition, value
):
    draft = make_condition(title="Draft condition", slug="draft", live=False)
    private = make_condition(title="Private condition", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    if value in ("draft", "private"):
        # By id as well as by slug.
        page = draft if value == "draft" else private
        assert selected_condition(parse(client.get(f"{URL}?condition={page.pk}"))) is None

    response = client.get(URL, {"condition": value.replace("%00", "\x00")})

    assert response.status_code == 200
    soup = parse(response)
    assert selected_condition(soup) is None


def test_a_draft_condition_cannot_be_posted(client, make_condition, condition_page):
    draft = make_condition(title="Draft condition", live=False)

    response = client.post(URL, valid_form(condition=draft.pk))

    assert response.status_code == 200
    assert parse(response).select_one("#id_condition_error")
    assert AppointmentRequest.objects.count() == 0


def test_condition_page_call_to_action_carries_the_condition(html, make_condition):
    cta = stream(
        "call_to_action",
        **{"0__call_to_action__link__url": "/appointments/", "0__call_to_action__link__phone": ""},
    )
    make_condition(title="Bone metastases", slug="bone-metastases", body=cta)

    button = html("/conditions/bone-metastases/").select_one("aside.cta a.button")
    assert button["href"] == "/appointments/?condition=bone-metastases"
