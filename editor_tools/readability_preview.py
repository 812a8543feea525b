"""The preview panel's "Readability" mode: the score of the text as it is being
typed, and of each paragraph, item or heading, hardest first."""

from django.template.response import TemplateResponse

from .readability import PLAIN_ENGLISH, readability, text_units


def serve_readability_preview(page, request):
    body = page.body.render_as_block(context={"page": page, "request": request})
    units = text_units(str(body))
    return TemplateResponse(
        request,
        "editor_tools/readability_preview.html",
        {
            "page": page,
            "readability": readability([page.summary, *units]),
            "target": PLAIN_ENGLISH,
            # Each paragraph, item or heading with its own score, hardest first.
            "units": sorted(
                ((unit, readability([unit])) for unit in units if readability([unit])),
                key=lambda item: item[1].score,
            ),
        },
    )
