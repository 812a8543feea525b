"""An index in the order conditions are listed by default (title, then id), so that
the first page of `/api/v3/conditions/` reads twenty rows in order instead of
sorting the whole catalogue. Wagtail's page table has no index on title."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("condition_pages", "0002_postgres_search_indexes"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS condition_page_title_id ON wagtailcore_page (title, id)",
            "DROP INDEX IF EXISTS condition_page_title_id",
        )
    ]
