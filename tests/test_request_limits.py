"""Hostile clients get nowhere fast: page passwords are throttled per client address,
public request bodies are refused before they are read, and gunicorn refuses
oversized request lines and headers."""

import socket

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from wagtail.models import PageViewRestriction

from tests.servers import gunicorn, production_env

PASSWORD = "right-password"


@pytest.fixture
def password_page(condition_page):
    restriction = PageViewRestriction.objects.create(
        page=condition_page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{condition_page.pk}/"
    return url, condition_page


def try_password(client, url, password):
    return client.post(url, {"password": password, "return_url": "/conditions/bone-metastases/"})


def test_page_password_attempts_are_throttled_per_address(settings, password_page):
    settings.PAGE_PASSWORD_RATE_LIMIT = "3/10m"
    url, page = password_page
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        wrong = try_password(client, url, "guess")
        assert wrong.status_code == 200  # the password form again
        assert "password" in wrong.text.lower()

    # Once over the limit even the right password waits: guessing is pointless.
    limited = try_password(client, url, PASSWORD)

    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 600
    soup = BeautifulSoup(limited.content, "html.parser")
    assert soup.h1.text == "Too many password attempts"
    assert soup.select_one("header a.site-header__logo")
    # Nor can a made-up X-Forwarded-For buy a fresh count.
    spoofed = client.post(
        url, {"password": PASSWORD, "return_url": "/"}, HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert spoofed.status_code == 429
    # Someone else, from another address, is not held up.
    other = try_password(Client(REMOTE_ADDR="198.51.100.4"), url, PASSWORD)
    assert other.status_code == 302
    assert other["Location"] == "/conditions/bone-metastases/"


def test_a_right_page_password_still_opens_the_page(password_page):
    url, page = password_page
    client = Client()
    assert try_password(client, url, PASSWORD).status_code == 302
    assert client.get("/conditions/bone-metastases/").status_code == 200


def test_large_public_bodies_are_refused_unread_with_a_413(client, db, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1000
    # The body is shorter than its Content-Length claims: reading it would fail.
    response = client.generic(
        "POST",
        "/appointments/",
        b"name=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="314572800",
    )

    assert response.status_code == 413
    assert BeautifulSoup(response.content, "html.parser").h1.text == "What you sent is too large"
    api = client.generic(
        "POST", "/api/v3/pages/", b"{}", content_type="application/json", CONTENT_LENGTH="5000"
    )
    assert api.status_code == 413
    assert api["Content-Type"] == "application/problem+json"
    # A body within the limit goes through as usual.
    assert client.post("/appointments/", {"name": "x"}).status_code == 200


def test_editors_uploads_are_not_held_to_the_public_limit(editor_client, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1000
    response = editor_client.post("/admin/pages/search/", {"q": "x" * 2000})

    assert response.status_code != 413


def test_staff_uploads_have_a_limit_of_their_own(editor_client, settings):
    settings.MAX_REQUEST_BODY_SIZE, settings.STAFF_MAX_REQUEST_BODY_SIZE = 1000, 3000
    response = editor_client.post("/admin/pages/search/", {"q": "x" * 4000})

    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/", "/admin/"])
def test_the_admins_anonymous_forms_get_the_public_limit(client, settings, django_user_model, path):
    settings.MAX_REQUEST_BODY_SIZE = 1000
    response = client.post(path, {"username": "x" * 2000, "password": "y"})

    assert response.status_code == 413
    # A signed-in user without access to the admin is held to it too.
    client.force_login(django_user_model.objects.create_user("patient", password="x"))
    assert client.post(path, {"username": "x" * 2000}).status_code == 413


def raw_request(url, request):
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
    return answer.decode("latin-1")


@pytest.mark.processes
def test_gunicorn_refuses_a_300_mb_post_without_reading_it(tmp_path, collected_static):
    with gunicorn(production_env(tmp_path, STATIC_ROOT=str(collected_static))) as url:
        # Only the headers are sent: the 413 comes back without waiting for the body.
        answer = raw_request(
            url,
            b"POST /appointments/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 314572800\r\n\r\n--x\r\n",
        )
        assert answer.startswith("HTTP/1.1 413 ")

        long_line = raw_request(url, b"GET /?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        assert long_line.startswith("HTTP/1.1 414 ")
        many_headers = b"".join(b"X-Header-%d: x\r\n" % number for number in range(120))
        too_many = raw_request(url, b"GET / HTTP/1.1\r\nHost: a\r\n" + many_headers + b"\r\n")
        assert too_many.startswith("HTTP/1.1 431 "), too_many[:200]
