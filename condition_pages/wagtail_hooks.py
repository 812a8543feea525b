from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Clinician, Specialty


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


register_snippet(ClinicianViewSet)
register_snippet(SpecialtyViewSet)
