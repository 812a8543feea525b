"""Translators submit a translation to the Medical review from the admin.

wagtail-localize's translation editor keeps each string as it is typed (or uploaded
in a PO file) but has no "Submit to Medical review", only "Publish", which editors and
clinical reviewers do not hold. This is that button, in the "More" menu of a
translated page or call to action in the admin's listings: it writes the translated
text as a draft revision, then starts the object's Medical review in the translator's
name, as the page editor's "Submit to Medical review" does. A translation with
strings still untranslated is refused: the reviewer would approve English text."""

from wagtail_localize.models import Translation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.widgets import Button
from wagtail.models import Page, TranslatableMixin, WorkflowMixin, WorkflowState
from wagtail.snippets.permissions import get_permission_name

from condition_pages.languages import language_of, source_language

from .revision_validity import revision_problems

URL_NAME = "clinical_review_submit_translation"


def _target(translation):
    target = translation.get_target_instance()
    return target.specific if isinstance(target, Page) else target


def _may_submit(user, target):
    if isinstance(target, Page):
        return target.permissions_for_user(user).can_edit()
    return user.has_perm(get_permission_name("change", type(target)))


def translation_of(obj):
    """The synced translation that makes `obj` (a page or snippet in Hindi or Marathi)."""
    if not isinstance(obj, TranslatableMixin) or language_of(obj) == source_language():
        return None  # English, as most rows of a listing are: no query
    if not isinstance(obj, WorkflowMixin) or obj.get_workflow() is None:
        return None
    return Translation.objects.filter(
        source__object_id=obj.translation_key, target_locale_id=obj.locale_id, enabled=True
    ).first()


def submit_button(obj, user):
    """The "More" menu's entry for a translated page or snippet the user may edit."""
    translation = translation_of(obj)
    if translation is None or not _may_submit(user, obj):
        return []
    return [
        Button(
            "Submit translation to Medical review",
            reverse(URL_NAME, args=[translation.pk]),
            icon_name="resubmit",
            priority=25,
        )
    ]


@require_http_methods(["GET", "POST"])
def submit_translation(request, translation_id):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    target = _target(translation)
    if not _may_submit(request.user, target):
        raise PermissionDenied
    edit_url = AdminURLFinder(request.user).get_edit_url(target)
    total, translated = translation.get_progress()
    if request.method == "GET":
        return TemplateResponse(
            request,
            "clinical_review/submit_translation.html",
            {"target": target, "translation": translation, "missing": total - translated},
        )
    if translated < total:
        messages.error(
            request,
            f"{total - translated} of {total} texts of “{target}” are not translated yet: "
            "translate them all before a clinician reviews it.",
        )
        return redirect(edit_url)
    translation.save_target(user=request.user, publish=False)
    target.refresh_from_db()
    if isinstance(target, Page) and (problems := revision_problems(target)):
        messages.error(request, f"“{target}” cannot be reviewed yet: {' '.join(problems)}")
        return redirect(edit_url)
    # A translation already in review is reviewed again from the start, with this text.
    state = target.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        state.cancel(user=request.user)
    target.get_workflow().start(target, request.user)
    messages.success(request, f"“{target}” was submitted to the Medical review.")
    return redirect(edit_url)
