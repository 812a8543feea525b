"""A schema-driven fuzzer over API v3: schemathesis reads `/api/v3/openapi.json` and
sends each read operation requests built from it, valid and deliberately invalid.
No answer may be a server error, and a successful answer must match the description
that app developers generate their clients from."""

import json

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection, response_schema_conformance

from django.contrib.auth.models import Group, Permission
from django.core import signals
from django.db import close_old_connections

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken, Site

from site_config.wsgi import application
from tests.factories.conditions import CallToActionFactory, SpecialtyFactory
from tests.fuzzing import fuzz_settings

# Examples per operation and mode: enough to reach every parameter's edge cases,
# few enough to keep the suite quick on both databases.
EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance, negative_data_rejection]
# Schemathesis asks for compressed answers (as requests does) but reads them as they
# come: the fuzzer reads them plain (compression: tests/test_compression.py).
PLAIN = {"Accept-Encoding": "identity"}

fuzz = fuzz_settings(EXAMPLES)


@pytest.fixture(autouse=True)
def requests_share_the_test_transaction():
    """Schemathesis calls the WSGI application itself, whose request signals would
    close the database connection, and with it the test's transaction, after each
    request; Django's test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def content(condition_page, make_condition):
    """A live article and a draft, so that ids and paths sometimes hit real pages, and
    a publish and an unpublish in the change feed, so that cursors sometimes do."""
    make_condition(title="Secret draft", live=False)
    condition_page.save_revision().publish()
    make_condition(title="Secret withdrawn").unpublish()


@pytest.fixture
def editor_headers(django_user_model, db):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    return {"Authorization": f"Bearer {APIToken.create_token(user=editor, name='Fuzz')[1]}"}


# Generating the description reads no database, so it can load as tests are collected.
# (schemathesis.pytest.from_fixture would load it per test, but breaks on pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", application)
# Snippet reads answer only tokens with the snippet's permissions (a 403 otherwise):
# the anonymous and editor read fuzzers leave them out, and a reader of snippets has
# a fuzzer of its own; their writes are fuzzed below with every permission.
SNIPPETS = "^/api/v3/snippets/"
reads = schema.include(method="GET").exclude(path_regex=SNIPPETS)
snippet_reads = schema.include(method="GET", path_regex=SNIPPETS)
# Fewer examples: the two snippet types share Wagtail's code, and CI time matters.
SNIPPET_EXAMPLES = 8


@reads.parametrize()
@fuzz
def test_anonymous_reads_never_fail(case):
    response = case.call_and_validate(headers=PLAIN, checks=CHECKS)
    assert b"Secret draft" not in response.content


@reads.parametrize()
@fuzz
def test_token_holders_reads_never_fail(case, editor_headers):
    case.call_and_validate(headers={**PLAIN, **editor_headers}, checks=CHECKS)


@pytest.fixture
def snippet_reader_headers(django_user_model, db):
    """A token of a user who may only view the snippets (no superuser's shortcuts):
    a specialty and a published call to action exist for ids to find."""
    SpecialtyFactory(name="Oncology", slug="oncology")
    CallToActionFactory()
    readers = Group.objects.create(name="Snippet readers")
    readers.permissions.set(
        Permission.objects.filter(
            content_type__app_label="condition_pages",
            codename__in=["view_specialty", "view_calltoaction"],
        )
    )
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "x")
    reader.groups.add(readers)
    return {"Authorization": f"Bearer {APIToken.create_token(user=reader, name='Fuzz')[1]}"}


@snippet_reads.parametrize()
@fuzz_settings(SNIPPET_EXAMPLES)
def test_snippet_readers_reads_never_fail(case, snippet_reader_headers):
    response = case.call_and_validate(headers={**PLAIN, **snippet_reader_headers}, checks=CHECKS)
    # Revisions (drafts) are for those who may change a snippet, not its readers.
    if "/revisions/" not in case.path:
        assert response.status_code != 403, response.content


# Values that reached the database unchecked (PostgreSQL refuses NUL in text), or that
# no parameter could mean: each is a 400 problem+json on every read operation.
HOSTILE_VALUES = ["\x00", "bone\x00mets", "x" * 2000, "\x1b[31m"]
# Path parameters filled in with real objects (`content` below makes them).
PATH_VALUES = {
    "type_name": "condition_pages.ConditionPage",
    "page_id": "{page}",
    "image_id": "{image}",
    "document_id": "{document}",
    "site_id": "{site}",
    "redirect_id": "{redirect}",
    "revision_id": "1",
    # Snippet reads, on a call to action (the only snippet type with revisions).
    "type": "condition_pages.CallToAction",
    "pk": "{call_to_action}",
}


def read_operations():
    """{path: query parameter names} of every read operation API v3 describes."""
    operations = {}
    for path, methods in schema.raw_schema["paths"].items():
        if "get" in methods:
            parameters = methods["get"].get("parameters", [])
            operations[path] = [p["name"] for p in parameters if p["in"] == "query"]
    return operations


def test_the_sync_and_snippet_endpoints_are_fuzzed():
    assert {
        "/api/v3/conditions/",
        "/api/v3/changes/",
        "/api/v3/snippets/{type}/",
        "/api/v3/snippets/{type}/{pk}/",
    } <= set(read_operations())


@pytest.fixture
def real_objects(api_objects):
    return {
        **api_objects,
        "site": Site.objects.get(is_default_site=True).pk,
        "redirect": Redirect.objects.create(old_path="/old", redirect_link="/new").pk,
        "specialty": SpecialtyFactory(name="Oncology", slug="oncology").pk,
        "call_to_action": CallToActionFactory().pk,
    }


def test_hostile_values_are_a_400_on_every_read_operation(client, editor_headers, real_objects):
    """One test for every operation (their objects made once, not once per operation),
    naming every refusal that went wrong."""
    wrong = []
    for path, parameters in read_operations().items():
        url = path
        for name, filled in PATH_VALUES.items():
            url = url.replace("{" + name + "}", filled.format(**real_objects))
        # Each of the operation's parameters (an operation without any: a made-up one).
        for parameter in parameters or ["search"]:
            for value in HOSTILE_VALUES:
                response = client.get(
                    url, {parameter: value}, HTTP_AUTHORIZATION=editor_headers["Authorization"]
                )
                if (
                    response.status_code != 400
                    or response["Content-Type"] != "application/problem+json"
                    or not response.json()["detail"]
                ):
                    wrong.append((url, parameter, value[:20], response.status_code))
    assert not wrong, wrong


# Bodies no write operation can use: not an object, or each field of its schema given
# a value of the wrong type, null, a NUL, or an id of nothing.
NOT_OBJECTS = ["[]", "1", '"s"', "null", "true", "{}"]
WRONG_VALUES = [None, 1, "\x00", [], {"id": 99999}, [{"id": 99999}], "x" * 5000]
WRITE_METHODS = ("post", "put", "patch")


def _properties(schema, raw):
    """Top-level property names of a request body schema, through $refs and unions."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _properties(raw["components"]["schemas"][name], raw)
    names = set(schema.get("properties", {}))
    for member in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        names |= _properties(member, raw)
    return names


def write_operations():
    """(method, path, field names) of every write operation API v3 describes."""
    raw = schema.raw_schema
    operations = []
    for path, methods in raw["paths"].items():
        for method in WRITE_METHODS:
            if method in methods:
                content = methods[method].get("requestBody", {}).get("content", {})
                body = next(iter(content.values()), {}).get("schema", {})
                operations.append((method, path, sorted(_properties(body, raw))))
    return operations


def hostile_bodies(fields):
    yield from NOT_OBJECTS
    for field in fields:
        for value in WRONG_VALUES:
            yield json.dumps({field: value})


# The snippet operations' writes, on a specialty (CallToAction's are the same code).
SNIPPET_PATH_VALUES = {"type": "condition_pages.Specialty", "pk": "{specialty}"}


def test_every_write_operation_is_fuzzed():
    fuzzed = {(method, path) for method, path, _fields in write_operations()}
    assert {
        ("post", "/api/v3/pages/"),
        ("patch", "/api/v3/pages/{page_id}/"),
        ("put", "/api/v3/pages/{page_id}/"),
        ("post", "/api/v3/pages/{page_id}/actions/approve/"),
        ("post", "/api/v3/appointments/"),
        ("patch", "/api/v3/images/{image_id}/"),
        ("post", "/api/v3/snippets/{type}/"),
    } <= fuzzed


def test_hostile_bodies_on_every_write_operation_are_never_a_server_error(
    client, editor_headers, real_objects
):
    sent, server_errors = 0, []
    for method, path, fields in write_operations():
        url = path
        for name, filled in {**PATH_VALUES, **SNIPPET_PATH_VALUES}.items():
            url = url.replace("{" + name + "}", filled.format(**real_objects))
        for body in hostile_bodies(fields):
            response = client.generic(
                method.upper(),
                url,
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=editor_headers["Authorization"],
            )
            sent += 1
            if response.status_code >= 500:
                server_errors.append((method, path, body[:60], response.status_code))
            else:
                assert response.status_code < 300 or response["Content-Type"].endswith("json")
    print(f"\nwrite fuzzer: {sent} requests, {len(server_errors)} server errors")
    assert not server_errors, server_errors
