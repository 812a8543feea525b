"""Compressed answers without an HTTP cache in front (a single server): pages, API
JSON and the sitemap in Brotli or gzip as the client asks, ETags and 304s intact,
pages from the page cache too; never an answer carrying a CSRF token or one to
signed-in staff, nor a streamed download; static files compressed at build time.
Through Varnish: tests/test_http_cache_varnish.py."""

import gzip
import json
import urllib.request

import brotli
import pytest

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from tests.servers import gunicorn, production_env

ARTICLE = "/conditions/bone-metastases/"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def get(client, path, accept_encoding=None, **headers):
    if accept_encoding is not None:
        headers["accept-encoding"] = accept_encoding
    return client.get(path, headers=headers)


def decoded(response):
    encoding = response.get("Content-Encoding")
    return DECODE[encoding](response.content) if encoding else response.content


@pytest.mark.parametrize(
    "accept_encoding, encoding",
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.8", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=0, br;q=0", None),
        ("gzip;q=nonsense, \x00, " + "x" * 1000, None),
    ],
)
def test_pages_api_and_sitemap_come_in_the_encoding_asked_for(
    client, condition_page, accept_encoding, encoding
):
    paths = [
        ARTICLE,
        "/",
        "/conditions/",
        "/search/?q=bone",
        "/sitemap.xml",
        f"/api/v2/pages/{condition_page.pk}/",
        f"/api/v3/pages/{condition_page.pk}/",
        "/api/v3/conditions/",
        "/no-such-page/",
    ]
    for path in paths:
        plain = get(client, path)
        response = get(client, path, accept_encoding)

        assert response.get("Content-Encoding") == encoding, path
        assert decoded(response) == plain.content, path
        assert "Accept-Encoding" in response["Vary"], path
        if encoding:
            assert int(response["Content-Length"]) == len(response.content) < len(plain.content)


def test_compressed_article_is_a_third_of_its_size_or_less(client, condition_page):
    plain = get(client, ARTICLE).content
    for encoding in ("br", "gzip"):
        assert len(get(client, ARTICLE, encoding).content) * 3 < len(plain), encoding


def test_etag_and_304_work_in_every_encoding(client, condition_page):
    plain = get(client, ARTICLE)
    compressed = get(client, ARTICLE, "br")

    # Another representation of the same page: the same validator, weak.
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    for etag in (plain["ETag"], compressed["ETag"]):
        for encoding in ("br", "gzip", ""):
            again = get(client, ARTICLE, encoding, if_none_match=etag)
            assert again.status_code == 304, (etag, encoding)
            assert again.content == b""


def test_pages_from_the_page_cache_are_compressed_the_same(client, condition_page):
    first = get(client, ARTICLE, "br")
    cached = get(client, ARTICLE, "br")
    plain = get(client, ARTICLE, "")

    assert first["Content-Encoding"] == cached["Content-Encoding"] == "br"
    assert decoded(first) == decoded(cached) == plain.content


def test_answers_carrying_a_csrf_token_are_never_compressed(client, condition_page):
    for path in ("/appointments/", "/appointments/?condition=bone-metastases"):
        response = get(client, path, "br, gzip")
        assert b'name="csrfmiddlewaretoken"' in response.content
        assert not response.has_header("Content-Encoding")
        assert "Accept-Encoding" not in response.get("Vary", "")

    errors = client.post("/appointments/", {"name": ""}, headers={"accept-encoding": "br"})
    assert errors.status_code == 200 and not errors.has_header("Content-Encoding")


def test_signed_in_staff_get_nothing_compressed(editor_client, condition_page):
    for path in ("/admin/", ARTICLE, f"/api/v2/pages/{condition_page.pk}/"):
        response = get(editor_client, path, "br, gzip")
        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path


def test_suggestions_json_is_compressed(client, condition_page, make_condition):
    for number in range(8):
        make_condition(title=f"Bone condition number {number} with a long enough name")
    plain = get(client, "/appointments/conditions/?q=bone")
    response = get(client, "/appointments/conditions/?q=bone", "gzip")

    assert response["Content-Encoding"] == "gzip"
    assert json.loads(decoded(response)) == json.loads(plain.content)


def test_streamed_downloads_pass_untouched(client, db):
    text = b"Leaflet: what to expect after radiotherapy.\n" * 200
    document = get_document_model().objects.create(
        title="Leaflet", file=ContentFile(text, name="leaflet.txt")
    )

    response = get(client, document.url, "br, gzip")

    assert response.status_code == 200 and response.streaming
    # (Wagtail's document view itself says "Content-Encoding: None".)
    assert response.get("Content-Encoding") not in ("br", "gzip")
    assert b"".join(response.streaming_content) == text


@pytest.mark.processes
def test_static_files_are_compressed_at_build_and_served_so(tmp_path, collected_static):
    """collectstatic (as the Dockerfile runs it) writes a Brotli and a gzip copy of each
    stylesheet, script and SVG; WhiteNoise serves the one the browser asks for."""
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    names = [
        manifest[name]
        for name in ("css/site.css", "img/favicon.svg", "appointments/appointment-form.js")
    ]
    for name in names:
        original = (collected_static / name).read_bytes()
        assert brotli.decompress((collected_static / f"{name}.br").read_bytes()) == original
        assert gzip.decompress((collected_static / f"{name}.gz").read_bytes()) == original

    with gunicorn(production_env(tmp_path, STATIC_ROOT=str(collected_static))) as url:
        for encoding in ("br", "gzip"):
            request = urllib.request.Request(
                f"{url}/static/{names[0]}",
                headers={"Accept-Encoding": encoding, "X-Forwarded-Proto": "https"},
            )
            with urllib.request.urlopen(request, timeout=25) as response:
                assert response.headers["Content-Encoding"] == encoding
                assert "Accept-Encoding" in response.headers["Vary"]
                body = DECODE[encoding](response.read())
            assert body == (collected_static / names[0]).read_bytes()
