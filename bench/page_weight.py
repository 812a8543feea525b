"""Page weight and reflow of every kind of public page, as a patient's phone gets it:
the HTML's size as sent with no compression, with gzip and with Brotli (what the
client asks for in Accept-Encoding), the time to the first byte, and whether the page
scrolls sideways at 320 px, 375 px and 200 % zoom (Chromium, when it is installed).
Printed figures, never tests; every page should stay under PAGE_BUDGET bytes of HTML
whatever the catalogue's size.

    python bench/page_weight.py http://127.0.0.1:8000   # any running site
    (bench/run.py prints it at each catalogue size, for its own gunicorn)
"""

import http.client
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

PAGE_BUDGET = 60 * 1024
ENCODINGS = ["identity", "gzip", "br"]
CHROMIUM = Path("/usr/bin/chromium")
# The sizes the browser tests check too (tests/browser/test_reflow.py): a small phone,
# a common phone, and a 1280 × 900 desktop window zoomed to 200 %.
REFLOW_VIEWPORTS = {
    "320 px": {"viewport": {"width": 320, "height": 640}},
    "375 px": {"viewport": {"width": 375, "height": 812}},
    "200 % zoom": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
TIMINGS = 5


def pages(base):
    """(name, path) of every kind of page; the specialty filter takes the first
    specialty the A–Z index offers."""
    index = urllib.request.urlopen(base + "/conditions/", timeout=60).read().decode()
    specialty = re.search(r'<option value="([-\w]+)"', index)
    return [
        ("home", "/"),
        ("A–Z index", "/conditions/"),
        ("A–Z letter B", "/conditions/letter/b/"),
        ("A–Z by specialty", f"/conditions/?specialty={specialty.group(1) if specialty else ''}"),
        ("article", "/conditions/bone-metastases/"),
        ("search results", "/search/?q=bone"),
        ("appointment form", "/appointments/?condition=bone-metastases"),
        ("page not found", "/no-such-page/"),
    ]


# Not pages, but what a phone downloads with them; PAGE_BUDGET is for HTML only.
OTHER_RESPONSES = [
    ("stylesheet (CSS)", "/static/css/site.css"),
    ("API v2 listing, 20 (JSON)", "/api/v2/pages/?type=condition_pages.ConditionPage&limit=20"),
    ("API v3 conditions, 20 (JSON)", "/api/v3/conditions/?limit=20"),
]


def fetch(base, path, encoding, method="GET", body=None, headers=None):
    """(status, bytes of the body as sent, seconds to the first byte, headers)."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        started = time.perf_counter()
        connection.request(
            method, path, body=body, headers={"Accept-Encoding": encoding, **(headers or {})}
        )
        response = connection.getresponse()
        first_byte = time.perf_counter() - started
        return response.status, response.read(), first_byte, response.headers
    finally:
        connection.close()


def form_with_errors(base):
    """The appointment form sent back with errors (no name, no consent): GET it for
    the CSRF cookie and token, then POST, as a browser does. Returns (method, path,
    body, headers) to send again."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/appointments/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "phone": "call me", "condition": "bone"}
    )
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": base + "/appointments/",
    }
    return "POST", "/appointments/", body, headers


def weigh(base):
    """{name: {encoding: bytes, "seconds": median time to first byte, "status": …}}."""
    requests = [(name, "GET", path, None, None) for name, path in pages(base)]
    requests.append(("appointment form with errors", *form_with_errors(base)))
    requests += [(name, "GET", path, None, None) for name, path in OTHER_RESPONSES]
    results = {}
    for name, method, path, body, headers in requests:
        row = {}
        for encoding in ENCODINGS:
            status, content, _, answer = fetch(base, path, encoding, method, body, headers)
            row[encoding] = len(content)
            row[f"{encoding} as"] = answer.get("Content-Encoding", "identity")
            row["status"] = status
        times = [fetch(base, path, "identity", method, body, headers)[2] for _ in range(TIMINGS)]
        row["seconds"] = statistics.median(times)
        results[name] = row
    return results


def reflow(base):
    """{name: {viewport: page width in CSS px, when wider than the viewport, else None}},
    or None without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            for label, options in REFLOW_VIEWPORTS.items():
                context = browser.new_context(**options)
                page = context.new_page()
                for name, path in pages(base):
                    page.goto(base + path)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    inner = page.evaluate("window.innerWidth")
                    results.setdefault(name, {})[label] = width if width > inner else None
                context.close()
        finally:
            browser.close()
    return results


def within_budget(name, row):
    if any(name == other for other, _ in OTHER_RESPONSES):
        return ""
    return "yes" if row["identity"] <= PAGE_BUDGET else "NO"


def print_report(base):
    weights = weigh(base)
    print(
        f"{'page (HTML)':30} {'status':>6} {'bytes':>8} {'gzip':>7} {'br':>7} "
        f"{'first byte':>10}  under {PAGE_BUDGET // 1024} KB"
    )
    for name, row in weights.items():
        compressed = [
            f"{row[encoding]:7d}" if row[f"{encoding} as"] == encoding else f"{'-':>7}"
            for encoding in ("gzip", "br")
        ]
        print(
            f"{name:30} {row['status']:6d} {row['identity']:8d} {' '.join(compressed)} "
            f"{row['seconds'] * 1000:8.1f} ms  {within_budget(name, row)}"
        )
    widths = reflow(base)
    if widths is None:
        print("reflow: not checked (no Chromium or Playwright)")
    else:
        wide = {
            f"{name} at {label}: {width} px"
            for name, row in widths.items()
            for label, width in row.items()
            if width
        }
        print(
            "reflow at "
            + ", ".join(REFLOW_VIEWPORTS)
            + ": "
            + ("; ".join(sorted(wide)) if wide else "no page scrolls sideways")
        )
    sys.stdout.flush()
    return weights


if __name__ == "__main__":
    print_report(sys.argv[1].rstrip("/"))
