"""Indexes that let PostgreSQL answer a site search from its indexes, so that a term
found on a few pages costs a few index look-ups however many pages there are.

Wagtail's PostgreSQL search backend matches `(title || body) @@ query` on its index
table and joins it to the pages on `page_id::varchar = object_id`. The table's own GIN
indexes cover `title` and `body` one at a time, and no index covers the cast page id,
so without these every search reads every index entry and every condition page.
The expressions below are exactly the ones the backend's SQL uses (the query plan is
checked in tests/test_site_search_postgres.py). SQLite and other databases have their
own full-text index and are left alone."""

from django.db import migrations

INDEXES = [
    (
        "condition_search_title_body_gin",
        "wagtailsearch_indexentry USING gin ((title || body))",
    ),
    (
        "condition_page_id_text",
        "condition_pages_conditionpage (((page_ptr_id)::varchar(50)))",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _definition in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("condition_pages", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
