"""The editor's preview of what a page will publish to apps and search engines: a
preview mode (core.preview_modes) registered in content_api.wagtail_hooks.

Both are made by the code that publishes them, from the draft being edited: the API v3
JSON by the schema API v3 serialises condition pages with (and its JSON renderer), the
JSON-LD by the template tag that writes it into the page."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.response import TemplateResponse

from condition_pages.templatetags.seo_tags import condition_structured_data


def api_v3_json(request, page):
    """The page as `/api/v3/pages/<id>/` gives it, once published."""
    from wagtail.api.v3.api import api
    from wagtail.api.v3.registry import registry

    # Blocks added since the last save get their ids as saving gives them (new ones).
    page.body.get_prep_value()
    schema = registry.get(type(page)._meta.label).read_schema
    data = schema.model_validate(page, context={"request": request, "response_status": 200})
    return json.loads(api.renderer.render(request, data.model_dump(), response_status=200))


def serve_publish_preview(page, request):
    context = {"request": request, "page": page}
    return TemplateResponse(
        request,
        "content_api/publish_preview.html",
        {
            **context,
            "api_json": json.dumps(api_v3_json(request, page), indent=2, ensure_ascii=False),
            "json_ld": json.dumps(
                condition_structured_data(context, page),
                cls=DjangoJSONEncoder,
                indent=2,
                ensure_ascii=False,
            ),
        },
    )
