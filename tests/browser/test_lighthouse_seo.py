"""Lighthouse's SEO audits in Debian's Chromium on the English article, its Hindi and
Marathi translations and the Hindi A–Z: the `hreflang` set is valid and the SEO score
is at least 0.9 (issue 20).

Lighthouse is pinned in tests/lighthouse/ (`npm ci` there); tests/lighthouse/seo.mjs
runs it in one Chromium started by chrome-launcher from CHROME_PATH, so nothing is
downloaded. Without Node, the packages or Chromium the test skips, except under CI."""

import http.server
import io
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from tests.browser.conftest import CHROMIUM
from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # An audit of the HTML, which the database does not change: it runs in CI's SQLite
    # run only, keeping ~50 s off the PostgreSQL run, the longer of the two.
    sqlite_run_only("Lighthouse audits the HTML"),
]

FOLDER = Path(__file__).resolve().parents[1] / "lighthouse"
SCRIPT = FOLDER / "seo.mjs"
MINIMUM_SCORE = 0.9

# The article and its translations claim each other (and English as x-default); the
# A–Z index claims its translations; a letter page claims none (no other language has
# its letter).
PAGES = {
    "/conditions/bone-metastases/": {"en", "hi", "mr", "x-default"},
    "/hi/conditions/bone-metastases/": {"en", "hi", "mr", "x-default"},
    "/mr/conditions/bone-metastases/": {"en", "hi", "mr", "x-default"},
    "/hi/conditions/": {"en", "hi", "mr", "x-default"},
    "/hi/conditions/letter/ह/": set(),
}

# What the check must refuse: a language code that is none, a relative address.
BAD_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bad hreflang</title><meta name="description" content="A page built to fail.">
<link rel="alternate" hreflang="english" href="/en/">
<link rel="alternate" hreflang="hi" href="/hi/">
</head><body><h1>Bad hreflang</h1></body></html>"""


def require(path, what):
    if path.exists() and shutil.which("node"):
        return
    reason = f"{what} is missing: run `npm ci` in tests/lighthouse/ (Node) and install chromium"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}. CI must run Lighthouse, never skip it.")
    pytest.skip(reason)


@pytest.fixture
def bad_page_url():
    """A server of one page with a broken hreflang set, beside the live server."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(BAD_PAGE if self.path == "/" else b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def hreflangs(url):
    with urlopen(url, timeout=30) as response:
        soup = BeautifulSoup(response.read(), "html.parser")
    return {link["hreflang"] for link in soup.select('head link[rel="alternate"][hreflang]')}


def test_lighthouse_accepts_the_hreflang_set_and_scores_seo(live_server, bad_page_url):
    require(FOLDER / "node_modules" / "lighthouse", "Lighthouse")
    require(CHROMIUM, str(CHROMIUM))
    call_command("load_sample_content", "--demo-translations", stdout=io.StringIO())
    urls = {live_server.url + quote(path): path for path in PAGES}
    # The audit passes on a page with no hreflang at all: first, the pages have theirs.
    assert {path: hreflangs(url) for url, path in urls.items()} == PAGES

    result = subprocess.run(
        ["node", str(SCRIPT), *urls, bad_page_url],
        cwd=FOLDER,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)

    for url, path in urls.items():
        report = reports[url]
        failed = {
            id: (audit["title"], audit["explanation"], audit["items"])
            for id, audit in report["audits"].items()
            if audit["score"] is not None and audit["score"] < 1
        }
        print(f"Lighthouse SEO {report['score']:.2f} {path} failed: {sorted(failed) or 'none'}")
        assert report["audits"]["hreflang"]["score"] == 1, (path, failed)
        assert report["score"] >= MINIMUM_SCORE, (path, failed)
    # The check can fail: the same run refuses a page built with a broken hreflang set.
    bad = reports[bad_page_url]["audits"]["hreflang"]
    assert bad["score"] == 0
    assert len(bad["items"]) == 2, bad
