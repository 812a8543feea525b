"""The Medical review as an editor and a clinical reviewer use it, in Chromium: a
change to a reusable call to action stays invisible to patients until a reviewer
approves it; the reviewer compares an edited article with its live version and
approves it; nobody approves their own change; an invalid draft (as an API write may
leave one) cannot be submitted from the page editor."""

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from condition_pages.models import ConditionPage
from tests.browser.page_editor import wait_for_the_body_editor
from tests.factories.conditions import CallToActionFactory, ClinicianFactory, stream
from tests.two_factor import second_factor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
SNIPPETS = "/admin/snippets/condition_pages/calltoaction"


@pytest.fixture
def people(site_url, django_user_model):
    """An editor and a clinical reviewer (with the second factor reviewers must use),
    and a live article showing a reusable call to action; made before the browser
    starts."""
    editor = django_user_model.objects.create_user("editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = django_user_model.objects.create_user("clinician", password=PASSWORD)
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    ClinicianFactory(name="Dr Meera Iyer", user=reviewer)
    snippet = CallToActionFactory(headline="Call our helpline", link_phone="+91 22 1234 5678")
    article = ConditionPage.objects.get(slug="osteosarcoma")
    article.body = stream(
        "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": snippet}
    )
    article.save_revision().publish()
    return {
        "site": site_url,
        "editor": (editor.username, PASSWORD, second_factor(editor)),
        "reviewer": (reviewer.username, PASSWORD, second_factor(reviewer)),
        "snippet": snippet,
        "article": article,
    }


def open_actions_and_click(page, name):
    """Wagtail's footer action menu: open its "More actions" list, then click `name`."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=name).click()


def review_row(page, title):
    """The dashboard's row for `title` in "Awaiting your review"."""
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Awaiting your review")
    ).last
    return panel.locator("tbody tr", has_text=title)


def test_a_call_to_action_change_is_invisible_until_a_reviewer_approves_it(
    people, new_page, sign_in
):
    site, snippet = people["site"], people["snippet"]
    editor = new_page("desktop")
    sign_in(editor, *people["editor"])
    editor.goto(f"{site}{SNIPPETS}/edit/{snippet.pk}/")
    editor.fill("#id_headline", "Call 1800 000 000 today")
    open_actions_and_click(editor, "Submit to Medical review")
    expect(editor.locator(".messages")).to_contain_text("submitted")

    patient = new_page("phone")
    patient.goto(f"{site}/conditions/osteosarcoma/")
    expect(patient.locator("aside.cta")).to_contain_text("Call our helpline")
    expect(patient.locator("body")).not_to_contain_text("Call 1800 000 000 today")

    reviewer = new_page("desktop")
    sign_in(reviewer, *people["reviewer"])
    row = review_row(reviewer, "Call 1800 000 000 today")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve and publish", exact=True).click()
    expect(review_row(reviewer, "Call 1800 000 000 today")).to_have_count(0)

    patient.reload()
    expect(patient.locator("aside.cta")).to_contain_text("Call 1800 000 000 today")


def test_the_reviewer_compares_an_edit_with_the_live_page_and_approves_it(
    people, new_page, sign_in
):
    site, article = people["site"], people["article"]
    editor = new_page("desktop")
    sign_in(editor, *people["editor"])
    editor.goto(f"{site}/admin/pages/{article.pk}/edit/")
    wait_for_the_body_editor(editor)
    editor.fill("#id_summary", "A cancer that starts in a bone, most often in teenagers.")
    editor.get_by_role("button", name="Save draft").click()  # saved first, then submitted
    expect(editor.locator(".messages")).to_contain_text("has been updated")
    open_actions_and_click(editor, "Submit to Medical review")
    expect(editor.locator(".messages")).to_contain_text("submitted")

    reviewer = new_page("desktop")
    sign_in(reviewer, *people["reviewer"])
    review_row(reviewer, "Osteosarcoma").get_by_role(
        "link", name="Compare with the live version"
    ).click()
    expect(reviewer.locator("main")).to_contain_text("most often in teenagers")
    expect(reviewer.locator("main")).not_to_contain_text("There are no differences")

    reviewer.goto(f"{site}/admin/")
    row = review_row(reviewer, "Osteosarcoma")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve and publish", exact=True).click()
    expect(review_row(reviewer, "Osteosarcoma")).to_have_count(0)

    patient = new_page("phone")
    patient.goto(f"{site}/conditions/osteosarcoma/")
    expect(patient.locator("body")).to_contain_text("most often in teenagers")
    expect(patient.locator("body")).to_contain_text("Dr Meera Iyer")


def test_a_reviewer_cannot_approve_their_own_change(people, new_page, sign_in):
    site, article = people["site"], people["article"]
    reviewer = new_page("desktop")
    sign_in(reviewer, *people["reviewer"])
    reviewer.goto(f"{site}/admin/pages/{article.pk}/edit/")
    reviewer.fill("#id_summary", "Edited and submitted by the reviewer herself.")
    open_actions_and_click(reviewer, "Submit to Medical review")
    expect(reviewer.locator(".messages")).to_contain_text("submitted")

    reviewer.goto(f"{site}/admin/")
    row = review_row(reviewer, "Osteosarcoma")
    expect(row).to_contain_text("another clinical reviewer must approve it")
    row.get_by_role("button", name="Actions").click()
    expect(row.get_by_role("button", name="Request changes")).to_be_visible()
    expect(row.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # Nor from the page editor: only "Request changes" is offered there.
    reviewer.goto(f"{site}/admin/pages/{article.pk}/edit/")
    reviewer.get_by_role("button", name="More actions").click()
    expect(reviewer.get_by_role("button", name="Request changes")).to_be_visible()
    expect(reviewer.get_by_role("button", name="Approve and publish")).to_have_count(0)


@pytest.fixture
def invalid_draft(people):
    """The article's draft with an empty summary, as an API v3 PATCH may save it."""
    draft = people["article"].get_latest_revision_as_object()
    draft.summary = ""
    draft.save_revision(clean=False)
    return people


def test_an_invalid_draft_cannot_be_submitted_from_the_page_editor(
    invalid_draft, new_page, sign_in
):
    site, article = invalid_draft["site"], invalid_draft["article"]
    editor = new_page("desktop")
    sign_in(editor, *invalid_draft["editor"])
    editor.goto(f"{site}/admin/pages/{article.pk}/edit/")
    open_actions_and_click(editor, "Submit to Medical review")
    expect(editor.locator(".messages")).to_contain_text("could not be")
    expect(editor.get_by_role("region", name="Summary*")).to_contain_text("This field is required")

    reviewer = new_page("desktop")
    sign_in(reviewer, *invalid_draft["reviewer"])
    expect(review_row(reviewer, "Osteosarcoma")).to_have_count(0)
