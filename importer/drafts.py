"""One source in, one draft condition page out, submitted to the Medical review.

Each source is imported in its own transaction: a source that fails leaves nothing
half-made, and the sources after it go on. The page is never published here; its
draft is submitted to the workflow its condition index has (the Medical review), so
only a clinician's approval makes it live. A draft with passages that still need
placing is kept back for its editor instead: a page in review is locked for editors,
who could then not place them; they submit it once it is whole."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from wagtail.models import WorkflowState

from condition_pages.models import ConditionIndexPage, ConditionPage

from .models import ImportedSource, ImportNote
from .outline import to_stream
from .sources import Document, SourceError
from .structure import Draft, NoSections, structure

CREATED, UPDATED, UNCHANGED, KEPT, FAILED = "created", "updated", "unchanged", "kept", "failed"
TITLE_MAX = 255


class ImportRefused(Exception):
    """The import may not go ahead (no condition index, no permission…)."""


@dataclass
class Result:
    source: str
    kind: str = ""
    status: str = FAILED
    message: str = ""
    page: ConditionPage | None = None
    draft: Draft | None = None
    dry_run: bool = False
    submitted: bool = False

    @property
    def failed(self):
        return self.status == FAILED

    def as_report(self):
        """The source's entry in `--report FILE.json` (and the admin's import record)."""
        draft = self.draft
        return {
            "source": self.source,
            "kind": self.kind,
            "status": self.status,
            "dry_run": self.dry_run,
            "submitted_for_review": self.submitted,
            "message": self.message,
            "page_id": self.page.pk if self.page else None,
            "title": draft.title if draft else None,
            "slug": self.page.slug if self.page else (draft.slug if draft else None),
            "summary": draft.summary if draft else None,
            "also_known_as": draft.also_known_as if draft else [],
            "blocks": draft.blocks if draft else [],
            "needs_placing": draft.needs_placing if draft else [],
            "dropped": draft.dropped if draft else [],
        }


def condition_index():
    index = ConditionIndexPage.objects.order_by("path").first()
    if index is None:
        raise ImportRefused(
            "there is no condition index to import into: create it first "
            "(`manage.py load_sample_content` makes one)."
        )
    return index


def unique_slug(index, slug, page=None):
    taken = set(
        ConditionPage.objects.child_of(index)
        .filter(Q(slug=slug) | Q(slug__startswith=f"{slug}-"))
        .exclude(pk=page.pk if page else None)
        .values_list("slug", flat=True)
    )
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


def import_document(document: Document, *, user=None, dry_run=False, overwrite=False, title=""):
    """Import one read source; never raises for a bad source (the Result says why)."""
    result = Result(document.name, kind=document.kind, dry_run=dry_run)
    try:
        result.draft = structure(document, title=title)
        with transaction.atomic():
            save_draft(result, document, user=user, dry_run=dry_run, overwrite=overwrite)
    except (NoSections, ImportRefused, SourceError) as error:
        result.status, result.message = FAILED, str(error)
    return result


def save_draft(result, document, *, user, dry_run, overwrite):
    draft = result.draft
    record = (
        ImportedSource.objects.select_for_update()
        .select_related("page")
        .filter(source=document.name)
        .first()
    )
    if record is None:
        result.status = CREATED
        if dry_run:
            return
        index = condition_index()
        page = ConditionPage(slug=unique_slug(index, draft.slug), live=False)
        fill(page, draft)
        index.add_child(instance=page)
        record = ImportedSource(source=document.name, page=page)
    else:
        page = record.page.get_latest_revision_as_object()
        result.page = record.page
        if record.fingerprint == document.fingerprint and not overwrite:
            result.status, result.message = UNCHANGED, "the source has not changed since."
            return
        latest = record.page.get_latest_revision()
        if latest and record.revision_id and latest.pk != record.revision_id and not overwrite:
            result.status = KEPT
            result.message = (
                "its draft has been edited since it was imported: kept (import with "
                "overwrite to replace the editor's changes)."
            )
            return
        result.status = UPDATED
        if dry_run:
            return
        fill(page, draft)
    revision = page.save_revision(user=user, log_action=True)
    if not draft.needs_placing:
        submit_for_review(page, user)
        result.submitted = True
    record.kind = document.kind
    record.fingerprint = document.fingerprint
    record.revision = revision
    record.imported_by = user
    result.page = page
    record.report = result.as_report()
    record.save()
    record.notes.all().delete()
    ImportNote.objects.bulk_create(
        ImportNote(imported=record, text=note["text"], where=note["where"][:255])
        for note in draft.needs_placing
    )


def fill(page, draft):
    page.title = draft.title[:TITLE_MAX]
    page.draft_title = page.title
    page.summary = draft.summary
    page.also_known_as = "\n".join(draft.also_known_as)
    page.body = to_stream(draft.blocks)


def submit_for_review(page, user):
    """The latest draft goes to the page's workflow (the Medical review): started, or
    resumed after a reviewer asked for changes; one in progress reviews it as is."""
    workflow = page.get_workflow()
    if workflow is None:
        raise ImportRefused("the condition index has no workflow to review imported pages.")
    state = page.current_workflow_state
    if state is None:
        workflow.start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
