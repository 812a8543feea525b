from django.http import Http404
from django.utils.translation import get_language

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .languages import language_of, shown_in_its_language, source_language
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


@hooks.register("before_serve_page")
def no_translation_without_live_source(page, request, serve_args, serve_kwargs):
    """Under /hi/ and /mr/ only pages in that language, and never a translation whose
    English page is not live (condition_pages.translations): Wagtail would otherwise
    serve the English tree under a prefix that has no home page of its own. English
    pages cost no query here, nor a translation whose visible translations are known
    (a route kept in the app cache, site_config.page_routes): being among them, it is
    shown in its language."""
    language = get_language()
    if language == source_language() or (
        language_of(page) == language
        and page.pk in {other.pk for other in getattr(page, "visible_translations", ())}
    ):
        return
    if not (
        Page.objects.filter(pk=page.pk, locale__language_code=language)
        .filter(shown_in_its_language())
        .exists()
    ):
        raise Http404
