"""From a source's outline (headings, paragraphs, items) to the article an editor would
make of it: title, summary, other names, and the body's typed blocks, as an *outline*
(plain dicts: importer.outline turns it into the page's StreamField and back).

Nothing is invented and nothing is lost: every name, detail and paragraph placed is
text of the source (trimmed, split or re-cased, never reworded), and every sentence
of article text that no rule placed is kept as a "needs placing" note. Furniture and
the booking banner are dropped, each with its reason, for the report.

The patterns are those of the hospital's old pages (see the corpus in
tests/import_corpus/): question headings, "•" bullets that ran together, tests as
"Name: description", treatments as a "Name:" line and a paragraph, or a paragraph
that starts with the treatment's name."""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from . import furniture
from .sources import Document
from .text import (
    as_sentence,
    capitalised,
    comparable,
    is_sentence_case,
    lowercase_words,
    proper_words,
    sentence_case,
    sentences,
    split_run_together,
    squash,
    words,
)

SUMMARY_MAX = 300
NAME_MAX = 120
URGENT_SIGN_MAX = 250

# A heading's words say which block its section becomes; the first rule that matches
# wins, so "When to see a doctor about your symptoms" is about urgent help.
SECTION_RULES = [
    ("urgent", r"\bwhen (to|should)\b.*\b(see|call|get|seek|contact|go)\b|\bemergenc|\burgent"
     r"|\bred flags?\b|\bseek (medical )?(help|care|attention)\b"),
    ("section", r"\bside effects?\b|\bcaus(e|es|ed)\b|\brisk factors?\b|\bprevent|\bliving with\b"),
    ("prognosis", r"\bprognosis\b|\boutlook\b|\bsurvival\b|\blife expectancy\b|\bcurable\b"
     r"|\brecovery\b"),
    ("symptoms", r"\bsymptoms?\b|\bsigns?\b"),
    ("diagnosis", r"\bdiagnos|\btests?\b|\bdetect|\bscreen|\binvestigat"),
    ("treatment", r"\btreat|\btherap|\bmanag|\bcure\b"),
]  # fmt: skip
LIST_SECTIONS = {"symptoms", "diagnosis", "treatment"}
ANCHORS = {
    "overview": "overview",
    "symptoms": "symptoms",
    "diagnosis": "diagnosis",
    "treatment": "treatment",
    "prognosis": "prognosis",
}
# The words a section's lead-in uses for its own items ("Treatment options include:").
LIST_NOUNS = r"\b(options?|tests?|treatments?|symptoms?|signs?|include|including|following)\b"
LEAD_IN_END = re.compile(
    r"\b(include|includes|including|following|are|is|as|like|below|these|if|have|has|may"
    r"|can|such as|be|of)\s*:$",
    re.I,
)
URGENT_LEAD_IN = re.compile(
    r"\b(call|go to|get|seek|contact|see|ring)\b.*\b(emergency|urgent|urgently|immediately"
    r"|right away|at once|straight away|ambulance|casualty|a&e|\d{3})\b",
    re.I,
)
VERBS = (
    r"is|are|was|were|may|can|could|will|might|should|uses|use|helps|help|involves|involve"
    r"|works|kills|targets|removes|blocks|slows|shrinks|boosts|stops|relieves|lowers|checks"
    r"|shows|looks|measures|takes|gives|makes|means|destroys|treats|reduces|strengthens"
    r"|replaces|repairs|allows|lets|combines|creates|produces|finds|detects|records|passes"
    r"|reduce|strengthen|kill|shrink|relieve|lower|block|slow|stop|remove|target|attack"
    r"|destroy|boost|replace|repair|allow|let|combine|find|detect|record|pass|work|show"
)
NOT_NAMES = {
    "the", "this", "these", "that", "those", "it", "its", "they", "their", "your", "you",
    "we", "our", "if", "when", "most", "many", "some", "other", "in", "for", "after",
    "before", "during", "while", "as", "both", "each", "all", "any", "there", "treatment",
    "treatments", "doctors", "patients", "people", "children", "such", "sometimes", "often",
    "here", "what", "how", "why", "who", "which", "not", "only", "also", "however",
}  # fmt: skip
NOT_IN_NAMES = {"not", "cannot", "usually", "often", "also", "sometimes", "always", "never"}
LEADING_NAME = re.compile(
    rf"^(?:(?:A|An)\s+)?(?P<name>[A-Z][\w’'-]*(?:\s+[\w’'()/-]+){{0,4}}?)\s+(?:{VERBS})\b"
)
BARE_NAME = re.compile(r"^(?P<name>[A-Z][\w’'-]*(?:\s+[\w’'/-]+){0,4})\.$")
NAMED_ITEM = re.compile(r"^(?P<name>[^:–—]{1,80}?)\s*(?::|\s[–—-]\s)\s*(?P<rest>.+)$")
BRACKETED_DETAIL = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<detail>[^()]+)\)\s*[.:;]?$")
MOST_COMMON = re.compile(
    r"^(?:the\s+)?(?:most\s+common|main|commonest|first)\s+(?:symptom|sign)s?\b[^.]*?\s"
    r"(?:is|are)\s+(?:an?\s+)?(?P<name>[^.;]+)\.$",
    re.I,
)
FIRST_SYMPTOM = re.compile(
    r"^(?P<name>[A-Z][^.,;]{0,60}?)\s+is\s+(?:often\s+|usually\s+)?the\s+"
    r"(?:first|most\s+common|main|commonest)\s+(?:symptom|sign)\.$"
)
CAN_CAUSE = re.compile(
    r"^(?P<cause>[A-Z][^.]*?)\s+(?:can|may|might|could|will)\s+(?:also\s+)?cause\s+"
    r"(?P<name>[^.;]+)\.$"
)
ALSO_KNOWN_AS = re.compile(
    r"\b(?:also|sometimes|often)\s+(?:known as|called|referred to as)\s+(?P<names>[^.;:]+)", re.I
)
# A treatment's category, from its name and then its description.
CATEGORIES = [
    # Steroids are given with many treatments; none of the categories names them.
    ("other", r"\bsteroids?\b|dexamethasone|prednisolone"),
    ("bone-modifying", r"bone[- ]modifying|bisphosphonate|denosumab|zoledron"),
    ("pain-relief", r"\bpain\b|analgesi|painkiller|morphine"),
    ("targeted", r"\btargeted\b|kinase inhibitor"),
    ("immunotherapy", r"immuno|checkpoint|car[- ]t\b"),
    ("chemotherapy", r"chemo"),
    ("radiotherapy", r"radiation|radiotherapy|radiosurgery|brachytherapy|proton"),
    ("surgery", r"surg|operation|resection|ectomy\b|amputation|limb[- ]sparing|fixation"
     r"|vertebroplasty|kyphoplasty"),
    ("supportive", r"physio|physical therapy|nutrition|counsel|psycholog|support|palliative"
     r"|rehabilitat|occupational therapy|transfusion"),
]  # fmt: skip


class NoSections(Exception):
    """The source has no heading the importer recognises as part of a condition page."""


@dataclass
class Draft:
    """What the importer makes of one source; `blocks` is the body as an outline."""

    title: str
    summary: str
    also_known_as: list[str]
    blocks: list[dict]
    needs_placing: list[dict] = field(default_factory=list)  # {"text", "where"}
    dropped: list[dict] = field(default_factory=list)  # {"text", "why"}

    @property
    def slug(self):
        return slugify(self.title)[:80] or "imported-condition"

    def as_json(self):
        return {
            "title": self.title,
            "summary": self.summary,
            "also_known_as": self.also_known_as,
            "blocks": self.blocks,
            "needs_placing": self.needs_placing,
            "dropped": self.dropped,
        }


@dataclass
class Section:
    kind: str
    heading: str  # as the source wrote it ("" for the text before the first heading)
    level: int = 0
    elements: list = field(default_factory=list)


class Structurer:
    def __init__(self, document: Document, *, title=""):
        self.document = document
        self.given_title = title
        self.dropped = []
        self.needs_placing = []
        self.booking = []  # the booking banner's lines, in order
        self.promotion = []  # promotional sentences, for the closing call to action

    # -- the steps ---------------------------------------------------------------------

    def draft(self):
        elements = self.without_furniture(self.document.elements)
        for line in self.document.dropped:
            if furniture.is_booking(line):
                self.booking.append(line)
            self.dropped.append({"text": line, "why": self.left_out_reason(line)})
        # Sentences of prose (not headings, whose capitals are decoration) say which
        # words are names.
        prose = [
            element.text
            for element in elements
            if element.kind == "paragraph"
            and element.text.endswith(".")
            and len(words(element.text)) >= 8
        ]
        self.common_words = lowercase_words(prose)
        self.proper_words = proper_words(prose) - self.common_words
        title, elements = self.take_title(elements)
        sections = self.sections(elements)
        if not any(section.kind in LIST_SECTIONS | {"prognosis"} for section in sections):
            raise NoSections(
                "no recognisable sections: no heading about symptoms, diagnosis, treatment "
                "or outlook was found, so there is nothing to structure."
            )
        self.title = title
        blocks = self.blocks(sections)
        draft = Draft(
            title=title,
            summary=self.summary(sections),
            also_known_as=self.other_names(elements),
            blocks=blocks,
            needs_placing=self.needs_placing,
            dropped=self.dropped,
        )
        self.account_for_every_sentence(elements, draft)
        return draft

    def left_out_reason(self, line):
        if furniture.is_booking(line):
            return "the booking banner: it became the call to action"
        why = furniture.furniture_reason(line)
        return f"page furniture ({why})" if why else "outside the page's main content"

    def without_furniture(self, elements):
        kept = []
        after_doctor = False
        for element in elements:
            text = element.text
            if furniture.is_booking(text):
                self.booking.append(text)
                self.dropped.append(
                    {"text": text, "why": "the booking banner: it became the call to action"}
                )
                continue
            why = furniture.furniture_reason(text, after_doctor=after_doctor)
            if why:
                after_doctor = why == "the doctor list"
                self.dropped.append({"text": text, "why": f"page furniture ({why})"})
                continue
            after_doctor = False
            if element.kind == "paragraph" and furniture.is_promotional_paragraph(text):
                self.promotion.extend(sentences(text))
                continue
            kept.append(element)
        return kept

    def take_title(self, elements):
        """The condition's name: the source's own title, else a short first line, else
        the subject its question headings share, else the file's name."""
        title = self.given_title or self.document.title
        if not title and elements and self.looks_like_title(elements[0]):
            title, elements = elements[0].text, elements[1:]
        title = title or self.subject_of_headings(elements) or self.name_from_file()
        title = re.split(r"\s+[|–—]\s+|:\s", squash(title))[0].strip()
        return capitalised(sentence_case(title, self.proper_words)), elements

    def looks_like_title(self, element):
        text = element.text
        return (
            element.kind in ("heading", "paragraph")
            and len(words(text)) <= 8
            and not re.search(r"[.?!:]$", text)
            and self.heading_kind(text) in (None, "section")
        )

    def subject_of_headings(self, elements):
        counts = {}
        for element in elements:
            if not element.text.endswith("?"):
                continue
            subject = heading_subject(element.text)
            if subject:
                key = comparable(subject)
                counts.setdefault(key, [0, subject])[0] += 1
        if not counts:
            return ""
        return max(counts.values(), key=lambda count: count[0])[1]

    def name_from_file(self):
        stem = re.sub(r"\.[A-Za-z]+$", "", self.document.name.rsplit("/", 1)[-1])
        return squash(re.sub(r"[-_]+", " ", stem)) or "Imported condition"

    # -- sections ----------------------------------------------------------------------

    @staticmethod
    def heading_kind(text):
        lowered = text.casefold()
        for kind, pattern in SECTION_RULES:
            if re.search(pattern, lowered):
                return kind
        return None

    def sections(self, elements):
        sections = [Section("overview", "")]
        for element in elements:
            current = sections[-1]
            heading = self.as_heading(element, current)
            if heading:
                kind = self.heading_kind(element.text) or "section"
                sections.append(Section(kind, element.text, element.level))
            else:
                current.elements.append(element)
        return [section for section in sections if section.elements or section.kind != "overview"]

    def as_heading(self, element, current):
        """Whether `element` starts a section (else it belongs to the current one: in a
        list section a sub-heading names an item)."""
        text = element.text
        kind = self.heading_kind(text)
        question = text.endswith("?") and len(sentences(text)) == 1 and len(words(text)) <= 16
        short = len(words(text)) <= 10 and not re.search(r"[.:;,]$", text)
        in_list = current.kind in LIST_SECTIONS
        if element.kind == "heading":
            if in_list and current.level and element.level > current.level and not question:
                return False
            return not (in_list and not question and kind is None)
        if element.kind != "paragraph":
            return False
        if question:
            return True
        if element.bold and short:
            return not (in_list and kind is None)
        # A plain short line: a heading when it names a section, or in Title Case
        # outside a list (inside one it is an item that lost its bullet).
        if short and kind is not None and len(words(text)) >= 2:
            return not in_list or kind != current.kind
        return (
            short
            and not in_list
            and len(words(text)) >= 2
            and all(word[0].isupper() for word in words(text) if len(word) > 3)
        )

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, sections):
        blocks = []
        urgent_signs = []
        for section in sections:
            build = getattr(self, f"build_{section.kind}")
            block = build(section)
            if section.kind == "urgent":
                urgent_signs.extend(block)
                continue
            if block:
                blocks.append(block)
        if urgent_signs:
            symptoms = next((block for block in blocks if block["type"] == "symptoms"), None)
            if symptoms is None:
                for sign in urgent_signs:
                    self.keep(sign, "When to get urgent help")
            else:
                symptoms["urgent_signs"].extend(urgent_signs)
        self.set_anchors(blocks)
        if self.booking:
            position = 1 if blocks and blocks[0].get("anchor") == "overview" else 0
            blocks.insert(position, self.booking_call_to_action())
        if self.promotion:
            blocks.append(self.closing_call_to_action())
        return blocks

    def set_anchors(self, blocks):
        used = set()
        for block in blocks:
            kind = "overview" if block.get("overview") else block["type"]
            block.pop("overview", None)
            anchor = ANCHORS.get(kind)
            if anchor and anchor not in used and "heading" in block:
                block["anchor"] = anchor
                used.add(anchor)

    def heading_text(self, section):
        return capitalised(sentence_case(section.heading, self.proper_words))

    def keep(self, text, where):
        """Article text no rule could place: a "needs placing" note for the editor."""
        self.needs_placing.append({"text": text, "where": where or "the introduction"})

    def paragraphs(self, elements):
        """Paragraphs and items as rich text paragraphs (items keep a bullet)."""
        texts = []
        for element in elements:
            if element.kind == "item":
                texts.append(f"• {element.text}")
            else:
                texts.append(element.text)
        return texts

    def build_overview(self, section):
        verb = "are" if re.search(r"[^s]s$", self.title.split()[-1]) else "is"
        name = self.title[:1].lower() + self.title[1:] if self.title_is_common() else self.title
        return {
            "type": "section",
            "heading": f"What {verb} {name}?",
            "paragraphs": self.paragraphs(section.elements),
            "overview": True,
        }

    def title_is_common(self):
        first = words(self.title)[:1]
        return bool(first) and first[0] not in self.proper_words and not first[0].isupper()

    def build_section(self, section):
        return {
            "type": "section",
            "heading": self.heading_text(section),
            "paragraphs": self.paragraphs(section.elements),
        }

    def build_prognosis(self, section):
        return {
            "type": "prognosis",
            "heading": self.heading_text(section),
            "paragraphs": self.paragraphs(section.elements),
        }

    def build_urgent(self, section):
        """An urgent-help section's items are the symptoms block's urgent signs; its
        heading and lead-in are what that block's warning box already says."""
        self.dropped.append(
            {"text": section.heading, "why": "the urgent-help box has its own heading"}
        )
        signs = []
        for element in section.elements:
            if element.kind == "item":
                signs.extend(self.urgent_items(element, section.heading))
            elif self.is_urgent_lead_in(element.text):
                self.dropped.append({"text": element.text, "why": "the urgent-help box says this"})
            else:
                self.keep(element.text, section.heading)
        return signs

    def is_urgent_lead_in(self, text):
        return text.endswith(":") and bool(URGENT_LEAD_IN.search(text))

    def urgent_items(self, element, where):
        signs = []
        for item in self.split_items([element.text]):
            if len(item) > URGENT_SIGN_MAX:
                self.keep(item, where)
            else:
                signs.append(item)
        return signs

    def split_items(self, texts):
        sentence_case_list = is_sentence_case(texts)
        return [
            item
            for text in texts
            for item in split_run_together(
                text, sentence_case_list=sentence_case_list, proper_words=self.proper_words
            )
        ]

    def build_symptoms(self, section):
        where = section.heading
        intro, symptoms, urgent = [], [], []
        urgent_mode = False
        list_started = False
        items = [
            element.text
            for element in section.elements
            if element.kind == "item" or self.is_lost_bullet(element, section)
        ]
        sentence_case_list = is_sentence_case(items)
        pending = None  # a "Name:" line waiting for its detail
        for element in section.elements:
            text = element.text
            if element.kind == "item":
                list_started = True
                if urgent_mode:
                    urgent.extend(self.urgent_items(element, where))
                    continue
                for item in split_run_together(
                    text, sentence_case_list=sentence_case_list, proper_words=self.proper_words
                ):
                    symptom = self.symptom_item(item)
                    if symptom:
                        symptoms.append(symptom)
                    else:
                        self.keep(item, where)
                continue
            if self.is_urgent_lead_in(text):
                urgent_mode = True
                self.dropped.append({"text": text, "why": "the urgent-help box says this"})
                continue
            label = self.label(element, section, has_items=bool(symptoms))
            if label:
                pending = {"name": label, "detail": ""}
                symptoms.append(pending)
                list_started = True
                continue
            if pending is not None and not pending["detail"]:
                pending["detail"] = text
                continue
            if urgent_mode or (list_started and not self.is_lost_bullet(element, section)):
                self.keep(text, where)
                continue
            if self.is_lost_bullet(element, section) and intro:
                for item in split_run_together(
                    text, sentence_case_list=sentence_case_list, proper_words=self.proper_words
                ):
                    symptom = self.symptom_item(item)
                    if symptom:
                        symptoms.append(symptom)
                    else:
                        self.keep(item, where)
                list_started = True
                continue
            kept = []
            for sentence in sentences(text):
                if found := MOST_COMMON.match(sentence) or FIRST_SYMPTOM.match(sentence):
                    kept.append(sentence)
                    rest = [part for part in sentences(text) if part != sentence]
                    detail = " ".join(part for part in rest if not CAN_CAUSE.match(part))
                    symptoms.append({"name": self.as_name(found["name"]), "detail": detail})
                elif (found := CAN_CAUSE.match(sentence)) and "symptom" not in sentence.lower():
                    symptoms.append({"name": self.as_name(found["name"]), "detail": sentence})
                elif not any(
                    MOST_COMMON.match(part) or FIRST_SYMPTOM.match(part)
                    for part in sentences(text)
                    if part != sentence
                ):
                    kept.append(sentence)
            if kept:
                intro.append(" ".join(kept))
        if not symptoms:
            for text in intro:
                self.keep(text, where)
            return None
        return {
            "type": "symptoms",
            "heading": self.heading_text(section),
            "intro": intro,
            "symptoms": symptoms,
            "urgent_signs": urgent,
        }

    def is_lost_bullet(self, element, section):
        """A short line with no full stop inside a list section: an item whose bullet
        was lost when the text was copied."""
        return (
            element.kind == "paragraph"
            and len(words(element.text)) <= 8
            and not re.search(r"[.:;!?]$", element.text)
        )

    def symptom_item(self, item):
        item = squash(item).rstrip(";")
        if found := BRACKETED_DETAIL.match(item):
            name, detail = found["name"], as_sentence(found["detail"])
        elif found := NAMED_ITEM.match(item):
            name, detail = found["name"], found["rest"]
        else:
            name, detail = item.rstrip("."), ""
        name = squash(name)
        if not name or len(name) > NAME_MAX:
            return None
        return {"name": capitalised(name), "detail": detail}

    def label(self, element, section, *, has_items):
        """The name of an item that a sub-heading or a "Name:" line gives, or None."""
        text = element.text
        if element.kind == "heading" or (element.bold and not text.endswith(".")):
            return text.rstrip(":").strip()
        if element.kind != "paragraph" or not text.endswith(":"):
            return None
        if len(words(text)) > 6 or len(sentences(text)) > 1 or LEAD_IN_END.search(text):
            return None
        if not has_items and re.search(LIST_NOUNS, text, re.I):
            return None  # "Treatment options:" introduces the list
        return text.rstrip(":").strip()

    def build_diagnosis(self, section):
        tests = self.named_items(section, field="description")
        if tests is None:
            return None
        intro, items = tests
        return {
            "type": "diagnosis",
            "heading": self.heading_text(section),
            "intro": intro,
            "tests": items,
        }

    def build_treatment(self, section):
        options = self.named_items(section, field="description")
        if options is None:
            return None
        intro, items = options
        for item in items:
            item["category"] = category(item["name"], item["description"])
        return {
            "type": "treatment",
            "heading": self.heading_text(section),
            "intro": intro,
            "options": [
                {
                    "name": item["name"],
                    "category": item["category"],
                    "description": item["description"],
                }
                for item in items
            ],
        }

    def named_items(self, section, *, field):
        """Intro paragraphs and named items (tests, treatments) of a list section:
        from "Name: description" bullets, "Name:" lines or sub-headings followed by
        paragraphs, and paragraphs that begin with the item's name."""
        where = section.heading
        intro, items = [], []
        current = None  # the item whose description paragraphs are being gathered
        bullets = False
        item_texts = [element.text for element in section.elements if element.kind == "item"]
        sentence_case_list = is_sentence_case(item_texts)

        def add(name, description=""):
            item = {"name": self.as_name(name), field: description}
            items.append(item)
            return item

        def describe(item, text):
            item[field] = f"{item[field]}\n\n{text}" if item[field] else text

        for element in section.elements:
            text = element.text
            if element.kind == "item":
                bullets = True
                current = None
                for piece in split_run_together(
                    text, sentence_case_list=sentence_case_list, proper_words=self.proper_words
                ):
                    named = NAMED_ITEM.match(piece)
                    leading = LEADING_NAME.match(piece)
                    if named and len(words(named["name"])) <= 8:
                        add(named["name"], named["rest"])
                    elif found := BRACKETED_DETAIL.match(piece):
                        add(found["name"], as_sentence(found["detail"]))
                    elif len(words(piece)) <= 8 and not piece.endswith("."):
                        add(piece)
                    elif leading and self.is_name(leading["name"]):
                        add(leading_name(leading["name"]), piece)
                    else:
                        self.keep(piece, where)
                continue
            label = self.label(element, section, has_items=bool(items))
            if label or (self.is_lost_bullet(element, section) and len(words(text)) <= 6):
                current = add(label or text)
                continue
            if current is not None and not current[field]:
                self.describe_with_run_together(current, text, add, describe, field)
                current = items[-1]
                continue
            leading = LEADING_NAME.match(text)
            if leading and self.is_name(leading["name"]) and not text.endswith(":"):
                current = add(leading_name(leading["name"]))
                self.describe_with_run_together(current, text, add, describe, field)
                current = items[-1]
                continue
            if not items:
                intro.append(text)
            elif current is not None:
                self.describe_with_run_together(current, text, add, describe, field)
                current = items[-1]
            else:
                self.keep(text, where)
        if not items:
            for text in intro:
                self.keep(text, where)
            return None
        if bullets and not intro and not items:
            return None
        return intro, items

    def describe_with_run_together(self, item, text, add, describe, field):
        """A paragraph describing `item`; a bare name standing as a sentence inside it
        ("… cancer cells. Bone-modifying agents. These drugs …") starts the next item."""
        parts = sentences(text)
        current, buffer = item, []
        for index, part in enumerate(parts):
            bare = BARE_NAME.match(part)
            if (
                bare
                and index + 1 < len(parts)
                and self.is_name(bare["name"])
                and not re.search(rf"\b({VERBS})\b", part)
            ):
                if buffer:
                    describe(current, " ".join(buffer))
                current, buffer = add(bare["name"]), []
                continue
            buffer.append(part)
        if buffer:
            describe(current, " ".join(buffer))

    def is_name(self, name):
        """Whether the words before a verb can be an item's name: not a pronoun or an
        adverb's sentence ("Most people…", "It usually…"), nor the condition itself."""
        found = [word.lower() for word in words(name)]
        return (
            bool(found)
            and found[0] not in NOT_NAMES
            and not set(found) & NOT_IN_NAMES
            and len(found) <= 5
            and comparable(name) not in comparable(self.title)
        )

    def as_name(self, text):
        """An item's name as editors write it: sentence case, no end punctuation."""
        text = capitalised(squash(text).rstrip(".:;,"))
        if len(words(text)) > 1 and all(word[0].isupper() for word in words(text) if len(word) > 3):
            text = sentence_case(text, self.proper_words)
        return text

    # -- calls to action ---------------------------------------------------------------

    def booking_call_to_action(self):
        """The booking banner, once, as the call to action it stood for."""
        banner = squash(" ".join(self.booking[:2]))
        banner = re.sub(r"\bHrs?\b\.?", "hours.", banner, flags=re.I)
        headline, _, text = banner.partition(", ")
        return {
            "type": "call_to_action",
            "headline": plain_case(headline),
            "text": as_sentence(plain_case(text)) if text else "",
        }

    def closing_call_to_action(self):
        name = self.title[:1].lower() + self.title[1:] if self.title_is_common() else self.title
        return {
            "type": "call_to_action",
            "headline": f"Talk to our {name} specialists",
            "text": " ".join(self.promotion),
        }

    # -- page fields -------------------------------------------------------------------

    def summary(self, sections):
        first = next(
            (
                element.text
                for section in sections
                for element in section.elements
                if element.kind == "paragraph" and len(sentences(element.text)) >= 1
            ),
            "",
        )
        summary = ""
        # "One or two plain sentences", as the summary's help text asks.
        for sentence in sentences(first)[:2]:
            candidate = f"{summary} {sentence}".strip()
            if len(candidate) > SUMMARY_MAX:
                break
            summary = candidate
        if not summary and first:
            summary = first[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"
        return summary

    def other_names(self, elements):
        names = []
        for element in elements:
            for found in ALSO_KNOWN_AS.finditer(element.text):
                for name in re.split(r",\s*|\s+or\s+|\s+and\s+", found["names"]):
                    name = name.strip(" “”\"'()")
                    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.I)
                    if name and len(words(name)) <= 6:
                        names.append(capitalised(name))
        return list(dict.fromkeys(names))

    # -- nothing lost ------------------------------------------------------------------

    def account_for_every_sentence(self, elements, draft):
        """Every sentence of article text is in the draft or in a note: any that no
        rule placed (a gap in the rules) becomes a note rather than vanishing."""
        placed = comparable(" ".join(outline_texts(draft)))
        dropped = {comparable(item["text"]) for item in draft.dropped}
        for element in elements:
            for sentence in sentences(element.text):
                key = comparable(sentence)
                if key and key not in placed and key not in dropped:
                    draft.needs_placing.append({"text": sentence, "where": "unplaced"})
                    placed += f" {key}"


def heading_subject(text):
    """What a question heading is about: 'How are Bone Metastases Diagnosed?' ->
    'Bone Metastases'."""
    text = text.rstrip("?").strip()
    for pattern in (
        r"\b(?:of|for|with|about)\s+(?P<subject>.+)$",
        r"^(?:how|when|why)\s+(?:is|are|do|does|can)\s+(?P<subject>.+?)\s+\w+(?:ed|t)$",
        r"^what\s+(?:is|are|causes)\s+(?P<subject>.+)$",
    ):
        if found := re.search(pattern, text, re.I):
            subject = re.sub(r"^(the|a|an)\s+", "", found["subject"], flags=re.I)
            if 0 < len(words(subject)) <= 5:
                return subject
    return ""


def leading_name(name):
    """The name a paragraph starts with, without its examples: 'A stem cell transplant'
    -> 'stem cell transplant', 'Immunomodulatory drugs such as lenalidomide' ->
    'Immunomodulatory drugs'."""
    name = re.sub(r"^(a|an|the)\s+", "", name, flags=re.I)
    return re.split(r"\s+(?:such as|like|including|for example)\s+", name)[0]


def plain_case(text):
    """Banner capitals dropped: 'Is One Call Away' -> 'is one call away' (first word
    capitalised, abbreviations kept)."""
    words_ = squash(text).split(" ")
    lowered = [word if word.isupper() and len(word) > 1 else word.lower() for word in words_]
    return capitalised(" ".join(lowered))


def category(name, description):
    for text in (name, description):
        lowered = text.casefold()
        for value, pattern in CATEGORIES:
            if re.search(pattern, lowered):
                return value
    return "other"


def outline_texts(draft):
    """Every text the draft holds, for checking that nothing was lost."""
    texts = [draft.title, *draft.also_known_as]
    texts += [note["text"] for note in draft.needs_placing]
    for block in draft.blocks:
        for value in block.values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, list):
                for item in value:
                    texts.extend(item.values() if isinstance(item, dict) else [item])
    return [text for text in texts if isinstance(text, str)]


def structure(document: Document, *, title=""):
    """The Draft made of `document`. Raises NoSections if there is nothing to structure."""
    return Structurer(document, title=title).draft()
