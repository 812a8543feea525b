"""One number-like value that changes whenever anything a public page or API answer
shows may have changed: the key under which rendered pages and API answers are
cached in the app (the A–Z index, an article's content, API details), so that every
app server sees a change at once, without signals or purges.

It is read from the database in one query of four index-only look-ups: Wagtail logs
every publish, unpublish, move, deletion and privacy change of a page, and every
edit of a snippet or image made in the admin; every saved draft or published
revision adds a revision; and a view restriction added or removed in code changes
the restrictions' count. Code that changes pages around Wagtail (a queryset
`update()`) must log what it did, as the admin does."""

from django.db import connection

from wagtail.models import ModelLogEntry, PageLogEntry, PageViewRestriction, Revision

ATTRIBUTE = "_condition_pages_content_version"


def _sql():
    parts = [
        f"(SELECT MAX(id) FROM {model._meta.db_table})"
        for model in (PageLogEntry, ModelLogEntry, Revision, PageViewRestriction)
    ]
    parts.append(f"(SELECT COUNT(*) FROM {PageViewRestriction._meta.db_table})")
    return "SELECT " + ", ".join(parts)


def content_version(request=None):
    """A short string; read once per request when a request is given."""
    if request is not None and hasattr(request, ATTRIBUTE):
        return getattr(request, ATTRIBUTE)
    with connection.cursor() as cursor:
        cursor.execute(_sql())
        version = "-".join(str(value or 0) for value in cursor.fetchone())
    if request is not None:
        setattr(request, ATTRIBUTE, version)
    return version
