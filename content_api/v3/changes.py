"""`/api/v3/changes/`: the change feed. Condition pages that became public, moved,
or stopped being public (unpublished, expired, made private, moved under a private
section) or were deleted, oldest first, from the change log (content_changes), read
by cursor so that an app keeps its copy in sync without re-crawling.

A removal is a tombstone: the page id and language, the kind of change and its time,
no content.
A live entry also gives the page's title, slug and URLs as they are now, and only
while the page is visible (see PageChange.objects.for_the_public)."""

import datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator

from django.db.models import Max
from django.http import HttpResponse

from wagtail.api.v3.auth import AllowAnonymous

from condition_pages.models import ConditionPage
from condition_pages.typed_json.fields import v3_detail_url
from content_changes.models import PageChange
from core.limits import MAX_DATABASE_INTEGER

from .errors import bad_request

router = Router(tags=["changes"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def opaque_cursor(value):
    """A cursor this feed gave out: today an entry's number, which apps must not rely
    on. (The field's pattern is only described: on an optional field pydantic does
    not check it.)"""
    if not value.isascii() or not value.isdigit() or int(value) > MAX_DATABASE_INTEGER:
        raise ValueError("not a cursor this feed gave out; pass a `cursor` value back as is")
    return value


class ChangeFeedQuery(Schema):
    since: Annotated[str, AfterValidator(opaque_cursor)] | None = Field(
        None,
        pattern=r"^\d{1,19}$",
        description="The `cursor` of the last answer: only changes after it. Without "
        "it, the feed starts at the oldest change it holds.",
    )
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Changes per answer (at most {MAX_LIMIT}).",
    )


class ChangeBase(Schema):
    id: int = Field(description="The page's id.")
    locale: str = Field(description="The page's language: `en`, `hi` or `mr`.")
    changed_at: datetime.datetime = Field(description="When the change happened (ISO 8601).")
    cursor: str = Field(description="Pass as `since` to read the changes after this one.")


class LiveChange(ChangeBase):
    """A condition page that became public (`published`: new, republished, or made
    public again), got a new URL (`moved`: it or a page above it moved or changed its
    slug), or shows something else that changed (`embedded_changed`: a related
    condition, a reusable call to action or an image): fetch `detail_url` to update a
    copy."""

    change: Literal[tuple(kind.value for kind in PageChange.LIVE)]
    title: str
    slug: str
    html_url: str | None
    detail_url: str


class RemovedChange(ChangeBase):
    """A tombstone: the page is no longer public (`unpublished`: unpublished, expired
    or made private) or no longer exists (`deleted`). Delete any copy of it."""

    change: Literal[tuple(kind.value for kind in PageChange.REMOVALS)]


Change = Annotated[LiveChange | RemovedChange, Field(discriminator="change")]


class ChangeFeed(Schema):
    items: list[Change] = Field(description="Changes in the order they happened.")
    cursor: str = Field(
        description="Where the next read starts: pass it as `since`, also when `items` is empty."
    )
    next: str | None = Field(
        description="The URL of the following changes when more are waiting now; null "
        "when this answer reaches the end of the feed (poll again later with `cursor`)."
    )


def next_url(request, cursor, limit):
    return request.build_absolute_uri(
        request.path + "?" + urlencode({"since": cursor, "limit": limit})
    )


def describe(entry, page, request):
    common = {
        "id": entry.page_id,
        "locale": entry.locale,
        "changed_at": entry.changed_at,
        "cursor": str(entry.pk),
    }
    if entry.kind in PageChange.REMOVALS:
        return RemovedChange(change=entry.kind, **common)
    return LiveChange(
        change=entry.kind,
        title=page.title,
        slug=page.slug,
        html_url=page.get_full_url(request),
        detail_url=v3_detail_url(request, page.pk),
        **common,
    )


@router.get(
    "/",
    response=ChangeFeed,
    url_name="list_changes",
    summary="List changes to condition pages",
    description="Condition pages published, moved, changed in what they embed, "
    "unpublished (or made private) and deleted, oldest first, by cursor: read from no "
    "`since`, follow `next` to the end, "
    "keep `cursor`, and ask again later with `since=<cursor>`. `Cache-Control: "
    "no-cache`: every read is fresh (an unchanged answer is a 304 to `If-None-Match`).",
    operation_id="changes_list",
    auth=AllowAnonymous(),
)
def list_changes(request, response: HttpResponse, query: ChangeFeedQuery = Query(...)):  # noqa: B008
    since = int(query.since or 0)
    # Read up to the newest entry as of now: what is written meanwhile waits for the
    # next read, after the cursor given here.
    head = PageChange.objects.aggregate(last=Max("pk"))["last"] or 0
    if since > head:
        return bad_request(
            request,
            [
                {
                    "type": "value_error",
                    "loc": ["query", "since"],
                    "msg": "beyond the end of the feed: not a cursor it gave out",
                }
            ],
        )
    entries = list(
        PageChange.objects.for_the_public()
        .filter(pk__gt=since, pk__lte=head)
        .order_by("pk")[: query.limit + 1]
    )
    more, entries = len(entries) > query.limit, entries[: query.limit]
    # Past every entry read, and every entry passed over (a page private now): one
    # that is shown again later gets an entry of its own then.
    cursor = str(entries[-1].pk if more else head)
    live_ids = [entry.page_id for entry in entries if entry.kind in PageChange.LIVE]
    # Asked again as the pages are read, so none shows that was hidden meanwhile.
    pages = ConditionPage.objects.visible().defer_streamfields().in_bulk(live_ids)
    items = [
        describe(entry, pages.get(entry.page_id), request)
        for entry in entries
        # A page gone or hidden between the two reads: its tombstone follows in the feed.
        if entry.kind in PageChange.REMOVALS or entry.page_id in pages
    ]
    # What follows a cursor changes with every publish, and nothing purges it: a shared
    # cache must ask every time (Varnish passes no-cache through).
    response["Cache-Control"] = "no-cache"
    return ChangeFeed(
        items=items, cursor=cursor, next=next_url(request, cursor, query.limit) if more else None
    )
