"""English, Hindi and Marathi on the patients' site: the locales, the URLs of each
language, and the English URLs exactly as they were (docs/translations.md)."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Locale, Page

ENGLISH_URLS = [
    "/",
    "/conditions/",
    "/conditions/letter/b/",
    "/conditions/bone-metastases/",
    "/search/?q=bone",
    "/appointments/",
    "/appointments/thanks/",
    "/appointments/conditions/?q=bone",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v2/pages/",
    "/api/v3/conditions/",
]


@pytest.fixture
def hindi_page(condition_page, translate):
    return translate(
        condition_page,
        "hi",
        title="हड्डियों में फैला कैंसर",
        summary="जब कैंसर शरीर के किसी दूसरे हिस्से से हड्डियों तक फैल जाता है।",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_created_in_british_english_moves_to_english_with_its_pages():
    """A site made before it had languages has an "en-gb" locale; the migration makes
    it "en" in place, pages and all, and adds Hindi and Marathi."""
    executor = MigrationExecutor(connection)
    # The models as they were then (later migrations, undone with core's, add columns).
    before = executor.migrate([("core", None)]).apps
    before.get_model("wagtailcore", "Locale").objects.exclude(language_code="en").delete()
    english = before.get_model("wagtailcore", "Locale").objects.get(language_code="en")
    english.language_code = "en-gb"
    english.save()
    old_pages = before.get_model("wagtailcore", "Page").objects.filter(locale=english)
    page_ids = set(old_pages.values_list("pk", flat=True))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    english = Locale.objects.get(pk=english.pk)
    assert english.language_code == "en"
    assert set(Page.objects.filter(locale=english).values_list("pk", flat=True)) == page_ids
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "hi", "mr"}


def test_every_english_url_answers_where_it_always_did(client, condition_page, hindi_page):
    for url in ENGLISH_URLS:
        assert client.get(url).status_code == 200, url
    assert condition_page.url == "/conditions/bone-metastases/"
    assert condition_page.get_parent().url == "/conditions/"


def test_english_pages_stay_british_english(html, condition_page, hindi_page):
    page = html("/conditions/bone-metastases/")
    assert page.html["lang"] == "en-GB"
    assert page.html["dir"] == "ltr"


def test_a_hindi_page_lives_under_hi_in_hindi(html, hindi_page):
    assert hindi_page.url == "/hi/conditions/bone-metastases/"
    page = html("/hi/conditions/bone-metastases/")
    assert page.html["lang"] == "hi"
    assert page.h1.get_text() == "हड्डियों में फैला कैंसर"
    assert page.find(id="footer-appointment-heading").get_text() == "किसी विशेषज्ञ से मिलना है?"


def test_a_language_without_its_own_page_has_nothing_under_its_prefix(client, condition_page):
    assert client.get("/mr/conditions/bone-metastases/").status_code == 404
    assert client.get("/mr/").status_code == 404


def test_a_translation_is_not_shown_while_its_english_page_is_not_live(client, hindi_page):
    english = hindi_page.get_translation(Locale.objects.get(language_code="en"))
    english.unpublish()
    assert client.get("/hi/conditions/bone-metastases/").status_code == 404


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_sitemap_lists_every_language_with_hreflang_alternates(client, hindi_page):
    from xml.etree import ElementTree

    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entries = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    english = "http://testserver/conditions/bone-metastases/"
    hindi = "http://testserver/hi/conditions/bone-metastases/"
    expected = {"en": english, "hi": hindi, "x-default": english}
    assert entries[english] == expected
    assert entries[hindi] == expected


def test_each_page_names_its_languages_for_search_engines_and_people(html, hindi_page):
    for url in ["/conditions/bone-metastases/", "/hi/conditions/bone-metastases/"]:
        page = html(url)
        alternates = {
            link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")
        }
        assert alternates == {
            "en": "http://testserver/conditions/bone-metastases/",
            "hi": "http://testserver/hi/conditions/bone-metastases/",
            "x-default": "http://testserver/conditions/bone-metastases/",
        }
        # The switcher offers only the languages the page has: no Marathi here.
        switcher = page.find("nav", class_="language-switcher")
        assert [item.get_text() for item in switcher.find_all("li")] == ["English", "हिन्दी"]


def test_a_kept_route_shows_a_new_translation_and_an_unpublished_source_at_once(
    html, client, condition_page, hindi_page, translate
):
    """Read by URLs the page cache does not keep, an article's route and translations
    are kept (site_config.page_routes): a Marathi translation published since shows in
    the switcher, and the Hindi page is gone once its English page is unpublished."""
    for number in range(2):
        switcher = html(f"/hi/conditions/bone-metastases/?v={number}").find(
            "nav", class_="language-switcher"
        )
        assert [item.get_text() for item in switcher.find_all("li")] == ["English", "हिन्दी"]

    translate(condition_page, "mr", title="हाडांमध्ये पसरलेला कर्करोग")
    switcher = html("/hi/conditions/bone-metastases/?v=2").find("nav", class_="language-switcher")
    assert [item.get_text() for item in switcher.find_all("li")] == ["English", "हिन्दी", "मराठी"]

    condition_page.unpublish()
    assert client.get("/hi/conditions/bone-metastases/?v=3").status_code == 404


def test_a_page_in_one_language_offers_no_switcher(html, condition_page):
    page = html("/conditions/bone-metastases/")
    assert page.find("nav", class_="language-switcher") is None
    assert page.find("link", rel="alternate", hreflang=True) is None


def test_the_json_ld_names_the_page_language(html, hindi_page):
    import json

    page = html("/hi/conditions/bone-metastases/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["inLanguage"] == "hi"


def test_a_to_z_letter_pages_claim_no_other_language(html, hindi_page, condition_index, translate):
    """The A–Z index has a Hindi version, so it names it; a letter page has none (क is
    no English letter, and English "b" no Hindi one), so it names no alternate at all,
    while its canonical address stays its own."""
    translate(condition_index, "hi", title="बीमारियाँ")

    def alternates(url):
        return {
            link["hreflang"]: link["href"]
            for link in html(url).find_all("link", rel="alternate", hreflang=True)
        }

    assert alternates("/hi/conditions/") == {
        "en": "http://testserver/conditions/",
        "hi": "http://testserver/hi/conditions/",
        "x-default": "http://testserver/conditions/",
    }
    letters = ["/hi/conditions/letter/ह/", "/conditions/letter/b/", "/hi/conditions/letter/other/"]
    for url in letters:
        assert alternates(url) == {}, url
        canonical = html(url).find("link", rel="canonical")["href"]
        assert canonical == "http://testserver" + url, url
