from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .owner_admin import LOG_ACTION, content_owner_view
from .review_admin import (
    ReviewsDuePanel,
    ReviewsDueReportView,
    can_see_reviews_due,
    replace_awaiting_review_panel,
    start_review,
)
from .translation_submit import URL_NAME, submit_button, submit_translation


class ReviewsDueMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_reviews_due(request.user)


@hooks.register("register_reports_menu_item")
def reviews_due_menu_item():
    return ReviewsDueMenuItem(
        "Medical reviews due", reverse("condition_pages_reviews_due"), icon_name="time", order=50
    )


@hooks.register("construct_homepage_panels")
def reviews_due_panel(request, panels):
    replace_awaiting_review_panel(panels)
    if can_see_reviews_due(request.user):
        panels.append(ReviewsDuePanel(request.user))


@hooks.register("register_admin_urls")
def medical_review_urls():
    return [
        path(
            "reports/medical-reviews-due/",
            ReviewsDueReportView.as_view(),
            name="condition_pages_reviews_due",
        ),
        path(
            "reports/medical-reviews-due/results/",
            ReviewsDueReportView.as_view(results_only=True),
            name="condition_pages_reviews_due_results",
        ),
        path(
            "condition-pages/<int:page_id>/owner/",
            content_owner_view,
            name="condition_pages_content_owner",
        ),
        path(
            "condition-pages/<int:page_id>/start-review/",
            start_review,
            name="condition_pages_start_review",
        ),
        path(
            "translations/<int:translation_id>/submit-for-review/",
            submit_translation,
            name=URL_NAME,
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def submit_translated_page_button(page, user, next_url=None):
    return submit_button(page.specific, user)


@hooks.register("register_snippet_listing_buttons")
def submit_translated_snippet_button(snippet, user, next_url=None):
    return submit_button(snippet, user)


@hooks.register("register_log_actions")
def owner_change_log_action(actions):
    actions.register_action(LOG_ACTION, "Change content owner", "Content owner changed")
