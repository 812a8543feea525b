"""The shipped Varnish configuration (deploy/varnish/default.vcl) in front of the app:
Debian's varnishd on a free loopback port, its backend the pytest-django live server,
and the app purging it through Wagtail's frontend cache as it would in production.

Without varnishd these tests skip on a developer's machine, but fail under CI (the CI
variable is set) so that CI can never pass without running them.
"""

import gzip
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import brotli
import pytest

from wagtail.models import APIToken, PageViewRestriction, Site

from content_api.preview import preview_token
from tests.factories.conditions import (
    CallToActionFactory,
    ConditionPageFactory,
    SpecialtyFactory,
    stream,
)
from tests.servers import varnish
from tests.staff import StaffClient

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_TITLE = "Bone metastases (secondary bone cancer)"


@pytest.fixture(scope="module")
def varnish_port(live_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("varnish")
    with varnish(urlsplit(live_server.url).port, workdir) as port:
        yield port


@dataclass
class Answer:
    status: int
    headers: object
    text: str

    @property
    def cache(self):
        return self.headers["X-Cache"]

    def json(self):
        return json.loads(self.text)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url, headers=None, method="GET"):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=60) as response:
            return Answer(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode())


@pytest.fixture
def cache_url(varnish_port, home_page, settings):
    """The site's address through Varnish, which the app purges: the default site is
    Varnish's address, as in production the public host name is the cache's."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", varnish_port
    site.save()
    url = f"http://127.0.0.1:{varnish_port}"
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "publishing.cache_purge.HTTPPurgeBackend",
            "LOCATION": url,
        }
    }
    # The cache outlives each test's database: start from an empty one.
    assert fetch(f"{url}/*", method="PURGE").status == 200
    return url


@pytest.fixture
def showing(cache_url, condition_page, make_condition, home_page):
    """Every URL that shows the bone metastases article, with a related condition
    that links to it and the home page featuring it."""
    referrer = make_condition(title="Spinal cord compression", slug="spinal-cord-compression")
    referrer.related_conditions.create(related_page=condition_page)
    referrer.save_revision().publish()
    home_page.featured_conditions.create(condition=condition_page)
    home_page.save_revision().publish()
    pk, referrer_pk = condition_page.pk, referrer.pk
    return [
        f"{cache_url}/conditions/bone-metastases/",
        f"{cache_url}/conditions/",
        f"{cache_url}/",
        f"{cache_url}/conditions/spinal-cord-compression/",
        f"{cache_url}/api/v2/pages/{pk}/",
        f"{cache_url}/api/v2/pages/?type=condition_pages.ConditionPage&fields=title",
        f"{cache_url}/api/v2/pages/{referrer_pk}/?fields=related_conditions",
        f"{cache_url}/api/v3/pages/{pk}/",
        f"{cache_url}/api/v3/conditions/?order=title",
    ]


def warm(urls):
    for url in urls:
        fetch(url)
        assert fetch(url).cache == "HIT", url


def test_second_anonymous_get_is_a_cache_hit(cache_url, showing):
    for url in [*showing, f"{cache_url}/sitemap.xml", f"{cache_url}/robots.txt"]:
        first = fetch(url)
        assert (first.status, first.cache) == (200, "MISS"), url
        second = fetch(url)
        assert (second.status, second.cache) == (200, "HIT"), url
        # Varnish names the request that stored the object beside this one.
        assert len(second.headers["X-Varnish"].split()) == 2
        assert second.text == first.text
        assert "public" in second.headers["Cache-Control"]


def test_publish_shows_the_new_text_everywhere_at_once(showing, condition_page):
    warm(showing)

    condition_page.title = NEW_TITLE
    condition_page.save_revision().publish()

    for url in showing:
        answer = fetch(url)
        assert answer.cache == "MISS", url
        assert NEW_TITLE in answer.text, url


def test_publish_purges_every_query_string_of_a_listing(cache_url, condition_page):
    listings = [
        f"{cache_url}/api/v2/pages/?fields=title&limit={limit}" for limit in (5, 10, 20)
    ] + [f"{cache_url}/conditions/?specialty=unknown", f"{cache_url}/conditions/"]
    warm(listings)

    condition_page.save_revision().publish()

    assert [fetch(url).cache for url in listings] == ["MISS"] * len(listings)


def test_unpublish_takes_the_page_out_of_every_cached_answer(showing, condition_page):
    warm(showing)

    condition_page.unpublish()

    article, *others = showing
    assert fetch(article).status == 404
    for url in others:
        answer = fetch(url)
        if answer.status == 200:
            assert "Bone metastases" not in answer.text, url
        else:
            assert answer.status == 404, url


def test_deleting_a_page_takes_it_out_of_the_cache(cache_url, showing, condition_page):
    warm(showing)

    condition_page.delete()

    assert fetch(f"{cache_url}/conditions/bone-metastases/").status == 404
    assert "Bone metastases" not in fetch(f"{cache_url}/conditions/").text
    assert "Bone metastases" not in fetch(f"{cache_url}/api/v3/conditions/?order=title").text


def test_making_a_page_private_takes_it_out_of_the_cache(cache_url, showing, condition_page):
    warm(showing)

    restriction = PageViewRestriction.objects.create(
        page=condition_page, restriction_type=PageViewRestriction.LOGIN
    )

    article, index, home, referrer, *api = showing
    assert fetch(article).status == 302  # to the login page
    for url in [index, home, referrer, *api]:
        answer = fetch(url)
        assert answer.status == 404 or "Bone metastases" not in answer.text, url

    restriction.delete()
    assert "Bone metastases" in fetch(index).text


def test_signed_in_editor_always_reaches_the_app(cache_url, condition_page, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    browser = StaffClient()  # signed in with both factors (tests/staff.py)
    browser.force_login(editor)
    signed_in = {"Cookie": f"sessionid={browser.cookies['sessionid'].value}; _ga=GA1.2.3"}
    article = f"{cache_url}/conditions/bone-metastases/"
    fetch(article)  # cached for the public

    for _ in range(2):
        answer = fetch(article, headers=signed_in)
        assert answer.cache == "PASS"
        assert "private" in answer.headers["Cache-Control"]
        assert "wagtail-userbar" in answer.text  # rendered for the editor by the app

    public = fetch(article)
    assert public.cache == "HIT"
    assert "wagtail-userbar" not in public.text


def test_analytics_cookies_do_not_split_the_cache(cache_url, condition_page):
    article = f"{cache_url}/conditions/bone-metastases/"
    fetch(article, headers={"Cookie": "_ga=GA1.2.3"})
    assert fetch(article, headers={"Cookie": "_ga=GA1.9.9; _gid=x"}).cache == "HIT"


def test_authorization_header_always_reaches_the_app(cache_url, condition_page, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "x")
    token = APIToken.create_token(user=editor, name="App preview")[1]
    condition_page.title = "DRAFT TITLE"
    condition_page.save_revision()
    draft = f"{cache_url}/api/v3/pages/{condition_page.pk}/?version=draft"

    for _ in range(2):
        answer = fetch(draft, headers={"Authorization": f"Bearer {token}"})
        assert (answer.status, answer.cache) == (200, "PASS")
        assert answer.json()["title"] == "DRAFT TITLE"

    assert "DRAFT TITLE" not in fetch(draft).text
    assert "DRAFT TITLE" not in fetch(draft).text
    live = fetch(f"{cache_url}/api/v3/pages/{condition_page.pk}/")
    assert live.json()["title"] == "Bone metastases"


def test_draft_never_enters_the_cache(cache_url, condition_index):
    draft = ConditionPageFactory(
        parent=condition_index, title="Hypercalcaemia", slug="hypercalcaemia", live=False
    )
    url = f"{cache_url}/conditions/hypercalcaemia/"
    assert [(answer.status, answer.cache) for answer in (fetch(url), fetch(url))] == [
        (404, "MISS"),
        (404, "MISS"),
    ]

    draft.save_revision().publish()
    assert fetch(url).status == 200


def test_unpublished_changes_and_previews_never_enter_the_cache(cache_url, condition_page):
    condition_page.title = "DRAFT TITLE"
    revision = condition_page.save_revision()
    preview = f"{cache_url}/api/v2/page_preview/?token={preview_token(revision)}"

    answers = [fetch(preview), fetch(preview)]
    assert [answer.cache for answer in answers] == ["MISS", "MISS"]
    assert all("DRAFT TITLE" in answer.text for answer in answers)
    for _ in range(2):
        assert "DRAFT TITLE" not in fetch(f"{cache_url}/conditions/bone-metastases/").text


@pytest.mark.parametrize("path", ["/appointments/", "/search/?q=bone", "/admin/login/"])
def test_forms_search_and_admin_are_never_cached(cache_url, condition_page, path):
    answers = [fetch(cache_url + path), fetch(cache_url + path)]
    assert [answer.status for answer in answers] == [200, 200]
    assert "HIT" not in [answer.cache for answer in answers]


def test_only_the_app_servers_may_purge(cache_url, condition_page, varnish_port):
    article = f"{cache_url}/conditions/bone-metastases/"
    warm([article])
    # Another machine, as far as the ACL can tell: a loopback address outside it.
    outsider = http.client.HTTPConnection(
        "127.0.0.1", varnish_port, timeout=60, source_address=("127.0.0.2", 0)
    )
    outsider.request("PURGE", "/*")
    assert outsider.getresponse().status == 403
    outsider.close()

    assert fetch(article).cache == "HIT"


def test_moving_a_page_purges_what_shows_it(cache_url, showing, condition_page):
    warm(showing)
    referrer = condition_page.get_next_siblings().get()

    condition_page.move(referrer, pos="right")  # reordered among the conditions

    assert [fetch(url).cache for url in showing] == ["MISS"] * len(showing)


def test_renaming_a_specialty_shows_on_the_cached_index(cache_url, condition_page, admin_client):
    specialty = SpecialtyFactory(name="Orthopaedic oncology", slug="orthopaedic-oncology")
    condition_page.specialties = [specialty]
    condition_page.save_revision().publish()
    index = f"{cache_url}/conditions/"
    warm([index])

    # Renamed in the admin, as editors do (Wagtail logs the edit).
    response = admin_client.post(
        f"/admin/snippets/condition_pages/specialty/edit/{specialty.pk}/",
        {"name": "Bone and joint oncology", "slug": specialty.slug},
    )
    assert response.status_code == 302

    answer = fetch(index)
    assert "Bone and joint oncology" in answer.text
    assert answer.cache == "MISS"


def test_an_approved_call_to_action_shows_on_the_cached_article(cache_url, condition_page):
    snippet = CallToActionFactory(headline="Call our helpline", link_phone="+91 22 1234 5678")
    condition_page.body = stream(
        "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": snippet}
    )
    condition_page.save_revision().publish()
    article = f"{cache_url}{condition_page.url}"
    warm([article])

    snippet.headline = "Call our helpline, day or night"
    revision = snippet.save_revision()
    assert fetch(article).cache == "HIT"  # a draft changes nothing
    revision.publish()  # as the Medical review's approval does

    answer = fetch(article)
    assert "Call our helpline, day or night" in answer.text
    assert answer.cache == "MISS"


@pytest.mark.parametrize("kind", ["login", "groups", "password"])
def test_a_private_page_seen_through_the_cache_by_its_visitor_never_reaches_the_public(
    cache_url, condition_page, make_condition, restrict_page, kind
):
    """A signed-in editor, a group member or a visitor who typed the password reads a
    private page and every listing through Varnish; anonymous readers after them get
    no trace of it, from Varnish or from the app's caches behind it."""
    private = make_condition(title="Zygomycosis of the bone", slug="zygomycosis")
    visitor = restrict_page(private, kind)
    session = {"Cookie": f"sessionid={visitor.cookies['sessionid'].value}"}
    urls = [
        f"{cache_url}{private.url}",
        f"{cache_url}/conditions/",
        f"{cache_url}/api/v2/pages/{private.pk}/",
        f"{cache_url}/api/v2/pages/?type=condition_pages.ConditionPage&fields=title",
        f"{cache_url}/api/v3/pages/{private.pk}/",
        f"{cache_url}/api/v3/conditions/",
    ]
    assert "Zygomycosis" in fetch(urls[0], headers=session).text
    for url in urls:
        for _ in range(2):
            assert fetch(url, headers=session).cache == "PASS", url

    for url in urls:
        for _ in range(2):
            assert "Zygomycosis" not in fetch(url).text, url


def fetch_encoded(url, accept_encoding):
    """(X-Cache, Content-Encoding, the body decoded, headers) of a GET asking for
    `accept_encoding`, as a browser would."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})
    with OPENER.open(request, timeout=60) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding")
        decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)
        return response.headers["X-Cache"], encoding, decode(body).decode(), response.headers


def test_varnish_keeps_one_copy_per_encoding_and_a_publish_clears_them_all(
    cache_url, condition_page
):
    article = f"{cache_url}/conditions/bone-metastases/"
    api = f"{cache_url}/api/v3/pages/{condition_page.pk}/"
    for url in (article, api):
        brotli_first = fetch_encoded(url, "gzip, deflate, br")
        assert brotli_first[:2] == ("MISS", "br"), url
        assert fetch_encoded(url, "br")[:2] == ("HIT", "br"), url
        gzip_first = fetch_encoded(url, "gzip, deflate")
        assert gzip_first[:2] == ("MISS", "gzip"), url
        # A client that takes neither gets the gzip copy unzipped by Varnish.
        plain = fetch_encoded(url, "identity")
        assert plain[:2] == ("HIT", None), url
        assert brotli_first[2] == gzip_first[2] == plain[2], url
        assert "Accept-Encoding" in gzip_first[3]["Vary"], url

    condition_page.title = NEW_TITLE
    condition_page.save_revision().publish()

    for url in (article, api):
        for accept_encoding, encoding in [("br, gzip", "br"), ("gzip", "gzip")]:
            cache, sent, text, _ = fetch_encoded(url, accept_encoding)
            assert (cache, sent) == ("MISS", encoding), (url, encoding)
            assert NEW_TITLE in text, (url, encoding)


def test_forms_pass_through_varnish_uncompressed(cache_url, condition_page):
    for _ in range(2):
        cache, encoding, text, _ = fetch_encoded(f"{cache_url}/appointments/", "br, gzip")
        assert (cache, encoding) == ("MISS", None)  # never stored, never compressed
        assert 'name="csrfmiddlewaretoken"' in text
