"""The admin's "Import a condition page": upload a file or paste text, see the proposed
structure beside the source, create the draft (which opens with its import notes)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from wagtail.admin import messages as admin_messages

from condition_pages.models import ConditionPage

from . import notes
from .drafts import CREATED, KEPT, UNCHANGED, ImportRefused, condition_index, import_document
from .forms import CreateDraftForm, ImportForm
from .models import ImportNote
from .structure import NoSections, structure


def can_import(user):
    try:
        index = condition_index()
    except ImportRefused:
        return False
    return index.permissions_for_user(user).can_add_subpage()


def import_page(request):
    if not can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "document" in request.POST:
        return create_draft(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        document, title = form.cleaned_data["document"], form.cleaned_data["title"]
        try:
            draft = structure(document, title=title)
        except NoSections as error:
            form.add_error(None, f"This source cannot be imported: {error}")
        else:
            if document.name == "pasted text.txt":
                document.name = f"pasted/{slugify(draft.title) or 'text'}"
            context.update(
                document=document,
                draft=draft,
                create_form=CreateDraftForm(
                    initial={"document": document.as_json(), "title": title}
                ),
            )
    return TemplateResponse(request, "importer/import.html", context)


def create_draft(request):
    form = CreateDraftForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("The previewed source was not sent back whole.")
    document = form.cleaned_data["document"]
    result = import_document(document, user=request.user, title=form.cleaned_data["title"])
    if result.failed:
        messages.error(request, f"{document.name} was not imported: {result.message}")
        return redirect("importer:import")
    page = result.page
    if result.status in (UNCHANGED, KEPT):
        messages.warning(request, f"“{page.title}” was not changed: {result.message}")
    elif result.submitted:
        verb = "imported as a draft" if result.status == CREATED else "updated from its source"
        messages.success(request, f"“{page.title}” {verb} and submitted to the Medical review.")
    else:
        messages.success(
            request,
            f"“{page.title}” imported as a draft. Place or dismiss its notes, then submit it "
            "to the Medical review.",
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


def page_notes(request, page_id):
    page = get_object_or_404(ConditionPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    record = getattr(page, "import_source", None)
    if record is None:
        raise PermissionDenied  # never imported: nothing to show
    still_open = {note.pk for note in notes.open_notes(page)}
    return TemplateResponse(
        request,
        "importer/notes.html",
        {
            "page": page,
            "record": record,
            "notes": [(note, note_state(note, still_open)) for note in record.notes.all()],
        },
    )


def note_state(note, still_open):
    if note.pk in still_open:
        return "open"
    return "dismissed" if note.dismissed_at else "placed"


@require_POST
def dismiss_note(request, note_id):
    note = get_object_or_404(ImportNote.objects.select_related("imported__page"), pk=note_id)
    page = note.imported.page
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    notes.dismiss(note, request.user)
    messages.success(request, "Note dismissed: its text stays out of the page.")
    return redirect("importer:notes", page.pk)


def edit_page_banner(request, page):
    """Shown at the top of an imported page's editor while notes are open."""
    still_open = notes.open_notes(page)
    if not still_open:
        return
    detail = render_to_string("importer/notes_banner.html", {"notes": still_open})
    messages.warning(
        request,
        admin_messages.render(
            f"This page was imported and {len(still_open)} passage"
            f"{'s' if len(still_open) > 1 else ''} of its source still need"
            f"{'' if len(still_open) > 1 else 's'} placing. Put each into the page (the note "
            "closes when its text is saved in the page) or dismiss it, then submit the page "
            "to the Medical review: until then a clinical reviewer cannot approve it.",
            [admin_messages.button(reverse("importer:notes", args=[page.pk]), "Import notes")],
            detail=detail,
        ),
    )
