from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CallToAction, Clinician, Specialty
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


# After Wagtail's own hook (order 0), whose handler this one replaces.
@hooks.register("register_rich_text_features", order=1)
def link_rich_text_only_to_visible_pages(features):
    features.register_link_type(VisiblePageLinkHandler)
