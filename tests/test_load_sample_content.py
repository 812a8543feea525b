"""The sample article imports as a fully structured page, and importing is idempotent."""

import io
import json
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision, Site

from condition_pages.models import ConditionPage, Specialty


def load(*args):
    call_command("load_sample_content", *args, stdout=io.StringIO())


def blocks_of(page, block_type):
    return [child.value for child in page.body if child.block_type == block_type]


@pytest.fixture
def imported(db):
    load()
    return ConditionPage.objects.get(slug="bone-metastases")


def test_import_builds_the_site_tree(imported, client):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert imported.get_parent().specific_class.__name__ == "ConditionIndexPage"
    assert imported.live and imported.url_path.endswith("/conditions/bone-metastases/")
    assert client.get("/conditions/bone-metastases/").status_code == 200


def test_every_section_lands_in_its_own_block(imported):
    assert [child.block_type for child in imported.body] == [
        "section",
        "call_to_action",
        "symptoms",
        "diagnosis",
        "treatment",
        "prognosis",
        "call_to_action",
    ]
    [symptoms] = blocks_of(imported, "symptoms")
    assert [item["name"] for item in symptoms["symptoms"]] == [
        "Pain",
        "Numbness, tingling and weakness",
        "Fatigue",
        "Anemia",
        "Fractures",
        "Hypercalcemia",
        "Spinal cord compression",
        "Kidney damage",  # run together with the previous item in the source text
    ]
    [diagnosis] = blocks_of(imported, "diagnosis")
    assert [test["name"] for test in diagnosis["tests"]] == [
        "Blood tests",
        "X-ray",
        "CT scan",
        "PET scan",
        "Biopsy",
    ]
    [treatment] = blocks_of(imported, "treatment")
    assert [(option["name"], option["category"]) for option in treatment["options"]] == [
        ("Surgery", "surgery"),
        ("Radiation therapy", "radiotherapy"),
        ("Chemotherapy", "chemotherapy"),
        ("Targeted therapy", "targeted"),
        ("Immunotherapy", "immunotherapy"),
        ("Bone-modifying agents", "bone-modifying"),
        ("Pain medication", "pain-relief"),
        ("Other treatments", "supportive"),
    ]
    [prognosis] = blocks_of(imported, "prognosis")
    assert "live long and productive lives" in prognosis["body"].source


def test_advertising_lines_become_calls_to_action(imported):
    ctas = blocks_of(imported, "call_to_action")
    assert ctas[0]["headline"] == "Expert cancer care is one call away"
    assert ctas[0]["text"] == "Appointments in as little as 24 hours."
    assert all(cta["button_label"] == "Get an appointment" for cta in ctas)
    text = " ".join(
        child.render_as_block() for child in imported.body if child.block_type != "call_to_action"
    )
    assert "Expert Cancer Care" not in text and "Happy Patients" not in text


def test_importing_twice_changes_nothing(imported):
    counts = (Page.objects.count(), Revision.objects.count(), Specialty.objects.count())
    latest = imported.latest_revision_id

    load()

    assert (Page.objects.count(), Revision.objects.count(), Specialty.objects.count()) == counts
    assert ConditionPage.objects.get(pk=imported.pk).latest_revision_id == latest


def test_editors_changes_are_kept_unless_update_is_asked_for(imported):
    imported.title = "Bone metastases (edited)"
    imported.save_revision().publish()

    load()
    assert ConditionPage.objects.get(pk=imported.pk).title == "Bone metastases (edited)"

    load("--update")
    assert ConditionPage.objects.get(pk=imported.pk).title == "Bone metastases"


def test_import_of_a_broken_file_fails_clearly(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        load(str(broken))


def test_bundled_article_keeps_every_bullet_of_the_source_text():
    """The structured copy is faithful to the hospital's text (kept in the importer's
    corpus, tests/import_corpus/, exactly as the hospital gave it)."""
    from demo.management.commands.load_sample_content import SAMPLE_CONTENT_DIR

    source = Path(__file__).resolve().parent / "import_corpus" / "bone-metastases.txt"
    bullets = [line.strip(" •") for line in source.read_text().splitlines() if "•" in line]
    # One source bullet runs two symptoms together: "... paralysis) Kidney damage".
    terms = [
        part.split("(")[0].strip()
        for bullet in bullets
        for part in bullet.split(":")[0].split(") ")
    ]
    article = json.loads((SAMPLE_CONTENT_DIR / "bone-metastases.json").read_text())
    names = {
        item["name"]
        for block in article["body"]
        for key in ("symptoms", "tests")
        for item in block["value"].get(key, [])
    }
    assert len(terms) == 11
    assert set(terms) <= names


def test_sample_article_goes_live_through_the_medical_review(imported, client):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from wagtail.models import WorkflowState

    reviewer = get_user_model().objects.get(username="demo-reviewer")
    assert reviewer.groups.filter(name="Clinical reviewers").exists()
    assert not reviewer.has_usable_password()  # a record, not a login, outside the demo
    [state] = WorkflowState.objects.filter(object_id=str(imported.pk))
    assert state.workflow.name == "Medical review"
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.current_task_state.finished_by == reviewer

    assert imported.reviewed_by == reviewer.clinician
    assert "demo" in imported.reviewed_by.name.lower()
    assert imported.last_reviewed == timezone.localdate()
    assert imported.next_review_due > imported.last_reviewed
    html = client.get("/conditions/bone-metastases/").text
    assert "Page last reviewed" in html and "Demo Reviewer (demo account)" in html


def test_a_named_reviewer_must_be_a_clinician(db, django_user_model):
    django_user_model.objects.create_user("someone")
    with pytest.raises(CommandError, match="clinician profile"):
        load("--reviewer", "someone")


@pytest.mark.parametrize(
    "username, group",
    [
        ("demo-editor", "Editors"),
        ("demo-reviewer", "Clinical reviewers"),
        ("demo-coordinator", "Appointment coordinators"),
    ],
)
def test_demo_admin_command_prints_a_login_for_each_role(
    imported, settings, client, username, group
):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_admin", stdout=out)
    lines = out.getvalue().splitlines()
    at = next(number for number, line in enumerate(lines) if f"'{username}'" in line)
    password = lines[at].rsplit("'", 2)[-2]
    login = {"username": username, "password": password}
    response = client.post("/admin/login/", login)
    assert response.status_code == 302
    # Then the second factor (staff_accounts): one of the recovery codes printed with it.
    recovery_code = lines[at + 1].rsplit(": ", 1)[-1].split(", ")[0]
    assert client.post("/admin/two-factor/verify/", {"code": recovery_code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username=username).groups.filter(name=group).exists()


def test_the_sample_article_was_submitted_by_the_editor_and_has_an_owner(imported):
    from wagtail.models import WorkflowState

    [state] = WorkflowState.objects.filter(object_id=str(imported.pk))
    assert state.requested_by.username == "demo-editor"
    assert imported.content_owner_email == "patient-information@hospital.example"
