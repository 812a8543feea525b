"""What a reviewer compares the change in review against: the version patients read
now (the live revision), or, for something not live, the last revision a clinician
approved. Never the previous revision, which an autosave or a second save may have
made identical to the submitted one ("There are no differences")."""

from django.urls import reverse

from wagtail.models import Page, TaskState


def last_approved_revision_id(obj, *, before=None):
    """The revision of `obj` most recently approved in a review, other than `before`."""
    states = TaskState.objects.filter(
        workflow_state__base_content_type_id=obj.get_base_content_type().pk,
        workflow_state__object_id=str(obj.pk),
        status=TaskState.STATUS_APPROVED,
    )
    if before is not None:
        states = states.exclude(revision_id=before)
    return states.order_by("-finished_at", "-pk").values_list("revision_id", flat=True).first()


def changes_url(obj, revision_id=None):
    """The admin's comparison of the revision in review (`revision_id`, default the
    latest) with what it changes: the live revision, else the last approved one.
    None when there is nothing to compare with (a new article never approved: the
    reviewer reads all of it)."""
    revision_id = revision_id or obj.latest_revision_id
    base = obj.live_revision_id or last_approved_revision_id(obj, before=revision_id)
    if base is None or base == revision_id:
        return None
    if isinstance(obj, Page):
        name = "wagtailadmin_pages:revisions_compare"
    else:
        name = obj.snippet_viewset.get_url_name("revisions_compare")
    return reverse(name, args=[obj.pk, base, revision_id])


def changes_label(obj):
    return (
        "Compare with the live version"
        if obj.live_revision_id
        else ("Compare with the last approved version")
    )
