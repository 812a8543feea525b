"""Reviews fall due on time: a report and a dashboard panel of overdue and due-soon
pages, daily reminder emails to content owners, and one click to start a review."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from condition_pages.models import ConditionPage
from tests.admin_pages import action_url, signed_in

REPORT = "/admin/reports/medical-reviews-due/"
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def schedule(make_condition, django_user_model):
    """Pages at every point of the review calendar; returns them by title."""
    owner = django_user_model.objects.create_user("owner", email="owner@example.org")
    pages = {
        "Overdue": make_condition(
            title="Overdue",
            next_review_due=days(-1),
            content_owner="Bone team",
            content_owner_email="bones@example.org",
        ),
        "Never reviewed": make_condition(title="Never reviewed", owner=owner),
        "Due today": make_condition(
            title="Due today", next_review_due=TODAY, content_owner_email="bones@example.org"
        ),
        "Due in 30 days": make_condition(
            title="Due in 30 days",
            next_review_due=days(30),
            content_owner_email="blood@example.org",
        ),
        "Due in 31 days": make_condition(
            title="Due in 31 days",
            next_review_due=days(31),
            content_owner_email="blood@example.org",
        ),
        "Next year": make_condition(
            title="Next year", next_review_due=days(365), content_owner_email="bones@example.org"
        ),
        "Overdue draft": make_condition(
            title="Overdue draft",
            next_review_due=days(-9),
            live=False,
            content_owner_email="bones@example.org",
        ),
    }
    return pages


DUE = ["Never reviewed", "Overdue", "Due today", "Due in 30 days"]  # most pressing first


@pytest.fixture
def staff_client(django_user_model):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Appointment coordinators"))
    return signed_in(user)


def report_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.find("td").get_text(strip=True) for row in soup.select("tr[data-review-row]")]


def test_report_lists_exactly_the_overdue_and_due_soon_live_pages(schedule, editor_client):
    response = editor_client.get(REPORT)
    assert response.status_code == 200
    assert report_titles(response) == DUE
    assert "Bone team" in response.text and "bones@example.org" in response.text


def test_clinical_reviewers_see_the_report(schedule, reviewer_client):
    assert report_titles(reviewer_client.get(REPORT)) == DUE


def test_report_exports_csv_and_xlsx(schedule, editor_client):
    response = editor_client.get(REPORT + "?export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Title"] for row in rows] == DUE
    overdue = rows[1]
    assert overdue["Review"] == "Overdue"
    assert overdue["Next review due"] == days(-1).isoformat()
    assert overdue["Content owner"] == "Bone team"
    assert overdue["Web address"] == "http://testserver/conditions/overdue/"

    response = editor_client.get(REPORT + "?export=xlsx")
    assert response.status_code == 200
    workbook = io.BytesIO(b"".join(response.streaming_content))
    sheet = openpyxl.load_workbook(workbook).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == DUE


def test_staff_and_anonymous_cannot_see_the_report(schedule, staff_client):
    response = staff_client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "Overdue" not in response.text
    response = Client().get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_panel_lists_reviews_due_for_editors_only(schedule, editor_client, staff_client):
    soup = BeautifulSoup(editor_client.get("/admin/").content, "html.parser")
    panel = soup.find(id="medical-reviews-due-section")
    assert panel is not None
    titles = [row.find("td").get_text(strip=True) for row in panel.select("tbody tr")]
    assert titles == DUE
    assert panel.find("a", href=REPORT)

    assert "medical-reviews-due" not in staff_client.get("/admin/").text


def test_reminders_email_each_content_owner_their_pages(schedule):
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)

    assert "Sent 3 review reminder emails." in out.getvalue()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"bones@example.org", "blood@example.org", "owner@example.org"}

    def listed(message):
        return re.findall(r"^- (.+?):", message.body, re.MULTILINE)

    assert listed(by_address["bones@example.org"]) == ["Overdue", "Due today"]
    assert listed(by_address["blood@example.org"]) == ["Due in 30 days"]
    assert listed(by_address["owner@example.org"]) == ["Never reviewed"]
    bones = by_address["bones@example.org"]
    assert bones.subject == "Medical review due: 2 condition pages"
    edit_link = f"http://testserver/admin/pages/{schedule['Overdue'].pk}/edit/"
    assert edit_link in bones.body
    assert "http://testserver" + REPORT in bones.body


def test_no_reminders_when_nothing_is_due(make_condition):
    make_condition(title="Fine", next_review_due=days(200), content_owner_email="a@example.org")
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert mail.outbox == []
    assert "Sent 0 review reminder emails." in out.getvalue()


def csrf_token_of_row(response, page):
    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.find("tr", attrs={"data-review-row": str(page.pk)})
    return row.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def test_one_click_starts_the_medical_review(schedule, django_user_model, reviewer_client):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = schedule["Overdue"]
    url = f"/admin/condition-pages/{page.pk}/start-review/"

    assert client.post(url).status_code == 403  # no CSRF token
    assert not ConditionPage.objects.get(pk=page.pk).workflow_in_progress

    token = csrf_token_of_row(client.get(REPORT), page)
    response = client.post(url, {"csrfmiddlewaretoken": token, "next": REPORT})
    assert response.status_code == 302 and response["Location"] == REPORT
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.workflow.name == "Medical review"
    assert "In review" in client.get(REPORT).text

    # The reviewer's approval renews the record and takes the page off the report.
    reviewer_client.post(action_url(page, "approve"))
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.last_reviewed == TODAY and page.next_review_due > days(300)
    assert "Overdue" not in report_titles(client.get(REPORT))


def test_only_editors_may_start_a_review(schedule, staff_client):
    page = schedule["Overdue"]
    url = f"/admin/condition-pages/{page.pk}/start-review/"
    assert staff_client.post(url).status_code in (302, 403)
    response = Client().post(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ConditionPage.objects.get(pk=page.pk).workflow_in_progress


def test_starting_a_review_needs_a_post(schedule, editor_client):
    page = schedule["Overdue"]
    assert editor_client.get(f"/admin/condition-pages/{page.pk}/start-review/").status_code == 405


def test_a_page_nobody_owns_is_reminded_to_the_fallback_and_flagged(
    make_condition, settings, editor_client
):
    settings.REVIEW_REMINDER_FALLBACK_EMAIL = "patient-information@hospital.example"
    make_condition(title="Orphan", next_review_due=days(-3))
    out, err = io.StringIO(), io.StringIO()
    call_command("send_review_reminders", stdout=out, stderr=err)
    [message] = mail.outbox
    assert message.to == ["patient-information@hospital.example"]
    assert "nobody owns Orphan" in message.body
    assert "Orphan" in err.getvalue()

    soup = BeautifulSoup(editor_client.get(REPORT).content, "html.parser")
    [row] = soup.select("tr[data-review-row]")
    assert "Nobody to remind" in row.get_text()
    assert "patient-information@hospital.example" in row.get_text()


def test_changing_only_the_owner_needs_no_clinical_review(schedule, editor_client):
    page = schedule["Overdue"]
    page.save_revision().publish()
    revisions = page.revisions.count()
    url = f"/admin/condition-pages/{page.pk}/owner/"
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(
        url, {"content_owner": "Sarcoma team", "content_owner_email": "sarcoma@example.org"}
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live and page.current_workflow_state is None
    assert page.revisions.count() == revisions  # nothing new to approve
    assert page.content_owner_email == "sarcoma@example.org"
    assert page.get_latest_revision_as_object().content_owner_email == "sarcoma@example.org"
    call_command("send_review_reminders", stdout=io.StringIO())
    assert any(m.to == ["sarcoma@example.org"] for m in mail.outbox)


def test_changing_the_owner_refuses_a_bad_address_and_keeps_what_was_typed(schedule, editor_client):
    page = schedule["Overdue"]
    response = editor_client.post(
        f"/admin/condition-pages/{page.pk}/owner/",
        {"content_owner": "Sarcoma team", "content_owner_email": "not an address"},
    )
    assert response.status_code == 200
    assert "not an address" in response.content.decode()
    assert ConditionPage.objects.get(pk=page.pk).content_owner_email == "bones@example.org"


def test_reminders_reach_each_member_of_a_content_owner_group(
    make_condition, django_user_model, settings
):
    settings.REVIEW_REMINDER_FALLBACK_EMAIL = "patient-information@hospital.example"
    team = Group.objects.create(name="Sarcoma team")
    for username, email, active in [
        ("asha", "asha@hospital.example", True),
        ("ravi", "Ravi@hospital.example", True),
        ("left", "left@hospital.example", False),  # no longer works here
        ("noemail", "", True),
    ]:
        member = django_user_model.objects.create_user(username, email, "x", is_active=active)
        member.groups.add(team)
    make_condition(
        title="Osteosarcoma",
        next_review_due=days(-3),
        content_owner_email="sarcoma@hospital.example",
        content_owner_group=team,
    )
    make_condition(title="Ewing sarcoma", next_review_due=days(10), content_owner_group=team)

    out = io.StringIO()
    call_command("send_review_reminders", stdout=out, stderr=io.StringIO())

    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == {
        "asha@hospital.example",
        "ravi@hospital.example",
        "sarcoma@hospital.example",
    }
    assert all(message.to != [""] and len(message.to) == 1 for message in mail.outbox)
    assert "Osteosarcoma" in by_address["asha@hospital.example"]
    assert "Ewing sarcoma" in by_address["asha@hospital.example"]
    assert "Ewing sarcoma" not in by_address["sarcoma@hospital.example"]
    assert "nobody owns" not in by_address["ravi@hospital.example"]


def test_a_group_with_nobody_to_email_leaves_the_page_to_the_fallback(
    make_condition, settings, editor_client
):
    settings.REVIEW_REMINDER_FALLBACK_EMAIL = "patient-information@hospital.example"
    make_condition(
        title="Orphan",
        next_review_due=days(-3),
        content_owner_group=Group.objects.create(name="Empty"),
    )
    call_command("send_review_reminders", stdout=io.StringIO(), stderr=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["patient-information@hospital.example"]
    assert "Nobody to remind" in editor_client.get(REPORT).text


def test_changing_the_owner_group_needs_no_clinical_review(schedule, editor_client):
    page = schedule["Overdue"]
    page.save_revision().publish()
    team = Group.objects.create(name="Bone team")
    response = editor_client.post(
        f"/admin/condition-pages/{page.pk}/owner/",
        {"content_owner": "Bone team", "content_owner_email": "", "content_owner_group": team.pk},
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.content_owner_group == team and page.current_workflow_state is None
    assert page.get_latest_revision_as_object().content_owner_group == team
