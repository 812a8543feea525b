"""`/api/v3/conditions/`: live, public condition pages as typed summaries, filtered the
way apps need (specialty, review window, search), in a stable order with a total count.

Wagtail's `pages/` listing gives only ids and titles and cannot filter on a relation;
this lists what an index or a search result shows, in a constant number of queries."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AfterValidator, BeforeValidator

from django.db.models import F, Prefetch

from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from condition_pages.clinical_codes import CodingSystem, parse_code_query
from condition_pages.languages import language_codes
from condition_pages.models import ConditionPage
from condition_pages.renditions import API_RENDITIONS
from core.app_cache import is_anonymous_read, remember, versioned_key
from core.limits import MAX_DATABASE_INTEGER

from .pages import ConditionSummary

router = Router(tags=["conditions"])

# Fields the search backends can also order by (index.FilterField on the model).
ORDERS = ["title", "next_review_due", "first_published_at"]


def iso_date(value):
    """A date as OpenAPI's `format: date` says, YYYY-MM-DD: pydantic alone would also
    read `0` or `1735689600` as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(iso_date)]

# A query string turns "+" into a space, so "…T09:00:00+01:00" sent unencoded arrives
# as "…T09:00:00 01:00": read as the offset it was (no other reading is possible).
UNENCODED_OFFSET = re.compile(r"^(.+[T ]\d{2}:?\d{2}(?::?\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$")


def iso_datetime(value):
    """An ISO 8601 date and time, with a UTC offset or `Z`; without one, it is UTC (a
    server's local time would mean nothing to an app). A bare date is its midnight
    UTC. Not a Unix time, which pydantic alone would accept."""
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.datetime.fromisoformat(UNENCODED_OFFSET.sub(r"\1+\2", value.strip()))
    except ValueError:
        raise ValueError("must be an ISO 8601 date and time, e.g. 2026-01-31T09:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError("must be between years 1 and 9999 in UTC") from None


IsoDateTime = Annotated[datetime.datetime, BeforeValidator(iso_datetime)]


def valid_code_query(value):
    """`icd10:C79.5`, checked as the admin checks codes."""
    parse_code_query(value)
    return value


class ConditionFilters(Schema):
    specialty: str | None = Field(
        None, description="Only conditions filed under this specialty (its slug)."
    )
    next_review_due_after: IsoDate | None = Field(
        None, description="Only conditions whose next review is due on or after this date."
    )
    next_review_due_before: IsoDate | None = Field(
        None, description="Only conditions whose next review is due on or before this date."
    )
    modified_since: IsoDateTime | None = Field(
        None,
        description="Only conditions last published at or after this instant (ISO 8601; "
        "without a UTC offset it is read as UTC; encode `+` as `%2B`). With "
        "`/changes/`, the way to keep a copy in sync: this finds what is new or changed, "
        "the change feed also what was removed.",
    )
    code: Annotated[str, AfterValidator(valid_code_query)] | None = Field(
        None,
        description="Only conditions with this clinical code, as `<system>:<code>`, the "
        f"system ({', '.join(CodingSystem.values)}) in any case: `snomed:94222008`, "
        "`icd10:C79.5`. A malformed code is a 400 naming `code`.",
        pattern="^[A-Za-z0-9]+:.+$",
    )
    search: str | None = Field(
        None,
        description="Words to find in the title, summary, other names and body. Results "
        "come by relevance unless `order` is given.",
    )
    order: Literal[tuple(ORDERS + [f"-{name}" for name in ORDERS])] | None = Field(
        None,
        description="Sort field (`-` for descending); ties in page id order, pages "
        "without a value last. Default: title.",
    )
    site: str | None = Field(
        None, description="`hostname[:port]` of the site to list; default: the one asked."
    )
    locale: Literal[language_codes()] | None = Field(
        None,
        description="Only conditions in this language (`en`, `hi`, `mr`); default: every "
        "language. With `code`, the condition in that language.",
    )


class ConditionPagination(WagtailLimitOffsetPagination):
    """The total count is the one part of a page of results that reads every
    matching row: it is cached under the filters and the site's content version
    (core.app_cache), so a listing costs the same at any catalogue size. Kept for
    anonymous reads only: a visitor who typed a page's password is counted that page."""

    class Input(WagtailLimitOffsetPagination.Input):
        offset: int = Field(default=0, ge=0, le=MAX_DATABASE_INTEGER)

    def paginate_queryset(self, queryset, pagination, request, **params):
        if is_anonymous_read(request):
            filters = sorted(
                (name, value)
                for name, value in request.GET.items()
                if name not in ("limit", "offset")
            )
            # On the queryset, not on self: one paginator serves every request (and
            # thread) of the operation.
            queryset.count_key = versioned_key("api-v3-count", request, request.get_host(), filters)
        return super().paginate_queryset(queryset, pagination, request, **params)

    def _items_count(self, queryset):
        count = super()._items_count
        if key := getattr(queryset, "count_key", None):
            return remember(key, lambda: count(queryset))
        return count(queryset)


def ordering(order):
    """Pages without a value (no review date yet) come last either way, on every
    database: PostgreSQL would put them first in a descending order, SQLite last.
    (The database search backends accept this expression; Elasticsearch's would need
    plain field names.)"""
    field = F(order.removeprefix("-"))
    return field.desc(nulls_last=True) if order.startswith("-") else field.asc(nulls_last=True)


@router.get(
    "/",
    response=list[ConditionSummary],
    url_name="list_conditions",
    summary="List conditions",
    operation_id="conditions_list",
    # Always the public tier: a token's permissions would change what is listed.
    auth=AllowAnonymous(),
)
@paginate(ConditionPagination)
def list_conditions(request, filters: ConditionFilters = Query(...), **kwargs):  # noqa: B008
    queryset = get_pages_queryset(request, ConditionPage).for_apps(
        specialty=filters.specialty,
        next_review_due_after=filters.next_review_due_after,
        next_review_due_before=filters.next_review_due_before,
        modified_since=filters.modified_since,
        code=parse_code_query(filters.code) if filters.code else None,
        locale=filters.locale,
    )
    # A summary has no body: leave the StreamFields in the database.
    queryset = (
        queryset.defer_streamfields()
        .with_translations()  # every item's, in one query
        .select_related("locale")
        .prefetch_related(
            "specialties",
            "clinical_codes",
            Prefetch(
                "hero_image",
                get_image_model().objects.prefetch_renditions(*API_RENDITIONS.values()),
            ),
        )
    )
    if filters.order or not filters.search:
        queryset = queryset.order_by(ordering(filters.order or "title"), "id")
    if filters.search:
        return get_search_backend().search(
            filters.search, queryset, order_by_relevance=not filters.order
        )
    return queryset
