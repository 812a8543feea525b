"""Real-browser tests: Playwright for Python drives Debian's Chromium against
pytest-django's live server, which serves the sample content from the test database.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run), never from
`playwright install`. Without it these tests skip on a developer's machine, but fail
under CI (the CI variable is set) so that CI can never pass without running them.
"""

import io
import os
from pathlib import Path

import pytest

from django.core.management import call_command

from condition_pages.models import ConditionIndexPage
from tests.factories.conditions import ConditionPageFactory, SpecialtyFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "small-phone": {"width": 320, "height": 640},
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 900},
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def chromium():
    """Chromium for one test. Per test, not per session, on purpose: Playwright's sync
    API runs an asyncio loop in this thread, and while it runs, Django (whose database
    connections live in context variables) must not set up or tear down the test
    database. Tests therefore ask for their content (site_url) before the browser."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install it with `apt-get install chromium`"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}. CI must run the browser tests, never skip them.")
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site_url(live_server):
    """The live server, serving the imported sample article and a few other conditions
    so that finding the right one means something."""
    call_command("load_sample_content", stdout=io.StringIO())
    index = ConditionIndexPage.objects.get()
    blood = SpecialtyFactory(name="Haematology", slug="haematology")
    for title in ["Anaemia", "Bone marrow failure", "Osteosarcoma"]:
        ConditionPageFactory(parent=index, title=title, specialties=[blood])
    return live_server.url


@pytest.fixture
def new_page(chromium):
    """new_page("phone" or "desktop", **context options): a tab in a fresh context."""
    contexts = []

    def open_page(viewport, **options):
        context = chromium.new_context(viewport=VIEWPORTS[viewport], **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def artifacts():
    """test-artifacts/ (gitignored): screenshots and reports to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def screenshot(artifacts):
    """screenshot(page, name): the whole page, to test-artifacts/<name>.png."""

    def save(page, name):
        page.screenshot(path=artifacts / f"{name}.png", full_page=True)

    return save


# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture
def axe():
    """axe(page): axe-core's violations on the page as it is now.

    axe is evaluated through the DevTools protocol, not added as a <script>: the site's
    Content-Security-Policy (on in these tests, so that they prove the site works under
    it) refuses inline scripts, and rightly so."""

    def run(page):
        page.evaluate(AXE_SCRIPT.read_text())
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return results["violations"]

    return run


@pytest.fixture
def sign_in(site_url):
    """Signs `page` in to the admin as staff do: the password, then, when `device` is
    given (tests.two_factor.second_factor), the code its authenticator shows now."""
    from tests.two_factor import totp_code

    def sign_in(page, username, password, device=None):
        page.goto(f"{site_url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        if device is not None:
            page.wait_for_url(f"{site_url}/admin/two-factor/verify/**")
            page.get_by_label("Code").fill(totp_code(device.bin_key))
            page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{site_url}/admin/")

    return sign_in
