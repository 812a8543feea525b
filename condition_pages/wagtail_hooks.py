from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import CallToAction, Clinician, ConditionPage, Specialty
from .review_admin import ReviewsDuePanel, ReviewsDueReportView, can_see_reviews_due, start_review
from .rich_text import VisiblePageLinkHandler


class ClinicianViewSet(SnippetViewSet):
    model = Clinician
    icon = "user"
    menu_label = "Clinicians"
    list_display = ["name", "role", "credentials"]
    search_fields = ["name"]


class SpecialtyViewSet(SnippetViewSet):
    model = Specialty
    icon = "tag"
    menu_label = "Specialties"
    list_display = ["name", "slug"]


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "date"
    menu_label = "Calls to action"
    list_display = ["headline", "button_label"]
    search_fields = ["headline"]


register_snippet(ClinicianViewSet)
register_snippet(SpecialtyViewSet)
register_snippet(CallToActionViewSet)


class AppPreviewMenuItem(PageMenuItem):
    label = "Preview in app"
    icon_name = "mobile-alt"
    priority = 66

    @property
    def url(self):
        return reverse("condition_pages_app_preview", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def app_preview_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, ConditionPage):
        yield AppPreviewMenuItem(page=page)


@hooks.register("register_admin_urls")
def app_preview_urls():
    return [
        path(
            "condition-pages/<int:page_id>/app-preview/",
            views.app_preview,
            name="condition_pages_app_preview",
        )
    ]


# After Wagtail's own hook (order 0), whose handler this one replaces.
@hooks.register("register_rich_text_features", order=1)
def link_rich_text_only_to_visible_pages(features):
    features.register_link_type(VisiblePageLinkHandler)


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
            "condition-pages/<int:page_id>/start-review/",
            start_review,
            name="condition_pages_start_review",
        ),
    ]
