"""How well and how fast the importer (importer/) structures the old site's pages.

    python bench/import_accuracy.py [--sources 500]

On a fresh database (a temporary SQLite file, or DATABASE_URL's when it is set: use
an empty one, the tables are made with `migrate`), it imports the corpus in
tests/import_corpus/ and prints, per file type, the share of the items an editor
placed (tests/import_corpus/expected/) that the importer placed the same way, for
all items and for the clinical ones (symptoms, urgent signs, tests, treatments); then
the time `manage.py import_conditions` takes for N sources (the corpus's files copied
under N names, so that each makes its own draft).
"""

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=500, help="sources in the timed run")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from condition_pages.models import ConditionPage
    from importer.models import ImportedSource
    from tests.import_corpus.scoring import CLINICAL_ITEMS, SOURCES, expected, page_article, score

    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("load_sample_content", stdout=quiet)
    sample_pages = ConditionPage.objects.count()

    # Accuracy, per file type.
    call_command("import_conditions", *map(str, SOURCES), stdout=quiet)
    totals = defaultdict(lambda: [0, 0, 0, 0])  # all placed, all, clinical placed, clinical
    for source in SOURCES:
        page = ImportedSource.objects.get(source=source.name).page
        placed, total, _, by_kind = score(expected(source.stem), page_article(page))
        row = totals[source.suffix]
        row[0] += placed
        row[1] += total
        for kind, (hits, count) in by_kind.items():
            if kind in CLINICAL_ITEMS:
                row[2] += hits
                row[3] += count
    print(f"{'file type':<10} {'sources':>7} {'items placed':>16} {'clinical items':>18}")
    for suffix, (placed, total, clinical_placed, clinical) in sorted(totals.items()):
        count = sum(1 for source in SOURCES if source.suffix == suffix)
        print(
            f"{suffix:<10} {count:>7} {placed:>5}/{total:<4} {placed / total:6.1%} "
            f"{clinical_placed:>5}/{clinical:<4} {clinical_placed / clinical:6.1%}"
        )

    # Time for N sources, one command run, as an operator would import a folder.
    batch = workdir / "old-site"
    batch.mkdir()
    for number in range(args.sources):
        source = SOURCES[number % len(SOURCES)]
        shutil.copy(source, batch / f"{number:04d}-{source.name}")
    started = time.perf_counter()
    call_command("import_conditions", str(batch), stdout=quiet)
    elapsed = time.perf_counter() - started
    made = ConditionPage.objects.count() - sample_pages - len(SOURCES)
    print(
        f"\n{args.sources} sources imported in {elapsed:.1f} s "
        f"({elapsed / args.sources * 1000:.0f} ms a source; {made} drafts made), on "
        f"{django.db.connection.vendor}."
    )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
