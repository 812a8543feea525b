from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from condition_pages.models import ConditionPage
from core.preview_modes import PREVIEW_MODES_HOOK, PreviewMode

from . import views
from .publish_preview import serve_publish_preview


@hooks.register(PREVIEW_MODES_HOOK)
def publish_mode():
    # The API and JSON-LD describe a page by its id: there is none before it is saved.
    return [
        PreviewMode("publish", "API v3 JSON and JSON-LD", serve_publish_preview, saved_only=True)
    ]


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


@hooks.register("register_actions")
def refuse_what_fails_in_the_database(registry):
    """API v3's move, copy and alias of any page: a move beside the root page, a copy's
    title or slug longer than its column, are 422s, not 500s
    (content_api.v3.writes). Imported when the actions are first looked up: writes.py
    builds schemas from the API registry, which is not ready while hooks modules load."""
    from .v3.writes import AliasWithinLimitsAction, CopyWithinLimitsAction, MoveWithinTheTreeAction

    for action_class in (MoveWithinTheTreeAction, CopyWithinLimitsAction, AliasWithinLimitsAction):
        registry.register(Page, action_class)
