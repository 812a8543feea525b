"""Security headers on every kind of response, and a Content-Security-Policy on the
public site strict enough that nothing inline can run (tests/browser/ proves in
Chromium that the site breaks no rule of it)."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PAGES = [
    ("/", 200),
    ("/conditions/", 200),
    ("/conditions/bone-metastases/", 200),
    ("/search/?q=bone", 200),
    ("/search/?q=nothing+matches+this", 200),
    ("/no-such-page/", 404),
]


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def assert_security_headers(response):
    for header, value in HEADERS.items():
        assert response[header] == value, header
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_public_pages_carry_the_security_headers_and_a_strict_policy(
    client, condition_page, path, status
):
    response = client.get(path)

    assert response.status_code == status
    assert_security_headers(response)
    assert policy(response) == STRICT_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v2/pages/", 200),
        ("/api/v2/pages/{id}/", 200),
        ("/api/v2/pages/999999/", 404),
        ("/api/v2/pages/?limit=nonsense", 400),
        ("/api/v2/page_preview/?token=forged", 403),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
    ],
)
def test_api_and_machine_readable_responses_carry_the_security_headers(
    client, condition_page, path, status
):
    response = client.get(path.format(id=condition_page.pk))

    assert response.status_code == status
    assert_security_headers(response)
    # Nothing in JSON or XML needs what the policy forbids, so it stays on.
    assert policy(response) == STRICT_POLICY


def test_public_pages_have_nothing_inline_for_the_policy_to_refuse(client, condition_page):
    condition_page.hero_image = ImageFactory()  # the body holds one block of each type
    condition_page.save_revision().publish()

    for path, status in PAGES:
        response = client.get(path)
        assert response.status_code == status
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select("style, [style]") == [], path
        scripts = {script.get("type") for script in soup.select("script")}
        assert scripts <= {"application/ld+json"}, path
        handlers = [
            (element.name, attribute)
            for element in soup.find_all(True)
            for attribute in element.attrs
            if attribute.startswith("on")
        ]
        assert handlers == [], path
        assert not soup.select("[href^='javascript:' i]"), path


def test_condition_page_keeps_its_json_ld_under_the_policy(client, condition_page):
    # Browsers never run a JSON-LD data block, so script-src 'self' leaves it alone
    # (tests/browser/test_content_security_policy.py reads it in Chromium).
    response = client.get(condition_page.url)

    # The policy stays strict: no 'unsafe-inline', nonce or hash lets the block through.
    assert policy(response) == STRICT_POLICY
    [data_block] = BeautifulSoup(response.content, "html.parser").select(
        "script[type='application/ld+json']"
    )
    assert not data_block.has_attr("src")
    data = json.loads(data_block.string)
    assert (data["@type"], data["about"]["name"]) == ("MedicalWebPage", "Bone metastases")


def test_admin_is_outside_the_policy_and_editors_still_edit(editor_client, condition_page):
    response = editor_client.get(f"/admin/pages/{condition_page.pk}/edit/")

    assert response.status_code == 200
    # Wagtail's admin runs inline scripts, so it gets no Content-Security-Policy...
    assert "Content-Security-Policy" not in response
    # ...but every other header.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_headless_preview_redirect_lands_on_json_under_the_policy(editor_client, condition_page):
    redirect = editor_client.get(f"/admin/condition-pages/{condition_page.pk}/app-preview/")
    assert redirect.status_code == 302
    preview = editor_client.get(redirect["Location"])

    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/json"
    assert policy(preview) == STRICT_POLICY
    assert preview["X-Content-Type-Options"] == "nosniff"


def test_api_docs_load_only_the_sites_own_files(client, db):
    response = client.get("/api/v3/docs/")

    assert response.status_code == 200
    assert policy(response) == STRICT_POLICY
    soup = BeautifulSoup(response.content, "html.parser")
    sources = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link")]
    assert sources and all(source.startswith("/static/ninja/") for source in sources)
    # Its only inline script is the settings, a JSON data block that never runs.
    assert [s.get("type") for s in soup.select("script:not([src])")] == ["application/json"]
