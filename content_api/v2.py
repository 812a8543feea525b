"""API v2 endpoints for condition pages: Wagtail's pages endpoint with the filters
apps need, strict validation of every filter value, and headless preview."""

import datetime

from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.serializers import StreamField as StreamFieldSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from condition_pages.api_fields import stream_json
from condition_pages.blocks import ConditionStreamBlock
from condition_pages.clinical_codes import parse_code_query
from condition_pages.languages import language_codes
from condition_pages.models import ConditionPage
from condition_pages.sections import PARAMETER as SECTIONS
from condition_pages.sections import UnknownSections, requested_sections
from core.app_cache import is_anonymous_read, remember, url_key
from core.limits import is_database_integer

from .preview import PreviewTokenError, revision_for_token

# Every page's meta says when it was last published (as API v3's does), in listings too.
PUBLISH_TIMES = ["last_published_at"]
INTEGER_PARAMETERS = {
    "id",
    "limit",
    "offset",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
}

# Tree filters also take "root", the site's root page.
PAGE_TREE_PARAMETERS = {"child_of", "descendant_of", "translation_of"}
SEARCH_OPERATORS = ("and", "or")


class UTCTimesMixin:
    """Times in UTC, as the docs and API v3 give them: DRF prints them in the current
    time zone, the hospital's (+05:30), which an app comparing instants must not have
    to know."""

    def dispatch(self, request, *args, **kwargs):
        with timezone.override(datetime.UTC):
            return super().dispatch(request, *args, **kwargs)


class StrictParametersMixin(UTCTimesMixin):
    """For every v2 endpoint: out-of-range integers, non-numeric ids and unknown
    search operators are a 400 with a reason, not a database or search error."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name in INTEGER_PARAMETERS & request.GET.keys():
            value = request.GET[name]
            if value == "root" and name in PAGE_TREE_PARAMETERS:
                continue
            if not is_database_integer(value.lstrip("-")):
                raise BadRequestError(f"{name} must be an integer, not '{value[:50]}'")
        # Wagtail hands any other operator to the search backend, which raises.
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError(
                f"search_operator must be one of {', '.join(SEARCH_OPERATORS)}, "
                f"not '{operator[:50]}'"
            )
        if "pk" in kwargs and not is_database_integer(str(kwargs["pk"])):
            raise Http404("not found")

    def handle_exception(self, exc):
        # Django's own 404s (get_object_or_404) carry no message; apps need a reason.
        if isinstance(exc, Http404) and not str(exc):
            exc = Http404("not found")
        return super().handle_exception(exc)


class ValidatedFieldsFilter(FieldsFilter):
    """Wagtail's ?<field>=value filters, with every value checked before it reaches
    the database: a bad date or a filter on a relation is a 400, never a 500."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields or name == "locale":
                continue
            field = queryset.model._meta.get_field(name)
            if isinstance(field, StreamField | models.JSONField) or (
                field.is_relation and not isinstance(field, models.ForeignKey)
            ):
                raise BadRequestError(f"field filter error. cannot filter by '{name}'")
            if not field.is_relation:
                try:
                    field.to_python(value)
                except ValidationError as error:
                    raise BadRequestError(
                        f"field filter error. '{value}' is not a valid value for {name} "
                        f"({' '.join(error.messages)})"
                    ) from error
        return super().filter_queryset(request, queryset, view)


def parse_date(name, value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadRequestError(f"{name} must be a date as YYYY-MM-DD, not '{value}'") from error


class ConditionFilter(BaseFilterBackend):
    """?specialty=<slug>, a window on next_review_due (for editors' tools) and
    ?code=<system>:<code> (a clinical code)."""

    parameters = ("specialty", "next_review_due_after", "next_review_due_before", "code")

    def filter_queryset(self, request, queryset, view):
        asked = {name: request.GET[name] for name in self.parameters if name in request.GET}
        if not asked:
            return queryset
        if not issubclass(queryset.model, ConditionPage):
            raise BadRequestError(
                f"{', '.join(asked)} can only be used with type=condition_pages.ConditionPage"
            )
        for name in ("next_review_due_after", "next_review_due_before"):
            if name in asked:
                asked[name] = parse_date(name, asked[name])
        if "code" in asked:
            try:
                asked["code"] = parse_code_query(asked["code"])
            except ValueError as error:
                raise BadRequestError(f"code: {error}") from error
        return queryset.for_apps(**asked)


class PageStreamField(StreamFieldSerializer):
    """Wagtail's StreamField serializer sees only the stream; here its blocks are
    told the page they are on, as in API v3 (condition_pages.api_fields.stream_json)."""

    def get_attribute(self, page):
        return page, super().get_attribute(page)

    def to_representation(self, page_and_stream):
        return stream_json(*page_and_stream, self.context)


class ConditionPageSerializer(PageSerializer):
    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        StreamField: PageStreamField,
    }


class StrictImagesAPIViewSet(StrictParametersMixin, ImagesAPIViewSet):
    pass


class StrictDocumentsAPIViewSet(StrictParametersMixin, DocumentsAPIViewSet):
    pass


class ConditionPagesAPIViewSet(StrictParametersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint with the condition filters. Listings and details are
    cached under their URL and the site's content version (see content_version.py), so
    a publish, unpublish, move, deletion or privacy change shows in the next answer."""

    base_serializer_class = ConditionPageSerializer
    filter_backends = [
        ValidatedFieldsFilter,
        ConditionFilter,
        *PagesAPIViewSet.filter_backends[1:],
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ConditionFilter.parameters, [SECTIONS]
    )
    meta_fields = PagesAPIViewSet.meta_fields + PUBLISH_TIMES
    listing_default_fields = PagesAPIViewSet.listing_default_fields + PUBLISH_TIMES

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            requested_sections(request, ConditionStreamBlock.base_blocks)
        except UnknownSections as error:
            raise BadRequestError(f"{SECTIONS}: {error}") from error
        # Wagtail answers a language it does not have with its 404 "not found".
        locale = request.GET.get("locale")
        if locale is not None and locale not in language_codes():
            raise BadRequestError(
                f"locale must be one of {', '.join(language_codes())}, not '{locale[:50]}'"
            )

    @cached_property
    def base_queryset(self):
        return super().get_base_queryset()

    def get_base_queryset(self):
        # Wagtail asks for it several times a request, and each time queries the view
        # restrictions anew.
        return self.base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, ConditionPage):
            queryset = queryset.with_api_relations()
        return queryset

    def cached(self, prefix, view, request, *args):
        """The answer of `view`, kept under the request's URL and the content version."""
        if not is_anonymous_read(request):
            return view(request, *args)
        # Errors are raised, not returned: only answers are kept.
        return Response(remember(url_key(prefix, request), lambda: view(request, *args).data))

    def listing_view(self, request):
        if "search" in request.GET:  # free text would fill the cache with one-off answers
            return super().listing_view(request)
        return self.cached("api-v2-listing", super().listing_view, request)

    def detail_view(self, request, pk):
        return self.cached("api-v2-detail", super().detail_view, request, pk)


class PagePreviewAPIViewSet(StrictParametersMixin, PagesAPIViewSet):
    """The draft revision named by a signed, expiring preview token, serialised as
    the pages endpoint serialises a live page. No valid token, no draft."""

    base_serializer_class = ConditionPageSerializer
    meta_fields = ConditionPagesAPIViewSet.meta_fields

    @cached_property
    def previewed_page(self):
        return revision_for_token(self.request.GET.get("token", "")).as_object()

    def get_object(self):
        return self.previewed_page

    def detail_view(self, request, pk=None):
        try:
            page = self.get_object()
        except PreviewTokenError as error:
            return Response({"message": str(error)}, status=403)
        response = Response(self.get_serializer(page).data)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="detail")]
