"""`/api/v3/conditions/`: live, public condition pages as typed summaries, filtered the
way apps need (specialty, review window, search), in a stable order with a total count.

Wagtail's `pages/` listing gives only ids and titles and cannot filter on a relation;
this lists what an index or a search result shows, in a constant number of queries."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator

from django.db.models import F, Prefetch

from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from ..api_v2 import MAX_DATABASE_INTEGER
from ..models import ConditionPage
from ..renditions import API_RENDITIONS
from .schemas import ConditionSummary

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


class ConditionPagination(WagtailLimitOffsetPagination):
    class Input(WagtailLimitOffsetPagination.Input):
        offset: int = Field(default=0, ge=0, le=MAX_DATABASE_INTEGER)


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
    queryset = ConditionPage.filter_for_apps(
        get_pages_queryset(request, ConditionPage),
        specialty=filters.specialty,
        next_review_due_after=filters.next_review_due_after,
        next_review_due_before=filters.next_review_due_before,
    )
    queryset = queryset.prefetch_related(
        "specialties",
        Prefetch(
            "hero_image",
            get_image_model().objects.prefetch_renditions(*API_RENDITIONS.values()),
        ),
    )
    if filters.order or not filters.search:
        queryset = queryset.order_by(ordering(filters.order or "title"), "id")
    if filters.search:
        return get_search_backend().search(
            filters.search, queryset, order_by_relevance=not filters.order
        )
    return queryset
