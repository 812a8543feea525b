"""The "needs placing" notes: open until their text is found in the page's latest
draft or an editor dismisses them; while any is open, the Medical review cannot
approve the page (the hook registered in importer.wagtail_hooks)."""

import json
from html import unescape

from django.utils import timezone
from django.utils.html import strip_tags

from .models import ImportNote
from .text import comparable


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        if value[:1] in "[{":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        yield value


def draft_text(page):
    """The comparable text of the page's latest draft (every field, rich text as text)."""
    revision = page.get_latest_revision()
    content = revision.content if revision else {}
    return comparable(" ".join(unescape(strip_tags(text)) for text in _strings(content)))


def open_notes(page):
    """The page's notes not yet placed or dismissed, in source order."""
    notes = list(ImportNote.objects.filter(imported__page=page, dismissed_at__isnull=True))
    if not notes:
        return []
    text = f" {draft_text(page)} "
    return [note for note in notes if f" {comparable(note.text)} " not in text]


def dismiss(note, user):
    note.dismissed_at = timezone.now()
    note.dismissed_by = user
    note.save(update_fields=["dismissed_at", "dismissed_by"])


def approval_blockers(page):
    count = len(open_notes(page))
    if not count:
        return []
    return [
        f"{count} passage{'s' if count > 1 else ''} from the imported source still "
        f"need{'' if count > 1 else 's'} placing: place or dismiss "
        f"{'them' if count > 1 else 'it'} first."
    ]
