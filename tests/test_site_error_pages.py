"""Friendly error pages: a 404 in the site's layout, and a 500 that still renders when
the database it would normally read is down."""

from bs4 import BeautifulSoup

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_missing_page_gets_a_friendly_404_in_the_site_layout(html, condition_page):
    soup = html("/conditions/no-such-condition/", status=404)

    assert soup.title.text == "Page not found | SSO"
    assert soup.h1.text == "Page not found"
    links = {a["href"] for a in soup.select("main a")}
    assert {"/search/", "/conditions/", "/"} <= links
    assert soup.select_one("header form[role=search]")


def test_500_page_renders_without_a_request_or_a_query():
    # Django's handler500 renders 500.html with no context and no request at all. The
    # test has no database access, so pytest-django makes any query an error.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Sorry, there is a problem with this page"
    assert soup.select_one("link[rel=stylesheet]")["href"] == "/static/css/site.css"
    assert "call 112" in soup.select_one("main").text


def test_database_down_gives_a_503_page_that_needs_no_database(monkeypatch):
    def database_down(connection):
        raise OperationalError("could not connect to server: Connection refused")

    # Every query, the page's and any the error page might make, now fails.
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", database_down)
    client = Client(raise_request_exception=False)

    response = client.get("/conditions/bone-metastases/")

    # tests/test_outages.py cuts a real database; here the error page alone is checked.
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Sorry, this service is briefly unavailable"
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("header a.site-header__logo").text == "SSO Hospital"
