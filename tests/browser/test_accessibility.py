"""axe-core in Chromium on every kind of public page, at phone and desktop sizes: no
serious or critical WCAG 2.2 AA violation, and no sideways scrolling on a phone."""

import json

import pytest

from tests.browser.pages import PUBLIC_PAGES
from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # What the browser renders, whatever the database: CI's SQLite run only.
    sqlite_run_only("axe audits the pages as rendered"),
]

BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_pages_have_no_serious_accessibility_violations(
    site_url, new_page, axe, screenshot, artifacts, viewport
):
    page = new_page(viewport)
    report = {}
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(site_url + path)
        assert response.status == (404 if name == "not-found" else 200), name
        screenshot(page, f"{viewport}-{name}")
        report[name] = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in axe(page)
        ]
        # WCAG 1.4.10 Reflow: nothing makes a phone scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {viewport} size"
        )

    (artifacts / f"axe-{viewport}.json").write_text(json.dumps(report, indent=2))
    blocking = {
        name: [v for v in violations if v["impact"] in BLOCKING]
        for name, violations in report.items()
    }
    assert blocking == {name: [] for name in PUBLIC_PAGES}


def test_axe_finds_violations_when_there_are_some(chromium, new_page, axe):
    """The check above can fail: the same set-up reports a page built to violate."""
    page = new_page("phone")
    page.set_content(
        '<html><body><img src="x.png"><a href="/"></a>'
        '<p style="color:#aaa;background:#fff">faint</p></body></html>'
    )
    found = {violation["id"]: violation["impact"] for violation in axe(page)}
    assert found["image-alt"] == "critical"
    assert found["link-name"] == "serious"
    assert found["color-contrast"] == "serious"
    assert found["html-has-lang"] == "serious"
