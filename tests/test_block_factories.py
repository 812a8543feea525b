"""The block factories make bodies an editor could have saved: every block type passes
the article's own validation, and declarations change only what they name."""

from condition_pages.models import ConditionPage
from tests.factories.conditions import FULL_BODY, full_body, link_to, stream

STREAM = ConditionPage.body.field.stream_block


def test_a_body_of_every_block_type_passes_the_editors_validation(condition_page):
    body = stream(*FULL_BODY, "image", "reusable_call_to_action")

    assert {child.block_type for child in body} == set(STREAM.child_blocks)
    STREAM.clean(body)


def test_declarations_change_only_the_part_they_name(condition_page):
    body = full_body(copies=2, **link_to(condition_page, index=len(FULL_BODY) - 1))

    first_link, second_link = (
        child.value["link"] for child in body if child.block_type == "call_to_action"
    )
    assert (first_link.type, first_link.href) == ("page", condition_page.url)
    assert (second_link.type, second_link.href) == ("phone", "tel:+912212345678")
