"""What search engines read: titles, descriptions, canonical URLs, Open Graph, schema.org
JSON-LD taken from the article's blocks, sitemap.xml and robots.txt."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from wagtail_factories import ImageFactory

from django.core.management import call_command
from django.utils.timezone import localdate

from wagtail.models import PageViewRestriction

from demo.management.commands.load_sample_content import SAMPLE_CONTENT_DIR
from tests.factories.conditions import ClinicianFactory


def meta(soup, name):
    tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
    return tag and tag["content"]


def json_ld(soup):
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.fixture
def reviewed_page(condition_page):
    condition_page.also_known_as = "Bone mets\nSecondary bone cancer"
    condition_page.last_reviewed = datetime.date(2026, 3, 1)
    condition_page.next_review_due = datetime.date(2027, 3, 1)
    condition_page.reviewed_by = ClinicianFactory()
    condition_page.save_revision().publish()
    return condition_page


def test_condition_page_has_its_title_description_and_canonical_url(html, condition_page):
    soup = html(condition_page.url + "?utm_source=newsletter")

    assert soup.title.text == "Bone metastases | SSO"
    assert meta(soup, "description") == condition_page.summary
    # One address for search engines, whatever query string a link added.
    assert soup.select_one("link[rel=canonical]")["href"] == (
        "http://testserver/conditions/bone-metastases/"
    )


def test_editors_seo_title_and_description_win(html, condition_page):
    condition_page.seo_title = "Bone metastases: symptoms and treatment"
    condition_page.search_description = "Written for search engines."
    condition_page.save_revision().publish()

    soup = html(condition_page.url)
    assert soup.title.text == "Bone metastases: symptoms and treatment | SSO"
    assert meta(soup, "description") == "Written for search engines."
    assert meta(soup, "og:description") == "Written for search engines."


def test_open_graph_describes_the_article(html, condition_page):
    soup = html(condition_page.url)
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:title") == "Bone metastases"
    assert meta(soup, "og:description") == condition_page.summary
    assert meta(soup, "og:url") == "http://testserver/conditions/bone-metastases/"
    assert meta(soup, "og:site_name") == "SSO"
    assert meta(soup, "og:image") is None
    assert meta(soup, "twitter:card") == "summary"


def test_hero_image_is_the_absolute_share_image(html, condition_page):
    condition_page.hero_image = ImageFactory()
    condition_page.save_revision().publish()

    soup = html(condition_page.url)
    image = meta(soup, "og:image")
    assert image.startswith("http://testserver/") and image.endswith(".jpg")
    assert image.removeprefix("http://testserver") == soup.select_one("img.condition__hero")["src"]
    assert json_ld(soup)["image"] == image
    assert meta(soup, "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("url", ["/", "/conditions/"])
def test_home_and_index_have_descriptions_and_canonical_urls(html, condition_page, url):
    soup = html(url)
    assert meta(soup, "description")
    assert meta(soup, "og:type") == "website"
    assert soup.select_one("link[rel=canonical]")["href"] == "http://testserver" + url


def test_json_ld_describes_the_condition_from_its_blocks(html, reviewed_page):
    data = json_ld(html(reviewed_page.url))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/conditions/bone-metastases/"
    assert data["lastReviewed"] == "2026-03-01"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Asha Rao",
        "jobTitle": "Consultant orthopaedic oncologist",
        "honorificSuffix": "MBBS, MS (Ortho)",
    }
    assert data["publisher"] == {"@type": "Organization", "name": "SSO", "url": "http://testserver"}
    condition = data["about"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["name"] == "Bone metastases"
    assert condition["alternateName"] == ["Bone mets", "Secondary bone cancer"]
    assert condition["signOrSymptom"] == [
        {
            "@type": "MedicalSignOrSymptom",
            "name": "Bone pain",
            "description": "Often worse at night.",
        },
        {"@type": "MedicalSignOrSymptom", "name": "Fatigue"},
        # The block's "when to get urgent help" list, said to be urgent.
        {
            "@type": "MedicalSignOrSymptom",
            "name": "Sudden weakness in the legs",
            "description": "A sign to get urgent medical help.",
        },
    ]
    assert condition["typicalTest"] == [
        {"@type": "MedicalTest", "name": "CT scan", "description": "Detailed pictures of bones."}
    ]
    assert condition["possibleTreatment"] == [
        {
            "@type": "RadiationTherapy",
            "name": "Radiation therapy",
            "description": "High-energy beams.",
        }
    ]


def test_json_ld_of_the_sample_article_has_every_symptom_test_and_treatment(html, db):
    call_command("load_sample_content", stdout=None)
    article = json.loads((SAMPLE_CONTENT_DIR / "bone-metastases.json").read_text())

    def names(block_type, items):
        return [
            item["name"]
            for block in article["body"]
            if block["type"] == block_type
            for item in block["value"][items]
        ]

    condition = json_ld(html("/conditions/bone-metastases/"))["about"]
    # Each symptoms block's symptoms, then its signs to get urgent help.
    signs = [
        name
        for block in article["body"]
        if block["type"] == "symptoms"
        for name in [s["name"] for s in block["value"]["symptoms"]] + block["value"]["urgent_signs"]
    ]
    assert [s["name"] for s in condition["signOrSymptom"]] == signs
    assert [t["name"] for t in condition["typicalTest"]] == names("diagnosis", "tests")
    assert [t["name"] for t in condition["possibleTreatment"]] == names("treatment", "options")
    assert len(condition["signOrSymptom"]) > 3 and len(condition["possibleTreatment"]) > 3
    assert condition["alternateName"] == article["also_known_as"]


def test_editor_text_cannot_break_out_of_the_json_ld(client, condition_page):
    body = condition_page.body.get_prep_value()
    body[1]["value"]["symptoms"][0]["value"]["name"] = "</script><script>alert('x')</script>"
    condition_page.body = body
    condition_page.save_revision().publish()

    html = client.get(condition_page.url).content.decode()
    assert "<script>alert(" not in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["about"]["signOrSymptom"][0]["name"] == "</script><script>alert('x')</script>"


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_live_public_pages_with_their_last_change(
    client, condition_page, make_condition
):
    for page in (condition_page.get_parent().get_parent(), condition_page.get_parent()):
        page.specific.save_revision().publish()
    condition_page.save_revision().publish()
    make_condition(title="Draft", slug="draft", live=False)
    private = make_condition(title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }
    assert set(urls) == {
        "http://testserver/",
        "http://testserver/conditions/",
        "http://testserver/conditions/bone-metastases/",
    }
    assert all(lastmod is not None for lastmod in urls.values())
    condition_page.refresh_from_db()
    lastmod = urls["http://testserver/conditions/bone-metastases/"].text
    assert lastmod == localdate(condition_page.last_published_at).isoformat()


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_search_results_ask_not_to_be_indexed(html, condition_page):
    soup = html("/search/?q=bone")
    assert meta(soup, "robots") == "noindex, follow"
    assert meta(html(condition_page.url), "robots") is None


def test_supportive_care_is_a_therapy_and_palliative_care_a_palliative_procedure(
    html, make_condition
):
    import json

    from tests.factories.conditions import stream

    page = make_condition(
        title="Lymphoma",
        slug="lymphoma",
        body=stream(
            "treatment",
            **{
                "0__treatment__options__0__category": "supportive",
                "0__treatment__options__0__name": "Supportive care",
                "0__treatment__options__1__category": "palliative",
                "0__treatment__options__1__name": "Palliative care",
            },
        ),
    )
    soup = html(page.url)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    types = {t["name"]: t["@type"] for t in data["about"]["possibleTreatment"]}
    assert types["Supportive care"] == "MedicalTherapy"
    assert types["Palliative care"] == "PalliativeProcedure"
