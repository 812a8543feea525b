"""Reading a source (plain text copied from the old site, a saved web page, a Word
document) into the same simple outline: headings, paragraphs and list items, in order.

Saved pages go through trafilatura, which finds a page's main content (and leaves out
navigation, headers, footers and side bars); whatever it leaves out is kept as
`dropped`, so the report can list it and the booking banner can still become the call
to action. Word documents go through python-docx, whose paragraphs carry their Word
styles (Title, Heading 2, List Bullet) and numbering. A source the importer cannot read
raises SourceError with the message the person importing it sees."""

import hashlib
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

import docx
import trafilatura
from docx.table import Table
from lxml import etree
from lxml import html as lxml_html

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .text import BULLET_LINE, comparable, squash

KINDS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".docx": "docx"}
# A Word document is a zip archive; one whose parts unpack to more than this many
# times the upload limit is refused before it is read (a "zip bomb").
DOCX_UNPACKED_FACTOR = 20
BLOCK_TAGS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "dt", "dd",
    "blockquote", "figcaption", "section", "article", "header", "footer", "nav", "aside",
    "ul", "ol", "table", "br", "main", "form", "button", "label", "option",
}  # fmt: skip
UNSEEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe"}


class SourceError(Exception):
    """A source that cannot be imported; the message says why, to the person importing."""


@dataclass
class Element:
    kind: str  # "heading", "paragraph" or "item"
    text: str
    level: int = 0  # a heading's level where the source marks it (h2 -> 2)
    bold: bool = False  # a paragraph wholly in bold: a heading in a document without styles


@dataclass
class Document:
    name: str
    kind: str
    fingerprint: str
    elements: list[Element]
    title: str = ""  # the title the source gives itself (<h1>, Word's Title), if any
    dropped: list[str] = field(default_factory=list)  # left out with the page's furniture

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        elements = [Element(**element) for element in data["elements"]]
        return cls(**{**data, "elements": elements})


def kind_of(name):
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        raise SourceError(
            f"unsupported file type “{suffix or 'none'}”: import .txt, .html or .docx files."
        )
    return KINDS[suffix]


def read_source(name, data, *, kind=None):
    """The Document in `data` (bytes), a file called `name`."""
    kind = kind or kind_of(name)
    limit = settings.IMPORTER_MAX_SOURCE_BYTES
    if len(data) > limit:
        raise SourceError(
            f"too large: {filesizeformat(len(data))}, and a source may be at most "
            f"{filesizeformat(limit)}. Split it, or remove its pictures."
        )
    if not data.strip():
        raise SourceError("empty: the file has no text.")
    fingerprint = hashlib.sha256(data).hexdigest()
    if kind == "docx":
        title, elements = read_docx(data)
        dropped = []
    else:
        text = decode(data)
        if kind == "html":
            title, elements, dropped = read_html(text)
        else:
            title, elements, dropped = "", read_lines(text.splitlines()), []
    if not elements:
        raise SourceError("no article text was found in it.")
    return Document(name, kind, fingerprint, elements, title=title, dropped=dropped)


def read_text(name, text):
    """Text pasted into the admin or sent to the API, read as a .txt file."""
    return read_source(name, text.encode("utf-8"), kind="txt")


def decode(data):
    if b"\x00" in data or _mostly_control_characters(data):
        raise SourceError("binary data, not text: is it really a text or web page file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at position {error.start} is "
            "not UTF-8. Save the file as UTF-8 (in most editors, “Save as”, encoding "
            "UTF-8) and import it again."
        ) from None


def _mostly_control_characters(data):
    sample = data[:4096]
    control = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return control > len(sample) // 20


def read_lines(lines):
    """Lines of copied text: each line a paragraph, a line with a bullet an item."""
    elements = []
    for line in lines:
        text = squash(line)
        if not text:
            continue
        if BULLET_LINE.match(line):
            text = squash(BULLET_LINE.sub("", line, count=1))
            if text:
                elements.append(Element("item", text))
        else:
            elements.append(Element("paragraph", text))
    return elements


def read_html(text):
    try:
        extracted = trafilatura.extract(
            text,
            output_format="xml",
            include_tables=True,
            include_formatting=True,
            include_links=False,
            include_comments=False,
            favor_recall=True,
            with_metadata=True,
        )
    except Exception as error:  # trafilatura raises lxml's and its own errors alike
        raise SourceError(f"the web page could not be read: {error}") from None
    if not extracted:
        raise SourceError("no article text was found in the web page.")
    root = etree.fromstring(extracted.encode("utf-8"))
    elements = list(_xml_elements(root.find("main")))
    title = ""
    if elements and elements[0].kind == "heading" and elements[0].level == 1:
        title = elements.pop(0).text
    title = title or root.get("title") or ""
    return title, elements, _left_out(text, elements)


def _xml_elements(main):
    if main is None:
        return
    for node in main.iter("head", "p", "item", "cell"):
        if node.tag == "p" and _inside(node, {"item", "cell"}):
            continue
        text = _xml_text(node)
        if node.tag == "head":
            level = (
                int(node.get("rend", "h2")[1:] or 2) if node.get("rend", "")[1:].isdigit() else 2
            )
            if squash(text):
                yield Element("heading", squash(text), level=level)
            continue
        if node.tag == "item":
            for line in text.split("\n"):
                if squash(line):
                    yield Element("item", squash(BULLET_LINE.sub("", line)))
            continue
        bold = _wholly_bold(node)
        for element in read_lines(text.split("\n")):
            element.bold = bold and element.kind == "paragraph"
            yield element


def _inside(node, tags):
    return any(parent.tag in tags for parent in node.iterancestors())


def _xml_text(node):
    """A node's text with trafilatura's line breaks (<lb/>) as newlines."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in ("list",):
            parts.append(_xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _wholly_bold(node):
    children = [child for child in node if child.tag != "lb"]
    return (
        not squash(node.text or "")
        and bool(children)
        and all(child.tag == "hi" and "b" in child.get("rend", "") for child in children)
        and not any(squash(child.tail or "") for child in children)
    )


def _left_out(text, elements):
    """The lines of the whole page that are not in its main content: the furniture
    that the extraction dropped, for the report (and the booking banner)."""
    kept = comparable(" ".join(element.text for element in elements))
    try:
        page = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    lines = []
    for line in _page_lines(page.body if page.body is not None else page):
        if comparable(line) and comparable(line) not in kept:
            lines.append(line)
    return list(dict.fromkeys(lines))


def _page_lines(node):
    """The visible text of an HTML tree, a line per block element."""
    buffer = []

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in UNSEEN_TAGS:
            buffer.append("\n")
        else:
            if tag in BLOCK_TAGS:
                buffer.append("\n")
            buffer.append(element.text or "")
            for child in element:
                walk(child)
            if tag in BLOCK_TAGS:
                buffer.append("\n")
        buffer.append(element.tail or "")

    walk(node)
    return [squash(line) for line in "".join(buffer).split("\n") if squash(line)]


def read_docx(data):
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise SourceError(
            "not a Word document: a .docx file is a zip archive, and this is not one "
            "(an old .doc file? Save it as .docx)."
        )
    try:
        with zipfile.ZipFile(buffer) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError(f"not a Word document: the zip archive is damaged ({error}).") from None
    if "word/document.xml" not in names:
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise SourceError(
            "not a Word document: the zip archive has no word/document.xml "
            f"(it holds {shown or 'nothing'})."
        )
    if unpacked > DOCX_UNPACKED_FACTOR * settings.IMPORTER_MAX_SOURCE_BYTES:
        raise SourceError(f"too large: the Word document unpacks to {filesizeformat(unpacked)}.")
    buffer.seek(0)
    try:
        document = docx.Document(buffer)
        elements = list(_docx_elements(document))
    except Exception as error:  # python-docx raises KeyError, ValueError, XML errors…
        raise SourceError(f"the Word document could not be read: {error!r}.") from None
    if not elements:
        raise SourceError("no article text was found in the Word document.")
    title = ""
    if elements[0].kind == "heading" and elements[0].level == 1:
        title = elements.pop(0).text
    return title, elements


def _docx_elements(document):
    previous = None
    for block in document.iter_inner_content():
        paragraphs = (
            [paragraph for row in block.rows for cell in row.cells for paragraph in cell.paragraphs]
            if isinstance(block, Table)
            else [block]
        )
        for paragraph in paragraphs:
            if paragraph._p is previous:  # a merged cell repeats its paragraphs
                continue
            previous = paragraph._p
            yield from _docx_paragraph(paragraph)


def _docx_paragraph(paragraph):
    text = paragraph.text
    if not squash(text):
        return
    style = paragraph.style.name if paragraph.style is not None else ""
    if style == "Title":
        yield Element("heading", squash(text), level=1)
        return
    if heading := re.fullmatch(r"Heading (\d)", style):
        yield Element("heading", squash(text), level=int(heading[1]))
        return
    properties = paragraph._p.pPr
    if style.startswith("List") or (properties is not None and properties.numPr is not None):
        for line in text.split("\n"):
            if squash(line):
                yield Element("item", squash(BULLET_LINE.sub("", line)))
        return
    runs = [run for run in paragraph.runs if squash(run.text)]
    bold = bool(runs) and all(run.bold for run in runs)
    for element in read_lines(text.split("\n")):
        element.bold = bold and element.kind == "paragraph"
        yield element
