"""An article body as an *outline* (plain dicts the importer, its report, its admin
preview and the accuracy test all read), to and from the page's StreamField data.

    {"type": "symptoms", "heading": …, "anchor": …, "intro": [paragraph, …],
     "symptoms": [{"name", "detail"}], "urgent_signs": [text, …]}
    {"type": "diagnosis", …, "intro": […], "tests": [{"name", "description"}]}
    {"type": "treatment", …, "intro": […], "options": [{"name", "category", "description"}]}
    {"type": "prognosis" or "section", "heading", "anchor", "paragraphs": […]}
    {"type": "call_to_action", "headline", "text"}

A paragraph that starts with "• " is a list item."""

from html import unescape

from lxml import html as lxml_html

from django.urls import reverse
from django.utils.html import escape

from .text import squash

BUTTON_LABEL = "Get an appointment"
RICH_TEXT_FIELDS = {"section": "body", "prognosis": "body"}


def rich_text(paragraphs):
    """Paragraphs as the rich text editors write: <p>, and <ul> for runs of items."""
    html, items = [], []
    for paragraph in paragraphs:
        if paragraph.startswith("• "):
            items.append(f"<li>{escape(paragraph[2:])}</li>")
            continue
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
            items = []
        html.append(f"<p>{escape(paragraph)}</p>")
    if items:
        html.append(f"<ul>{''.join(items)}</ul>")
    return "".join(html)


def paragraphs_of(html):
    """Rich text HTML back to paragraphs (items as "• text")."""
    if not html or not squash(html):
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    texts = []
    for node in root.iter("p", "li", "h2", "h3", "h4"):
        text = squash(unescape(node.text_content()))
        if text:
            texts.append(f"• {text}" if node.tag == "li" else text)
    return texts


def to_stream(blocks):
    """The outline as StreamField data for ConditionPage.body."""
    stream = []
    for block in blocks:
        kind = block["type"]
        if kind == "call_to_action":
            value = {
                "headline": block["headline"],
                "text": block["text"],
                "button_label": BUTTON_LABEL,
                "link": {"page": None, "url": reverse("appointments:request"), "phone": ""},
            }
        else:
            value = {"heading": block["heading"], "anchor": block.get("anchor", "")}
            if kind in RICH_TEXT_FIELDS:
                value["body"] = rich_text(block["paragraphs"])
            else:
                value["intro"] = rich_text(block["intro"])
            if kind == "symptoms":
                value["symptoms"] = block["symptoms"]
                value["urgent_signs"] = block["urgent_signs"]
            elif kind == "diagnosis":
                value["tests"] = block["tests"]
            elif kind == "treatment":
                value["options"] = block["options"]
        stream.append({"type": kind, "value": value})
    return stream


def _items(values):
    # ListBlock data: bare values, or {"type": "item", "value": …, "id": …}.
    return [
        value["value"] if isinstance(value, dict) and value.get("type") == "item" else value
        for value in values or []
    ]


def from_stream(raw):
    """StreamField data (a page body's `raw_data`, or a fixture's body) as an outline."""
    blocks = []
    for child in raw:
        kind, value = child["type"], child["value"]
        if kind == "call_to_action":
            blocks.append({"type": kind, "headline": value["headline"], "text": value["text"]})
            continue
        if not isinstance(value, dict) or "heading" not in value:
            blocks.append({"type": kind})
            continue
        block = {"type": kind, "heading": value["heading"], "anchor": value.get("anchor") or ""}
        if kind in RICH_TEXT_FIELDS:
            block["paragraphs"] = paragraphs_of(value.get("body"))
        else:
            block["intro"] = paragraphs_of(value.get("intro"))
        if kind == "symptoms":
            block["symptoms"] = [
                {"name": item["name"], "detail": item.get("detail") or ""}
                for item in _items(value.get("symptoms"))
            ]
            block["urgent_signs"] = _items(value.get("urgent_signs"))
        elif kind == "diagnosis":
            block["tests"] = [
                {"name": item["name"], "description": item["description"]}
                for item in _items(value.get("tests"))
            ]
        elif kind == "treatment":
            block["options"] = [
                {
                    "name": item["name"],
                    "category": item["category"],
                    "description": item["description"],
                }
                for item in _items(value.get("options"))
            ]
        blocks.append(block)
    return blocks
