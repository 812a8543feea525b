"""Add N synthetic condition pages (full bodies, specialties, related links) under the
condition index, in bounded memory: pages are created and dropped one at a time.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/generate_conditions.py 1000
"""

import os
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import reset_queries, transaction  # noqa: E402

from condition_pages.factories import full_body  # noqa: E402
from condition_pages.models import ConditionIndexPage, ConditionPage, Specialty  # noqa: E402

WORDS = [
    "bone",
    "blood",
    "brain",
    "breast",
    "colon",
    "kidney",
    "liver",
    "lung",
    "skin",
    "spine",
    "thyroid",
]


def generate(count):
    index = ConditionIndexPage.objects.get()
    specialties = [
        Specialty.objects.get_or_create(slug=f"bench-{word}", defaults={"name": f"{word} (bench)"})[
            0
        ]
        for word in WORDS[:4]
    ]
    start = ConditionPage.objects.count()
    previous = None
    tracemalloc.start()
    for number in range(start, start + count):
        word = WORDS[number % len(WORDS)]
        with transaction.atomic():
            page = index.add_child(
                instance=ConditionPage(
                    title=f"{word.title()} condition {number}",
                    slug=f"{word}-condition-{number}",
                    summary=f"A synthetic {word} condition for benchmarks.",
                    also_known_as=f"{word} disease {number}",
                    body=full_body(),
                )
            )
            page.specialties.set([specialties[number % len(specialties)]])
            if previous:
                page.related_conditions.create(related_page_id=previous)
            page.save_revision().publish()
            previous = page.pk
        index.refresh_from_db()  # treebeard keeps numchild on the parent
        reset_queries()
        if (number - start + 1) % 500 == 0:
            current, peak = tracemalloc.get_traced_memory()
            done = number - start + 1
            print(f"{done} pages: Python heap {current / 1e6:.1f} MB (peak {peak / 1e6:.1f} MB)")
    current, peak = tracemalloc.get_traced_memory()
    print(f"created {count} pages; Python heap {current / 1e6:.1f} MB, peak {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
