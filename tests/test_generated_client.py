"""An app generates a Python client from API v3's OpenAPI description with
openapi-python-client, offline, and uses it against a running server: anonymous reads
with a plain `Client` (typed body blocks included), writes with an
`AuthenticatedClient`. A browser app's preflight allows its conditional headers."""

import importlib
import inspect
import json
import subprocess
import sys
import typing
from urllib.request import Request, urlopen

import pytest

from django.contrib.auth.models import Group

from wagtail.models import APIToken

from condition_pages.models import ConditionPage
from tests.appointment_requests import valid_request
from tests.factories.conditions import ClinicianFactory, ConditionPageFactory

# The live server needs committed data; restore what migrations created after each test.
pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PACKAGE = "condition_pages_client"
APP_ORIGIN = "https://app.example.org"


@pytest.fixture(scope="module")
def package_folder(tmp_path_factory):
    """Where the client is generated, once for the module; emptied from sys.modules
    after it."""
    folder = tmp_path_factory.mktemp("generated")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


@pytest.fixture
def generated(live_server, package_folder, transactional_db):
    """The client package, generated from the live server's description (which it
    reads from the database: so in a test, not at module set-up)."""
    if not (package_folder / PACKAGE).exists():
        generate(live_server.url, package_folder)
    return lambda module: importlib.import_module(f"{PACKAGE}.{module}")


def generate(server_url, tmp_path):
    with urlopen(f"{server_url}/api/v3/openapi.json", timeout=10) as response:
        (tmp_path / "openapi.json").write_bytes(response.read())
    # No post hooks: the generated code is used as generated, nothing else is run.
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(tmp_path / "openapi.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every operation and every response is in the client: the generator warns about
    # (and leaves out) what it cannot read.
    assert "WARNING" not in result.stdout + result.stderr, result.stdout


def clients_taken(operation):
    """The client classes a generated operation's signature accepts."""
    annotation = inspect.signature(operation.sync).parameters["client"].annotation
    return set(typing.get_args(annotation)) or {annotation}


def test_a_plain_client_reads_conditions_and_typed_blocks(live_server, generated, condition_index):
    page = ConditionPageFactory(parent=condition_index, title="Bone metastases")
    client_module = generated("client")
    conditions_list = generated("api.conditions.conditions_list")
    pages_detail = generated("api.pages.pages_detail")
    models = generated("models")

    # Anonymous reads take a plain Client: no token needed.
    for operation in (conditions_list, pages_detail):
        assert clients_taken(operation) == {client_module.Client, client_module.AuthenticatedClient}
    client = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    conditions = conditions_list.sync(client=client)
    assert [item.title for item in conditions.items] == ["Bone metastases"]

    article = pages_detail.sync(page.pk, client=client)
    assert isinstance(article, models.ConditionPageSchema)
    symptoms = next(
        block for block in article.body if isinstance(block, models.ConditionStreamSymptoms)
    )
    assert (symptoms.value.symptoms[0].name, symptoms.value.symptoms[0].detail) == (
        "Bone pain",
        "Often worse at night.",
    )
    treatment = next(
        block for block in article.body if isinstance(block, models.ConditionStreamTreatment)
    )
    assert treatment.value.options[0].category.value == "radiotherapy"

    # A draft needs a token: anonymously, a 401, not the live page.
    draft = pages_detail.sync_detailed(
        page.pk, client=client_module.Client(base_url=live_server.url), version="draft"
    )
    assert draft.status_code == 401
    assert "token" in json.loads(draft.content)["detail"]


def test_an_authenticated_client_writes_and_submits_an_article(
    live_server, generated, condition_index, django_user_model
):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    token = APIToken.create_token(user=editor, name="Generated client")[1]
    client_module = generated("client")
    pages_create = generated("api.pages.pages_create")
    pages_submit = generated("api.pages.pages_actions_submit")
    pages_detail = generated("api.pages.pages_detail")
    pages_replace = generated("api.pages.pages_replace")
    models = generated("models")

    # Writes need an AuthenticatedClient.
    assert clients_taken(pages_create) == {client_module.AuthenticatedClient}
    client = client_module.AuthenticatedClient(base_url=live_server.url, token=token)

    article = models.ConditionPageCreateSchema.from_dict(
        {
            "meta": {"type": "condition_pages.ConditionPage", "parent_id": condition_index.pk},
            "title": "Osteosarcoma",
            "summary": "A cancer that starts in a bone.",
            "also_known_as": ["Osteogenic sarcoma"],
            "body": [
                {
                    "type": "symptoms",
                    "value": {
                        "heading": "Symptoms",
                        "intro": "<p>The most common symptom is pain.</p>",
                        "symptoms": [{"name": "Bone pain", "detail": ""}],
                        "urgent_signs": [],
                        "anchor": "",
                    },
                }
            ],
        }
    )
    response = pages_create.sync_detailed(client=client, body=article)
    assert response.status_code == 201, response.content
    created = response.parsed
    assert isinstance(created, models.ConditionPageSchema)
    assert created.also_known_as == ["Osteogenic sarcoma"]
    assert not ConditionPage.objects.get(pk=created.id).live

    # The article as read, edited, and sent back whole.
    document = pages_detail.sync(created.id, client=client, version="draft").to_dict()
    document["summary"] = "A cancer that starts in a bone, most often in young people."
    response = pages_replace.sync_detailed(
        created.id, client=client, body=models.ConditionPageReplaceSchema.from_dict(document)
    )
    assert response.status_code == 200, response.content
    assert response.parsed.summary.endswith("most often in young people.")

    response = pages_submit.sync_detailed(created.id, client=client)
    assert response.status_code == 200, response.content
    assert ConditionPage.objects.get(pk=created.id).workflow_in_progress

    anonymous = client_module.Client(base_url=live_server.url)
    assert pages_create.sync_detailed(client=anonymous, body=article).status_code == 401


def test_a_browser_preflight_allows_conditional_requests(live_server, settings, db):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    request = Request(
        f"{live_server.url}/api/v3/conditions/",
        method="OPTIONS",
        headers={
            "Origin": APP_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match, if-modified-since, authorization",
        },
    )
    with urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
        allowed = {
            header.strip() for header in response.headers["Access-Control-Allow-Headers"].split(",")
        }
    assert {"if-none-match", "if-modified-since", "authorization"} <= allowed


def test_a_generated_client_patches_only_what_it_sends_and_reads_errors_typed(
    live_server, generated, condition_index, django_user_model, settings
):
    """A title-only PATCH leaves every other field as it was (no schema default is
    sent); a refused write and a rate-limited request decode into Problem, with
    typed errors; a clinical reviewer approves by API."""
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = django_user_model.objects.create_user("reviewer", "reviewer@example.org", "x")
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    ClinicianFactory(name="Dr Meera Iyer", user=reviewer)
    client_module = generated("client")
    models = generated("models")
    pages_update = generated("api.pages.pages_update")
    pages_submit = generated("api.pages.pages_actions_submit")
    pages_approve = generated("api.pages.pages_actions_approve")
    appointments_create = generated("api.appointments.appointments_create")

    def client_of(user, name="Generated client"):
        token = APIToken.create_token(user=user, name=name)[1]
        return client_module.AuthenticatedClient(base_url=live_server.url, token=token)

    page = ConditionPageFactory(parent=condition_index, title="Osteosarcoma", live=False)
    page.show_in_menus = True
    page.save_revision()
    editor_client = client_of(editor)

    response = pages_update.sync_detailed(
        page.pk, client=editor_client, body=models.ConditionPagePatchSchema(title="Bone sarcoma")
    )
    assert response.status_code == 200, response.content
    draft = ConditionPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (draft.title, draft.show_in_menus, draft.summary) == (
        "Bone sarcoma",
        True,
        page.summary,
    )

    refused = pages_update.sync_detailed(
        page.pk, client=editor_client, body=models.ConditionPagePatchSchema(summary="")
    )
    assert refused.status_code == 422
    assert isinstance(refused.parsed, models.Problem)
    assert [(error.path, type(error)) for error in refused.parsed.errors] == [
        ("summary", models.ProblemError)
    ]

    assert pages_submit.sync_detailed(page.pk, client=editor_client).status_code == 200
    approved = pages_approve.sync_detailed(
        page.pk,
        client=client_of(reviewer),
        body=models.ApproveInput(comment="Accurate and clear."),
    )
    assert approved.status_code == 200, approved.content
    assert isinstance(approved.parsed, models.ConditionPageSchema)
    assert ConditionPage.objects.get(pk=page.pk).live

    settings.APPOINTMENTS_RATE_LIMIT = "1/10m"
    app = django_user_model.objects.create_user("app", "app@example.org", "x")
    app.groups.add(Group.objects.get(name="Appointment apps"))
    app_client = client_of(app, "Patient app")
    request = models.AppointmentRequestInput.from_dict(valid_request())
    assert appointments_create.sync_detailed(client=app_client, body=request).status_code == 201
    limited = appointments_create.sync_detailed(client=app_client, body=request)
    assert limited.status_code == 429
    assert isinstance(limited.parsed, models.Problem)
    assert int(limited.headers["Retry-After"]) > 0
