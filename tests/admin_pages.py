"""How tests drive the Wagtail admin's page editor and the Medical review: the form an
editor posts, the addresses of the editor and of a workflow action, a signed-in client."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.staff import StaffClient


def list_block(items):
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def condition_form(**overrides):
    fields = {
        "title": "Osteosarcoma",
        "slug": "osteosarcoma",
        "summary": "A cancer that starts in the bones.",
        "also_known_as": "Osteogenic sarcoma",
        "body": streamfield(
            [
                (
                    "symptoms",
                    {
                        "heading": "Symptoms",
                        "anchor": "",
                        "intro": rich_text("<p>Look out for:</p>"),
                        "symptoms": list_block([{"name": "Bone pain", "detail": "At night"}]),
                        "urgent_signs": list_block([]),
                    },
                ),
            ]
        ),
        "related_conditions": inline_formset([]),
        "clinical_codes": inline_formset([]),
        "featured_conditions": inline_formset([]),
        **overrides,
    }
    return nested_form_data(fields)


def add_url(parent):
    return f"/admin/pages/add/condition_pages/conditionpage/{parent.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def action_url(page, action, task_state=None):
    """A workflow action's address, on the page's current task unless told another."""
    task_state = task_state or page.current_workflow_state.current_task_state
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def signed_in(user):
    client = StaffClient()  # signed in with both factors (tests/staff.py)
    client.force_login(user)
    return client
