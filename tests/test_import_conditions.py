"""`manage.py import_conditions`: a batch of sources, each in its own transaction, each
bad one with its own message; re-imports update the same draft; --dry-run and
--report; the exit status says whether any source failed."""

import io
import json
import shutil

import pytest

from django.core.management import CommandError, call_command

from condition_pages.models import ConditionPage
from importer.models import ImportedSource, ImportNote
from tests.import_corpus.scoring import CORPUS
from tests.importer_sources import GOUT, LEFTOVER, zip_of

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_conditions", *map(str, args), stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_each_bad_source_gets_its_message_and_the_rest_of_the_batch_goes_on(
    condition_index, tmp_path, settings
):
    settings.IMPORTER_MAX_SOURCE_BYTES = 60_000
    batch = tmp_path / "old-site"
    batch.mkdir()
    shutil.copy(CORPUS / "osteosarcoma.docx", batch / "good.docx")
    (batch / "empty.txt").write_bytes(b"  \n\n")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (batch / "latin1.txt").write_bytes("What are The Symptoms of Caf\xe9?".encode("latin-1"))
    (batch / "huge.html").write_bytes(b"<p>" + b"a" * 70_000 + b"</p>")
    (batch / "fake.docx").write_bytes(zip_of("notes.txt", b"hello"))
    (batch / "old-word.docx").write_bytes(b"\xd0\xcf\x11\xe0 an old .doc file")
    (batch / "no-sections.txt").write_text("Our hospital opened in 1990.\n\nWe care.\n")

    out, error = run(batch)

    assert error == "7 of 8 sources failed (see above)."
    for name, message in [
        ("empty.txt", "empty: the file has no text."),
        ("binary.txt", "binary data, not text"),
        ("latin1.txt", "not UTF-8 text: byte 0xe9 at position 28"),
        ("huge.html", "too large: 70,007 bytes, and a source may be at most 60,000."),
        ("fake.docx", "not a Word document: the zip archive has no word/document.xml"),
        ("old-word.docx", "not a Word document: a .docx file is a zip archive"),
        ("no-sections.txt", "no recognisable sections"),
    ]:
        assert f"old-site/{name}: failed: {message}" in out, name
    assert "old-site/good.docx: created page" in out
    # Nothing half-made: one page, one record, for the one good source.
    assert ConditionPage.objects.count() == 1
    assert list(ImportedSource.objects.values_list("source", flat=True)) == ["old-site/good.docx"]
    summary = out.split("\n\n")[-2].splitlines()
    assert summary[0].split() == ["result", "docx", "html", "txt", "total"]
    assert [row.split() for row in summary[1:]] == [
        ["created", "1", "0", "0", "1"],
        ["failed", "2", "1", "4", "7"],
        ["all", "3", "1", "4", "8"],
    ]


def latest(page):
    return ConditionPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_dry_run_makes_nothing_and_says_what_it_would(condition_index):
    out, error = run(CORPUS / "osteosarcoma.txt", "--dry-run")
    assert error is None
    assert "osteosarcoma.txt: would create “Osteosarcoma” (7 blocks, 0 to place" in out
    assert not ConditionPage.objects.exists()
    assert not ImportedSource.objects.exists()


def test_reimport_updates_the_same_draft_and_keeps_an_editors_changes(condition_index, tmp_path):
    source = tmp_path / "gout.txt"
    source.write_text(GOUT)
    run(source)
    page = ConditionPage.objects.get()
    assert run(source)[0].count("unchanged") == 2  # the line and the summary table

    source.write_text(GOUT.replace("reduce pain", "reduce the pain"))
    out, _ = run(source)
    assert f"gout.txt: updated page {page.pk}" in out
    page = ConditionPage.objects.get()  # the same page, with its new latest revision
    draft = page.get_latest_revision_as_object()
    assert "reduce the pain" in json.dumps(draft.body.get_prep_value())

    # An editor changes the draft: a re-import leaves it alone unless told otherwise.
    draft.summary = "Written by an editor."
    draft.save_revision()
    source.write_text(GOUT.replace("reduce pain", "ease pain"))
    out, _ = run(source)
    assert "its draft has been edited since it was imported: kept" in out
    assert latest(page).summary == "Written by an editor."
    out, _ = run(source, "--overwrite")
    assert "updated" in out
    assert latest(page).summary != "Written by an editor."
    assert ConditionPage.objects.count() == 1


def test_report_gives_each_sources_page_blocks_leftovers_and_what_was_dropped(
    condition_index, tmp_path
):
    source = tmp_path / "gout.txt"
    source.write_text(GOUT)
    report_file = tmp_path / "report.json"
    out, error = run(source, CORPUS / "bone-metastases.txt", "--report", report_file)
    assert error is None  # a leftover is for the editor, not a failure
    assert "1 passages need placing on 1 pages" in out
    report = {item["source"]: item for item in json.loads(report_file.read_text())["sources"]}

    gout = report["gout.txt"]
    page = ConditionPage.objects.get(pk=gout["page_id"])
    assert gout["status"] == "created" and page.title == gout["title"] == "Gout"
    assert [block["type"] for block in gout["blocks"]] == ["symptoms", "treatment"]
    assert gout["blocks"][1]["options"][0]["name"] == "Anti-inflammatory medicines"
    assert gout["needs_placing"] == [{"text": LEFTOVER, "where": "What are The Symptoms of Gout?"}]
    assert list(ImportNote.objects.values_list("text", flat=True)) == [LEFTOVER]

    bone = report["bone-metastases.txt"]
    assert {item["why"] for item in bone["dropped"]} >= {
        "the booking banner: it became the call to action",
        "page furniture (the testimonials)",
    }
    assert bone["blocks"][1] == {
        "type": "call_to_action",
        "headline": "Expert cancer care is one call away",
        "text": "Appointments in as little as 24 hours.",
    }
