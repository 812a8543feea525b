"""Add N synthetic condition pages (full bodies, specialties, related links) under the
condition index, in bounded memory and in minutes: pages are made a batch at a time
and dropped after it.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/generate_conditions.py 1000

The pages are real live Wagtail pages: each is added to the tree by treebeard, has a
published revision (its live and latest revision) and is in the search index. What
is skipped is the per-page work of the editor's publish path (a revision saved, then
published, logged and indexed one page at a time): the revisions of a batch are
inserted together, and the batch is indexed with one bulk call of the search backend.
Wagtail's reference index (the admin's "usage" of a page) is not updated, which
takes a third of the time: `manage.py rebuild_references_index` fills it in.
"""

import os
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from modelsearch.signal_handlers import post_save_signal_handler  # noqa: E402

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import reset_queries, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page, Revision  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.signal_handlers import disconnect_reference_index_signal_handlers_for_model  # noqa: E402

from condition_pages.factories import full_body  # noqa: E402
from condition_pages.models import (  # noqa: E402
    ConditionIndexPage,
    ConditionPage,
    RelatedCondition,
    Specialty,
)

# One organ or body part per initial, so the A–Z index fills most letters.
WORDS = [
    "adrenal",
    "bone",
    "colon",
    "duodenal",
    "eye",
    "fallopian",
    "gallbladder",
    "heart",
    "intestinal",
    "jaw",
    "kidney",
    "liver",
    "marrow",
    "nerve",
    "ovarian",
    "pancreatic",
    "rectal",
    "skin",
    "thyroid",
    "uterine",
    "vulval",
    "womb",
]
BATCH = 200


def make_page(number, specialty, previous):
    word = WORDS[number % len(WORDS)]
    now = timezone.now()
    return ConditionPage(
        title=f"{word.title()} condition {number}",
        slug=f"{word}-condition-{number}",
        summary=f"A synthetic {word} condition for benchmarks.",
        also_known_as=f"{word.title()} disease {number}",
        body=full_body(),
        specialties=[specialty],
        related_conditions=[RelatedCondition(related_page_id=previous)] if previous else [],
        live=True,
        first_published_at=now,
        last_published_at=now,
    )


def add_batch(index, numbers, specialties, previous):
    """Add the pages numbered `numbers`; returns the id of the last one."""
    content_type = ContentType.objects.get_for_model(ConditionPage)
    page_type = ContentType.objects.get_for_model(Page)
    pages = []
    for number in numbers:
        page = make_page(number, specialties[number % len(specialties)], previous)
        pages.append(index.add_child(instance=page))  # saves its specialty and link too
        previous = page.pk
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            object_str=page.title,
            created_at=page.last_published_at,
            content=page.serializable_data(),
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])
    get_search_backend().add_bulk(ConditionPage, ConditionPage.objects.filter(pk__in=pages))
    return previous


def generate(count):
    # The batch is indexed in bulk below instead of one page per save.
    post_save.disconnect(post_save_signal_handler, sender=ConditionPage)
    for model in (ConditionPage, RelatedCondition):
        disconnect_reference_index_signal_handlers_for_model(model)
    index = ConditionIndexPage.objects.get()
    specialties = [
        Specialty.objects.get_or_create(slug=f"bench-{word}", defaults={"name": f"{word} (bench)"})[
            0
        ]
        for word in WORDS[:4]
    ]
    start = ConditionPage.objects.count()
    previous = ConditionPage.objects.order_by("-pk").values_list("pk", flat=True).first()
    tracemalloc.start()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        with transaction.atomic():
            previous = add_batch(index, numbers, specialties, previous)
        index.refresh_from_db()  # treebeard keeps numchild on the parent
        reset_queries()
        done = numbers[-1] - start + 1
        if done % 1000 == 0 or done == count:
            current, peak = tracemalloc.get_traced_memory()
            print(f"{done} pages: Python heap {current / 1e6:.1f} MB (peak {peak / 1e6:.1f} MB)")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
