"""Add N synthetic condition pages (full bodies, specialties, related links) under the
condition index, each with its Hindi and Marathi translation under that language's
index, fast and in bounded memory: pages are inserted a batch at a time with bulk SQL
and dropped after it.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/generate_conditions.py 1000

N is the number of English pages: 1000 adds 3,000 pages when the site has the Hindi
and Marathi condition indexes (`load_sample_content --demo-translations` makes them),
or English ones alone when it has not. A translation is a real translated page: the
English page's translation key, its own slug under its language's index, a Devanagari
title, summary and other name (filed under Devanagari letters in the A–Z; a word on
every page of the language, दर्द in Hindi and वेदना in Marathi, for search).

The pages are real live Wagtail pages, the same rows the editor's publish path
writes: a tree node (its treebeard path computed here, in the order treebeard's
`add_child` would give, and the parent's `numchild` raised once per batch), the
condition page's own row, its specialties and related link, a published revision
that is its live and latest revision, and its entry in the search index (one bulk
call of the search backend per batch). Skipped, as for any bulk import: the
per-page signals, the admin's log entries and Wagtail's reference index (the
admin's "usage" of a page; `manage.py rebuild_references_index` fills it in). The
new revisions change the app caches' content version, so the next request sees the
pages. It prints pages per second and the process's peak memory (RSS).
"""

import os
import resource
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# Wagtail's search backend recomputes every entry's title norm after each batch: on a
# busy machine, at 30,000 pages, longer than the site's 5-second statement limit.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page, Revision  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from condition_pages.languages import in_source_language  # noqa: E402
from condition_pages.models import (  # noqa: E402
    ConditionIndexPage,
    ConditionPage,
    RelatedCondition,
    Specialty,
)
from tests.factories.conditions import full_body  # noqa: E402

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
# The same, per language: (organ or body part, disease, the word on every page).
TRANSLATED_WORDS = {
    "hi": (
        [
            "अग्न्याशय",
            "आँख",
            "आंत",
            "गुर्दा",
            "हड्डी",
            "त्वचा",
            "दिल",
            "जिगर",
            "पित्ताशय",
            "मलाशय",
            "बृहदान्त्र",
            "थायरॉइड",
            "नस",
            "गर्भाशय",
            "जबड़ा",
            "कंठ",
            "फेफड़ा",
            "छाती",
            "रीढ़",
            "लसीका",
            "स्तन",
            "शिरा",
        ],
        "रोग",
        "दर्द",
    ),
    "mr": (
        [
            "अंडाशय",
            "आतडे",
            "डोळा",
            "मूत्रपिंड",
            "हाड",
            "त्वचा",
            "हृदय",
            "यकृत",
            "पित्ताशय",
            "मलाशय",
            "बृहदांत्र",
            "थायरॉइड",
            "नस",
            "गर्भाशय",
            "जबडा",
            "कंठ",
            "फुफ्फुस",
            "छाती",
            "मणका",
            "लसीका",
            "स्तन",
            "शिरा",
        ],
        "आजार",
        "वेदना",
    ),
}
BATCH = 500


def texts(number, language):
    """(title, summary, other name) of page `number` in `language`."""
    if language not in TRANSLATED_WORDS:
        word = WORDS[number % len(WORDS)]
        summary = f"A synthetic {word} condition for benchmarks."
        return f"{word.title()} condition {number}", summary, f"{word.title()} disease {number}"
    words, disease, everywhere = TRANSLATED_WORDS[language]
    word = words[number % len(words)]
    summary = f"{word} {disease} {number}: {everywhere} (benchmark)."
    return f"{word} {disease} {number}", summary, f"{word} {everywhere} {number}"


def make_page(number, index, path, specialty, previous, body, translation_key):
    """A ConditionPage in memory in the index's language, with its specialty and its
    link to the `previous` page (an id) held by modelcluster, as the editor's form
    would leave it."""
    slug = f"{WORDS[number % len(WORDS)]}-condition-{number}"
    title, summary, also_known_as = texts(number, index.locale.language_code)
    now = timezone.now()
    return ConditionPage(
        title=title,
        draft_title=title,
        slug=slug,
        url_path=f"{index.url_path}{slug}/",
        path=path,
        depth=index.depth + 1,
        numchild=0,
        locale_id=index.locale_id,
        translation_key=translation_key,
        content_type=ContentType.objects.get_for_model(ConditionPage),
        summary=summary,
        also_known_as=also_known_as,
        body=body,
        specialties=[specialty],
        related_conditions=[RelatedCondition(related_page_id=previous)] if previous else [],
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        latest_revision_created_at=now,
    )


def insert_pages(pages):
    """Insert the Page rows, then the ConditionPage rows that extend them: Django's
    bulk_create refuses multi-table models, so each table gets its own bulk insert
    (QuerySet._insert is what bulk_create itself calls)."""
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    rows = Page.objects._insert(pages, fields=page_fields, returning_fields=[Page._meta.pk])
    for page, (page_id,) in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = page_id
        page._state.adding = False
    ConditionPage.objects._insert(pages, fields=ConditionPage._meta.local_concrete_fields)


def add_batch(index, numbers, next_step, specialties, previous, body, keys):
    """Add the pages numbered `numbers` as the index's children from tree position
    `next_step` on, each linked to the one before, with these translation keys;
    returns the last page's id."""
    content_type = ContentType.objects.get_for_model(ConditionPage)
    page_type = ContentType.objects.get_for_model(Page)
    through = ConditionPage.specialties.through
    pages, links, memberships = [], [], []
    for offset, number in enumerate(numbers):
        path = Page._get_path(index.path, index.depth + 1, next_step + offset)
        specialty = specialties[number % len(specialties)]
        page = make_page(number, index, path, specialty, previous, body, keys[offset])
        pages.append(page)
        previous = -offset - 1  # a placeholder: the id is known after the insert
    insert_pages(pages)
    for offset, page in enumerate(pages):
        page_links = []
        for link in page.related_conditions.all():
            if link.related_page_id < 0:
                link.related_page_id = pages[offset - 1].pk
            page_links.append(RelatedCondition(page=page, related_page_id=link.related_page_id))
        page.related_conditions = page_links  # with their ids, for the revision below
        links.extend(page_links)
        for specialty in page.specialties.all():
            memberships.append(through(conditionpage_id=page.pk, specialty_id=specialty.pk))
    RelatedCondition.objects.bulk_create(links)
    through.objects.bulk_create(memberships)
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
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    get_search_backend().add_bulk(ConditionPage, ConditionPage.objects.filter(pk__in=pages))
    return pages[-1].pk


def analyze():
    """Refresh PostgreSQL's table statistics: planned on the counts from before a bulk
    insert, queries on the grown tables (the generator's, then the site's) can take
    whole-table paths that run for seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def vacuum():
    """Clear the dead rows the bulk writes leave, as PostgreSQL's autovacuum does in
    production, where it runs on its own: each batch rewrites the search index entries'
    title norms, and a catalogue generated with autovacuum off (as on CI machines) kept
    30 dead rows for each live index entry (1.7 GB for 30,000 entries), which every
    search then read through."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Tree:
    """One language's condition index and where its next page goes."""

    def __init__(self, index):
        self.index = index
        pages = ConditionPage.objects.filter(locale_id=index.locale_id)
        self.previous = pages.order_by("-pk").values_list("pk", flat=True).first()
        last_child = index.get_last_child()
        self.next_step = last_child._get_lastpos_in_path() + 1 if last_child else 1

    def add(self, numbers, specialties, body, keys):
        self.previous = add_batch(
            self.index, numbers, self.next_step, specialties, self.previous, body, keys
        )
        self.next_step += len(numbers)


def translated_body(language):
    """full_body() with its first section and symptoms in the language, the word on
    every page of it among them."""
    words, disease, everywhere = TRANSLATED_WORDS[language]
    return full_body(
        **{
            "0__section__heading": f"{disease} {words[0]}",
            "0__section__body": RichText(f"<p>{words[1]} {words[2]} {everywhere}.</p>"),
            "1__symptoms__heading": everywhere,
            "1__symptoms__intro": RichText(f"<p>{everywhere} {words[3]}.</p>"),
        }
    )


def generate(count):
    """Add `count` English pages, and their translations into each language whose
    condition index exists."""
    indexes = ConditionIndexPage.objects.select_related("locale")
    english = indexes.get(locale__language_code=settings.LANGUAGE_CODE)
    translated = [index for index in indexes if index.pk != english.pk]
    trees = [Tree(english), *(Tree(index) for index in translated)]
    bodies = [full_body(), *(translated_body(index.locale.language_code) for index in translated)]
    specialties = [
        Specialty.objects.filter(in_source_language()).get_or_create(
            slug=f"bench-{word}", defaults={"name": f"{word} (bench)"}
        )[0]
        for word in WORDS[:4]
    ]
    start = ConditionPage.objects.filter(locale_id=english.locale_id).count()
    started = time.perf_counter()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        keys = [uuid.uuid4() for _ in numbers]
        with transaction.atomic():
            for tree, body in zip(trees, bodies, strict=True):
                tree.add(numbers, specialties, body, keys)
        reset_queries()
        done = numbers[-1] - start + 1
        if done % 2000 == 0 or done == count:
            analyze()
            rate = done * len(trees) / (time.perf_counter() - started)
            print(
                f"{done * len(trees)} pages: {rate:.0f} pages/s, peak RSS {peak_rss_mb():.0f} MB",
                flush=True,
            )
    elapsed = time.perf_counter() - started
    vacuum()
    total = count * len(trees)
    print(
        f"generated {total} pages in {elapsed:.1f} s ({total / elapsed:.0f} pages/s), "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
