from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from clinical_review.medical_review import APPROVAL_BLOCKERS_HOOK
from condition_pages.models import ConditionPage

from . import notes, views


@hooks.register(APPROVAL_BLOCKERS_HOOK)
def imported_text_still_to_place(page):
    return notes.approval_blockers(page)


@hooks.register("register_admin_urls")
def importer_urls():
    urls = [
        path("", views.import_page, name="import"),
        path("notes/<int:page_id>/", views.page_notes, name="notes"),
        path("notes/dismiss/<int:note_id>/", views.dismiss_note, name="dismiss_note"),
    ]
    return [path("import-condition/", include((urls, "importer"), namespace="importer"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        "Import a condition page", reverse("importer:import"), icon_name="download", order=250
    )


@hooks.register("before_edit_page")
def show_import_notes(request, page):
    if request.method == "GET" and isinstance(page.specific_deferred, ConditionPage):
        views.edit_page_banner(request, page)
