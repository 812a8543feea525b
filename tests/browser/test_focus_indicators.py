"""Every focus indicator has 3:1 contrast or more against the background around it
(WCAG 2.2 1.4.11; the ring is 3 px, as 2.4.13 asks at least 2): each link, button and
field reached with the Tab key on the article (with its dark call-to-action panel and
the dark header) and on the form with errors, and the error summary itself."""

import pytest
from playwright.sync_api import expect

from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # What the browser renders, whatever the database: CI's SQLite run only.
    sqlite_run_only("measures the focus rings as rendered"),
]

# The focused element's outline (colour, width) and the first opaque background seen
# just above its ring (what the eye compares it with, a skip link over the header
# included), as sRGB triples.
FOCUS_RING = """() => {
    const element = document.activeElement;
    const rgb = (colour) => {
        const parts = colour.match(/[\\d.]+/g).map(Number);
        return parts.length > 3 && parts[3] === 0 ? null : parts.slice(0, 3);
    };
    const box = element.getBoundingClientRect();
    const y = box.top >= 6 ? box.top - 6 : box.bottom + 6;
    let behind = null;
    for (const node of document.elementsFromPoint(box.left + box.width / 2, y)) {
        if (!element.contains(node) && (behind = rgb(getComputedStyle(node).backgroundColor))) {
            break;
        }
    }
    const style = getComputedStyle(element);
    return {
        name: element.tagName + " " + (element.textContent || element.name || "").trim(),
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        ring: rgb(style.outlineColor),
        behind: behind || [255, 255, 255],
    };
}"""


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def assert_visible_ring(found):
    assert found["style"] != "none" and found["width"] >= 2, found
    assert found["ring"] is not None, found
    assert contrast(found["ring"], found["behind"]) >= 3, found


def tab_through(page, stops):
    rings = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_RING)
        if found["name"].startswith("BODY"):
            break
        rings.append(found)
    return rings


def test_every_focus_ring_stands_out_from_its_background(site_url, new_page):
    page = new_page("phone")
    page.goto(f"{site_url}/conditions/bone-metastases/")
    rings = tab_through(page, 80)
    assert len(rings) > 15
    # The header's links and the call-to-action panel's buttons, on dark blue, too.
    dark = [ring for ring in rings if ring["behind"] == [7, 55, 99]]
    assert any("Get an appointment" in ring["name"] for ring in dark), rings
    for found in rings:
        assert_visible_ring(found)

    page.goto(f"{site_url}/appointments/")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_visible_ring(page.evaluate(FOCUS_RING))
    for found in tab_through(page, 30):
        assert_visible_ring(found)


def test_the_check_finds_a_faint_ring(chromium, new_page):
    """It can fail: a yellow ring on white (1.6:1) and a dark ring on the dark panel."""
    page = new_page("phone")
    ring = '<div style="background:{};padding:20px"><a href="#" style="outline:3px solid {}">a</a>'
    page.set_content(ring.format("#fff", "#ffbf47") + "</div>" + ring.format("#073763", "#1d1d1f"))
    for link in page.locator("a").all():
        link.focus()
        with pytest.raises(AssertionError):
            assert_visible_ring(page.evaluate(FOCUS_RING))
