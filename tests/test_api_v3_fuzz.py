"""A schema-driven fuzzer over API v3: schemathesis reads `/api/v3/openapi.json` and
sends each read operation requests built from it, valid and deliberately invalid.
No answer may be a server error, and a successful answer must match the description
that app developers generate their clients from."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection, response_schema_conformance

from django.core import signals
from django.db import close_old_connections

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken, Site

from site_config.wsgi import application

# Examples per operation and mode: enough to reach every parameter's edge cases,
# few enough to keep the suite quick on both databases.
EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance, negative_data_rejection]
# Schemathesis asks for compressed answers (as requests does) but reads them as they
# come: the fuzzer reads them plain (compression: tests/test_compression.py).
PLAIN = {"Accept-Encoding": "identity"}

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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
# No snippet model is published through API v3, so the snippet operations' `type`
# can take no value and there is nothing to generate for them.
reads = schema.include(method="GET").exclude(path_regex="^/api/v3/snippets/")


@reads.parametrize()
@fuzz
def test_anonymous_reads_never_fail(case):
    response = case.call_and_validate(headers=PLAIN, checks=CHECKS)
    assert b"Secret draft" not in response.content


@reads.parametrize()
@fuzz
def test_token_holders_reads_never_fail(case, editor_headers):
    case.call_and_validate(headers={**PLAIN, **editor_headers}, checks=CHECKS)


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
}


def read_operations():
    """{path: query parameter names} of every read operation API v3 describes."""
    operations = {}
    for path, methods in schema.raw_schema["paths"].items():
        if "get" in methods and not path.startswith("/api/v3/snippets/"):
            parameters = methods["get"].get("parameters", [])
            operations[path] = [p["name"] for p in parameters if p["in"] == "query"]
    return operations


def test_the_sync_endpoints_are_fuzzed():
    assert {"/api/v3/conditions/", "/api/v3/changes/"} <= set(read_operations())


@pytest.fixture
def real_objects(api_objects):
    return {
        **api_objects,
        "site": Site.objects.get(is_default_site=True).pk,
        "redirect": Redirect.objects.create(old_path="/old", redirect_link="/new").pk,
    }


@pytest.mark.parametrize("path", read_operations())
def test_hostile_values_are_a_400_on_every_read_operation(
    client, editor_headers, real_objects, path
):
    url = path
    for name, filled in PATH_VALUES.items():
        url = url.replace("{" + name + "}", filled.format(**real_objects))
    # Each of the operation's parameters (an operation without any: a made-up one).
    for parameter in read_operations()[path] or ["search"]:
        for value in HOSTILE_VALUES:
            response = client.get(
                url, {parameter: value}, HTTP_AUTHORIZATION=editor_headers["Authorization"]
            )
            assert response.status_code == 400, (url, parameter, value[:20], response.content)
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["detail"]
