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

from wagtail.models import APIToken

from site_config.wsgi import application

# Examples per operation and mode: enough to reach every parameter's edge cases,
# few enough to keep the suite quick on both databases.
EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance, negative_data_rejection]

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
    """A live article and a draft, so that ids and paths sometimes hit real pages."""
    make_condition(title="Secret draft", live=False)


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
    response = case.call_and_validate(checks=CHECKS)
    assert b"Secret draft" not in response.content


@reads.parametrize()
@fuzz
def test_token_holders_reads_never_fail(case, editor_headers):
    case.call_and_validate(headers=editor_headers, checks=CHECKS)
