"""The admin's view of reviews falling due: a report (with CSV and XLSX export), a
dashboard panel, and the one-click "Start medical review" for a page on them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from condition_pages.models import ConditionPage

from .models import MedicalReviewTask
from .review_diff import changes_label, changes_url
from .review_schedule import (
    DUE_SOON,
    DUE_SOON_DAYS,
    NO_OWNER,
    owner_addresses,
    review_status,
    reviews_due,
)
from .revision_validity import revision_problems

# Who may see the report: anyone who writes or reviews pages (editors, clinical
# reviewers, publishers); not, say, staff who only read appointment requests.
REPORT_PERMISSIONS = ["add", "change", "publish"]


def reviews_due_for(user):
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return reviews_due(ConditionPage.objects.filter(pk__in=editable.values("pk")))


def can_see_reviews_due(user):
    return PagePermissionPolicy().user_has_any_permission(user, REPORT_PERMISSIONS)


class ReviewsDueReportView(PageReportView):
    page_title = "Medical reviews due"
    header_icon = "time"
    index_url_name = "condition_pages_reviews_due"
    index_results_url_name = "condition_pages_reviews_due_results"
    results_template_name = "clinical_review/reviews_due_results.html"
    any_permission_required = REPORT_PERMISSIONS
    list_export = [
        "title",
        "review_status",
        "next_review_due",
        "last_reviewed",
        "reviewed_by_name",
        "content_owner",
        "content_owner_email",
        "content_owner_group",
        "full_url",
    ]
    export_headings = {
        "review_status": "Review",
        "next_review_due": "Next review due",
        "last_reviewed": "Last reviewed",
        "reviewed_by_name": "Reviewed by",
        "content_owner": "Content owner",
        "content_owner_email": "Content owner email",
        "content_owner_group": "Content owner group",
        "full_url": "Web address",
    }

    def get_filename(self):
        return f"medical-reviews-due-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = reviews_due_for(self.request.user)
        return super().get_queryset()

    def decorate_paginated_queryset(self, pages):
        for page in pages:
            page.review_status = review_status(page)
            page.is_overdue = page.review_status != DUE_SOON
            page.reviewed_by_name = page.reviewed_by.name if page.reviewed_by else ""
            page.nobody_to_remind = not owner_addresses(page)
            page.can_start_review = page.permissions_for_user(self.request.user).can_edit()
        return pages

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "due_soon_days": DUE_SOON_DAYS,
            "no_owner": NO_OWNER,
            "fallback_email": settings.REVIEW_REMINDER_FALLBACK_EMAIL,
        }


class ReviewsDuePanel(Component):
    name = "medical_reviews_due"
    template_name = "clinical_review/reviews_due_panel.html"
    order = 90  # above Wagtail's own panels: this is the hospital's first duty
    shown = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        pages = list(reviews_due_for(self.user)[: self.shown + 1])
        for page in pages:
            page.review_status = review_status(page)
        return {
            "pages": pages[: self.shown],
            "more": len(pages) > self.shown,
            "report_url": reverse(ReviewsDueReportView.index_url_name),
            "due_soon_days": DUE_SOON_DAYS,
        }


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", with what a Medical review needs: the link
    compares with the live (or last approved) version, never the previous revision,
    and when the reviewer may not approve, the panel says why."""

    template_name = "clinical_review/workflow_objects_to_moderate.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        for state in context["states"]:
            obj, task = state["obj"], state["task_state"].task.specific
            state["changes_url"] = changes_url(obj, state["revision"].pk)
            state["changes_label"] = changes_label(obj)
            if isinstance(task, MedicalReviewTask) and task._user_in_groups(user):
                state["approval_refusals"] = task.approval_refusals(obj, user)
        return context


def replace_awaiting_review_panel(panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = AwaitingReviewPanel()


@require_POST
def start_review(request, page_id):
    """Put a page's latest revision into its Medical review, as "Submit for
    moderation" would; for pages on the report whose review has fallen due."""
    page = get_object_or_404(ConditionPage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    if permissions.can_submit_for_moderation():
        if page.latest_revision is None:  # a page made in code, never saved in the admin
            page.save_revision(user=request.user)
        if problems := revision_problems(page):
            # Never put a draft into review that could not be approved (one saved
            # through the API, say): the editor fixes it first.
            messages.error(request, f"“{page.title}” cannot be reviewed yet: {' '.join(problems)}")
        else:
            page.get_workflow().start(page, request.user)
            messages.success(request, f"“{page.title}” is now in {page.get_workflow().name}.")
    elif page.workflow_in_progress:
        messages.info(request, f"“{page.title}” is already being reviewed.")
    else:
        raise PermissionDenied
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse(ReviewsDueReportView.index_url_name)
    return redirect(next_url)
