"""`manage.py import_conditions PATH…`: the old site's pages (.txt copied from the site,
saved .html pages, .docx Word documents; files or folders of them) as draft condition
pages, submitted to the Medical review. See docs/editors.md, "Importing pages"."""

import json
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from importer.drafts import CREATED, FAILED, KEPT, UNCHANGED, UPDATED, Result, import_document
from importer.sources import KINDS, SourceError, kind_of, read_source

STATUSES = [CREATED, UPDATED, UNCHANGED, KEPT, FAILED]


def source_files(paths):
    """(path, name) of each source: files as given, folders searched for the types the
    importer reads. The name (relative to a folder given) identifies the source."""
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() in KINDS:
                    yield file, file.relative_to(path.parent).as_posix()
        else:
            yield path, path.name


class Command(BaseCommand):
    help = (
        "Import .txt, .html and .docx condition pages (files or folders) as drafts "
        "submitted to the Medical review."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be made; change nothing."
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE.json",
            help="Write per source: the page id, what went in which block, what was "
            "dropped and what still needs placing.",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="Save the drafts and submit them as this user."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Re-import sources whose drafts editors have changed since (their changes "
            "are replaced) or that have not changed.",
        )

    def handle(self, *args, paths, dry_run, report, user, overwrite, **options):
        user = self.get_user(user)
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        sources = list(source_files(paths))
        if not sources:
            raise CommandError("No .txt, .html or .docx files found.")
        started = time.monotonic()
        results = []
        width = len(str(len(sources)))
        for number, (path, name) in enumerate(sources, 1):
            result = self.import_one(path, name, user=user, dry_run=dry_run, overwrite=overwrite)
            results.append(result)
            self.progress(f"[{number:>{width}}/{len(sources)}] ", result)
        elapsed = time.monotonic() - started
        self.summary(results, elapsed)
        if report:
            self.write_report(report, results, elapsed)
        failed = sum(1 for result in results if result.failed)
        if failed:
            raise CommandError(f"{failed} of {len(results)} sources failed (see above).")

    def get_user(self, username):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: no user {username!r}.")
        return user

    def import_one(self, path, name, **options):
        kind = ""
        try:
            kind = kind_of(path.name)
            size = path.stat().st_size
            if size > settings.IMPORTER_MAX_SOURCE_BYTES:
                # Refused before it is read: a huge file never fills the memory.
                raise SourceError(
                    f"too large: {size:,} bytes, and a source may be at most "
                    f"{settings.IMPORTER_MAX_SOURCE_BYTES:,}."
                )
            document = read_source(name, path.read_bytes(), kind=kind)
        except (SourceError, OSError) as error:
            return Result(
                name, kind=kind, status=FAILED, message=str(error), dry_run=options["dry_run"]
            )
        return import_document(document, **options)

    def progress(self, prefix, result):
        verb = {
            CREATED: "would create" if result.dry_run else "created",
            UPDATED: "would update" if result.dry_run else "updated",
        }.get(result.status, result.status)
        if result.failed:
            self.stdout.write(
                self.style.ERROR(f"{prefix}{result.source}: failed: {result.message}")
            )
            return
        draft = result.draft
        page = f" page {result.page.pk}" if result.page else ""
        line = f"{prefix}{result.source}: {verb}{page} “{draft.title}”"
        if result.status in (CREATED, UPDATED):
            line += (
                f" ({len(draft.blocks)} blocks, {len(draft.needs_placing)} to place, "
                f"{len(draft.dropped)} dropped)"
            )
            if draft.needs_placing and not result.dry_run:
                line += ": kept back from the review until its editor places the notes"
        elif result.message:
            line += f": {result.message}"
        style = self.style.WARNING if draft.needs_placing else self.style.SUCCESS
        self.stdout.write(style(line))

    def summary(self, results, elapsed):
        counts = Counter((result.status, result.kind or "?") for result in results)
        kinds = sorted({result.kind or "?" for result in results})
        header = ["result", *kinds, "total"]
        rows = []
        for status in STATUSES:
            row = [counts[status, kind] for kind in kinds]
            if sum(row):
                rows.append([status, *row, sum(row)])
        rows.append(
            ["all", *[sum(counts[s, kind] for s in STATUSES) for kind in kinds], len(results)]
        )
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        for row in [header, *rows]:
            cells = [str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i])
                     for i, cell in enumerate(row)]  # fmt: skip
            self.stdout.write("  ".join(cells))
        to_place = sum(len(result.draft.needs_placing) for result in results if result.draft)
        pages = sum(1 for result in results if result.draft and result.draft.needs_placing)
        self.stdout.write(
            f"\n{to_place} passages need placing on {pages} pages; "
            f"{len(results)} sources in {elapsed:.1f} s."
        )

    def write_report(self, path, results, elapsed):
        report = {
            "sources": [result.as_report() for result in results],
            "seconds": round(elapsed, 2),
        }
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"Report written to {path}.")
