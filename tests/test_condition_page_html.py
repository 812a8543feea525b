"""The public HTML of a condition article: every block, the reading aids, and nothing
that is not live and public."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from wagtail.blocks import StreamBlockValidationError
from wagtail.models import PageViewRestriction

from condition_pages.models import ConditionPage
from tests.factories.conditions import ClinicianFactory, stream


def get_soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def test_every_block_type_renders_with_its_own_template(client, condition_page):
    soup = get_soup(client, condition_page.url)

    assert soup.select_one("section.block--section h2").text == "Overview"
    symptoms = soup.select_one("section.block--symptoms")
    assert [li.strong.text for li in symptoms.select("ul.symptom-list li")] == [
        "Bone pain",
        "Fatigue",
    ]
    assert "Often worse at night." in symptoms.text
    assert "Sudden weakness in the legs" in symptoms.select_one(".callout--urgent").text
    assert soup.select_one("section.block--diagnosis dt").text == "CT scan"
    assert soup.select_one("section.block--treatment h3").text == "Radiation therapy"
    assert soup.select_one(".treatment-option--radiotherapy")
    assert "It depends." in soup.select_one("section.block--prognosis").text
    assert soup.select_one(".callout--urgent .callout__title").text.strip() == "Urgent: Call 112"
    assert soup.select_one("section.block--faq details summary").text == "Does it hurt?"
    assert soup.select_one("section.block--references a")["href"] == "https://example.org/ref"
    cta = soup.select_one("aside.cta")
    assert cta.select_one("a.button")["href"] == "tel:+912212345678"
    assert cta.select_one("a.button").text == "Get an appointment"


def test_image_block_renders_alt_text_and_caption(client, condition_page):
    image = ImageFactory(title="Spine X-ray")
    condition_page.body = stream(
        "image",
        **{
            "0__image__image__image": image,
            "0__image__image__alt_text": "An X-ray of a spine",
            "0__image__caption": "X-ray of the spine",
        },
    )
    condition_page.save_revision().publish()

    figure = get_soup(client, condition_page.url).select_one("figure.block--image")
    assert figure.img["alt"] == "An X-ray of a spine"
    assert figure.figcaption.text == "X-ray of the spine"


def test_table_of_contents_links_to_every_section_anchor(client, condition_page):
    soup = get_soup(client, condition_page.url)
    toc_links = [a["href"] for a in soup.select("nav.toc a")]
    assert toc_links == [
        "#overview",
        "#symptoms",
        "#diagnosis",
        "#treatment",
        "#outlook",  # an editor's fixed anchor wins over the heading
        "#questions",
        "#sources",
    ]
    for href in toc_links:
        assert soup.find(id=href[1:]).name == "section", href


def test_breadcrumbs_lead_back_through_the_index(client, condition_page):
    crumbs = get_soup(client, condition_page.url).select("nav.breadcrumbs a")
    assert [a.text for a in crumbs] == ["SSO Hospital", "Conditions A to Z", "Bone metastases"]
    assert crumbs[-1]["aria-current"] == "page"


def test_review_dates_and_reviewer_are_shown(client, condition_page):
    condition_page.last_reviewed = datetime.date(2026, 3, 1)
    condition_page.next_review_due = datetime.date(2027, 3, 1)
    condition_page.reviewed_by = ClinicianFactory()
    condition_page.save_revision().publish()

    review = get_soup(client, condition_page.url).select_one("footer.review-dates").text
    assert "Page last reviewed" in review and "1 March 2026" in review
    assert "Next review due" in review and "1 March 2027" in review
    assert "Dr Asha Rao" in review


def test_related_conditions_show_only_live_pages(client, condition_page, make_condition):
    live = make_condition(title="Bone pain")
    draft = make_condition(title="Secret draft", live=False)
    condition_page.related_conditions.create(related_page=live)
    condition_page.related_conditions.create(related_page=draft)
    condition_page.save_revision().publish()

    related = get_soup(client, condition_page.url).select_one("section.related")
    assert [a.text for a in related.select("a.card__link")] == ["Bone pain"]


def test_unpublished_page_is_not_served(client, make_condition):
    draft = make_condition(title="Not yet", slug="not-yet", live=False)
    # A draft has its address already; nothing answers there until it is published.
    assert draft.url == "/conditions/not-yet/"
    assert client.get(draft.url).status_code == 404


def test_unpublished_changes_stay_out_of_the_live_page(client, condition_page):
    live_summary = condition_page.summary
    condition_page.summary = "DRAFT SUMMARY"
    condition_page.save_revision()

    response = client.get(condition_page.url)
    assert b"DRAFT SUMMARY" not in response.content
    assert live_summary.encode() in response.content


def test_private_page_needs_a_login(client, condition_page):
    PageViewRestriction.objects.create(page=condition_page, restriction_type="login")
    response = client.get(condition_page.url)
    assert response.status_code == 302
    # Wagtail's own login form for visitors, which brings them back to the page.
    assert response.url == f"/_util/login/?next={condition_page.url}"


@pytest.mark.parametrize(
    ("url", "link"), [("/", "a.card__link"), ("/conditions/", "a.az-entry__link")]
)
def test_home_and_index_list_live_conditions_only(
    client, home_page, condition_page, make_condition, url, link
):
    make_condition(title="Hidden draft", live=False)
    home_page.featured_conditions.create(condition=condition_page)
    home_page.save_revision().publish()

    soup = get_soup(client, url)
    titles = [a.text for a in soup.select(link)]
    assert titles == ["Bone metastases"]


def test_duplicate_section_anchors_are_rejected(condition_page):
    # The text section's anchor comes from its heading, "Overview"; the prognosis fixes
    # the same one.
    value = stream("section", "prognosis", **{"1__prognosis__anchor": "overview"})

    with pytest.raises(StreamBlockValidationError) as error:
        ConditionPage.body.field.stream_block.clean(value)

    assert set(error.value.block_errors) == {1}
    [message] = error.value.block_errors[1].block_errors["anchor"].messages
    assert message == (
        "Another section already uses the link anchor “overview”: "
        "change this heading or set a different link anchor."
    )
