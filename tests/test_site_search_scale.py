"""Search at scale: on PostgreSQL a search is answered from indexes (its cost grows
with the pages it finds, not with the catalogue), and a large catalogue moves to
Elasticsearch or OpenSearch by configuration alone."""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from condition_pages.models import ConditionPage
from search.views import visible_conditions
from tests.servers import sqlite_run_only

REPO = Path(__file__).resolve().parents[1]

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan of PostgreSQL's full-text search"
)
# Which search engine production settings build from SEARCH_BACKEND_URL and
# SEARCH_BACKEND, read in another process, is the same on either database: CI's SQLite
# run only. The default backend, which the database does choose, is tested on both.
search_engine_settings = sqlite_run_only("the search engine named in settings")


def plan(queryset):
    """PostgreSQL's plan for a queryset, with sequential scans, plain index scans and
    nested loops priced out: a table is then read whole only when no index can answer
    the query, and a text search uses its GIN index when the query matches it. (A
    test's pages are a few rows, which the planner would rightly read whole, or loop
    over, looking each one's index entries up by another index: which it does varies
    with the statistics of the moment.)"""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def catalogue(make_condition):
    """A few real pages, and a search index as large as a big catalogue's: 5,000
    entries of condition pages that mention pain, so that the planner weighs its
    choices as it would in production."""
    make_condition(title="Bone metastases", also_known_as="Bone mets")
    for n in range(5):
        make_condition(title=f"Condition {n}")
    content_type = ContentType.objects.get_for_model(ConditionPage)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (object_id, content_type_id, title_norm,"
            " autocomplete, title, body, title_text, body_text)"
            " SELECT 'filler-' || n, %s, 1, to_tsvector('condition ' || n),"
            " to_tsvector('condition ' || n), to_tsvector('pain ' || n), '', ''"
            " FROM generate_series(1, 5000) AS n",
            [content_type.pk],
        )
        # Entries added by earlier tests (rolled back since) can still sit in the GIN
        # indexes' pending lists, which the planner prices in: they are merged first, so
        # that the plan does not depend on the tests that ran before.
        for index in ("condition_search_title_body_gin", "wagtailsear_autocom_476c89_gin"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE wagtailsearch_indexentry")


@postgres_only
def test_postgres_search_finds_pages_through_indexes_alone(catalogue):
    results = visible_conditions().search("metastases")

    query_plan = plan(results.get_queryset())

    assert [page.title for page in results] == ["Bone metastases"]
    # The matching index entries come from the GIN index on the searched vectors, and
    # no table is read whole to join them to their pages.
    assert "Bitmap Index Scan on condition_search_title_body_gin" in query_plan
    assert "Seq Scan" not in query_plan, query_plan


@postgres_only
def test_postgres_suggestions_are_found_through_an_index(catalogue):
    suggestions = visible_conditions().autocomplete("metast")

    query_plan = plan(suggestions.get_queryset())

    assert [page.title for page in suggestions] == ["Bone metastases"]
    assert "Seq Scan" not in query_plan, query_plan


def search_backend(**environment):
    """The search backend that production settings build from these variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("SEARCH_BACKEND_URL", None)
    env.pop("SEARCH_BACKEND", None)
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="conditions.example.org",
        WAGTAILADMIN_BASE_URL="https://conditions.example.org",
        DATABASE_URL=os.environ.get("DATABASE_URL")
        or f"sqlite:///{tempfile.mkdtemp(prefix='search-settings-')}/db.sqlite3",
        **environment,
    )
    script = (
        "import json, django; django.setup();"
        "from wagtail.search.backends import get_search_backend;"
        "backend = get_search_backend();"
        "print(json.dumps([type(backend).__module__, getattr(backend, 'hosts', None),"
        " getattr(backend, 'index_prefix', None)]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    )
    return result.returncode, result.stdout and json.loads(result.stdout), result.stderr


def test_database_search_is_the_default():
    code, backend, _ = search_backend()
    assert code == 0
    # On PostgreSQL, the same backend with a text search configuration per language.
    assert backend[0].startswith("modelsearch.backends.database.") or (
        backend[0] == "search.backend" and connection.vendor == "postgresql"
    )


@search_engine_settings
def test_elasticsearch_is_chosen_by_configuration_alone():
    code, backend, errors = search_backend(
        SEARCH_BACKEND_URL="https://search-1.internal:9200, https://search-2.internal:9200"
    )
    assert code == 0, errors
    module, hosts, prefix = backend
    assert module == "modelsearch.backends.elasticsearch9"
    assert [host["host"] for host in hosts] == ["search-1.internal", "search-2.internal"]
    assert prefix == "conditions_"


@search_engine_settings
def test_another_elasticsearch_version_is_named_by_configuration():
    code, backend, errors = search_backend(
        SEARCH_BACKEND_URL="http://127.0.0.1:9200",
        SEARCH_BACKEND="elasticsearch8",
        SEARCH_INDEX_PREFIX="hospital_",
    )
    assert code == 0, errors
    assert backend == [
        "modelsearch.backends.elasticsearch8",
        [{"host": "127.0.0.1", "port": 9200, "path_prefix": "", "scheme": "http"}],
        "hospital_",
    ]


@search_engine_settings
def test_unknown_search_backend_is_refused_at_start():
    code, _, errors = search_backend(
        SEARCH_BACKEND_URL="http://127.0.0.1:9200", SEARCH_BACKEND="solr"
    )
    assert code != 0
    assert "SEARCH_BACKEND must be one of elasticsearch7" in errors
