"""The preview panel's "Readability" mode: the score of the text as it is being
typed, and of each paragraph, item or heading, hardest first."""

from django.template.response import TemplateResponse

from .readability import MIN_WORDS, PLAIN_ENGLISH, readability, scores_language_of, text_units


def serve_readability_preview(page, request):
    if not scores_language_of(page):
        return TemplateResponse(
            request, "editor_tools/readability_preview.html", {"page": page, "scored": False}
        )
    body = page.body.render_as_block(context={"page": page, "request": request})
    units = text_units(str(body))
    return TemplateResponse(
        request,
        "editor_tools/readability_preview.html",
        {
            "page": page,
            "scored": True,
            "readability": readability([page.summary, *units]),
            "target": PLAIN_ENGLISH,
            "min_words": MIN_WORDS,
            # Each paragraph, item or heading long enough to score, hardest first.
            "units": sorted(
                ((unit, readability([unit])) for unit in units if readability([unit])),
                key=lambda item: item[1].score,
            ),
        },
    )
