"""Plain-text rules the importer applies to the hospital's old pages: comparing text,
splitting sentences and run-together bullets, and the sentence case editors use.

Nothing here adds words: each function only splits, trims or changes case, so that
every text the importer places can be found in its source."""

import re
import unicodedata

BULLETS = "•●▪◦·‣∙○■□➢➤►✓✔-*–—"
BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s+")
# A bullet character inside a line: items that lost their line breaks.
INLINE_BULLET = re.compile(r"\s+[•●▪◦‣∙■➢➤►]\s+")

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "vs", "approx", "no", "st"}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def squash(text):
    """Whitespace collapsed, ends trimmed; the text itself unchanged."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def comparable(text):
    """How two texts are compared: case, quotes, dashes, spacing and trailing
    punctuation do not matter, words do."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans("‘’“”–—", "''\"\"--"))
    text = re.sub(r"[^\w%+'-]+", " ", text)
    # A dash between words joins them (x-ray); one between spaces is punctuation.
    text = re.sub(r"(?<![\w])-+|-+(?![\w])", " ", text)
    return squash(text)


def sentences(text):
    """The sentences of a paragraph, each as written."""
    text = squash(text)
    if not text:
        return []
    parts, start = [], 0
    for match in SENTENCE_END.finditer(text):
        before = text[start : match.start() + 1]
        last_word = re.findall(r"([\w.]+)\.$", before)
        if last_word and last_word[0].casefold().rstrip(".") in ABBREVIATIONS:
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def words(text):
    return re.findall(r"[A-Za-z][A-Za-z'’-]*", text)


def proper_words(texts):
    """Words the prose capitalises in the middle of a sentence: names."""
    found = set()
    for text in texts:
        for sentence in sentences(text):
            found.update(word for word in words(sentence)[1:] if word[:1].isupper())
    return found


def lowercase_words(texts):
    """Words written in lower case somewhere in the prose: a capital on them in a
    title-cased heading is decoration, not a proper noun."""
    seen = set()
    for text in texts:
        seen.update(word for word in words(text) if word.islower())
    return seen


def sentence_case(text, names):
    """'What are The Symptoms of Bone Metastases?' -> 'What are the symptoms of bone
    metastases?': capitals dropped from every word but the first, except the `names`
    the prose itself capitalises mid-sentence (Hodgkin, Mumbai) and abbreviations (CT)."""

    def lower(match):
        word = match.group(0)
        if match.start() == 0 or not word[:1].isupper() or not word[1:].islower():
            return word
        return word if word in names else word.lower()

    return re.sub(r"[A-Za-z][A-Za-z'’-]*", lower, text)


def capitalised(text):
    return text[:1].upper() + text[1:] if text else text


def as_sentence(text):
    """'low blood count' -> 'Low blood count.' (a detail that was in brackets)."""
    text = capitalised(squash(text))
    return text if not text or text[-1] in ".!?" else f"{text}."


def balanced(text):
    return text.count("(") == text.count(")")


def split_run_together(item, *, sentence_case_list, proper_words=frozenset()):
    """One bullet that lost its line breaks, as the items it held.

    A new item starts where a capital letter follows a complete item: after a closing
    bracket or a full stop, or (in a list written in sentence case, where capitals
    mark the start of items) after a lower-case word: 'Spinal cord compression
    (pressure on the spinal cord) Kidney damage' -> two items."""
    item = squash(item)
    parts = [part for part in INLINE_BULLET.split(f" {item} ") if part.strip()]
    result = []
    for part in parts:
        result.extend(_split_item(part.strip(), sentence_case_list, proper_words))
    return result


# "Name: description" items run together: "… kidney damage. X-ray: This is …"
NAMED_ITEM_START = re.compile(r"(?<=[.!?])\s+(?=[A-Z][\w’'()/ -]{0,50}:\s)")
AFTER_BRACKET = re.compile(r"(?<=\))\s+(?=[A-Z])")
AFTER_WORD = re.compile(r"(?<=[a-z0-9])\s+(?=[A-Z][a-z])")


def _split_item(item, sentence_case_list, proper_words):
    if ":" in item:
        pieces = NAMED_ITEM_START.split(item)
        if len(pieces) > 1:
            return [
                piece
                for part in pieces
                for piece in _split_item(part, sentence_case_list, proper_words)
            ]
        return [item]
    pieces = []
    start = 0
    candidates = [m.start() for m in AFTER_BRACKET.finditer(item)]
    if sentence_case_list and not re.search(r"[.!?]", item):
        # A name the prose capitalises (Hodgkin) does not start an item.
        candidates += [
            m.start()
            for m in AFTER_WORD.finditer(item)
            if words(item[m.end() :])[0] not in proper_words
        ]
    for position in sorted(set(candidates)):
        left = item[start:position].strip()
        if left and balanced(left) and balanced(item[position:]):
            pieces.append(left)
            start = position
    pieces.append(item[start:].strip())
    return [piece for piece in pieces if piece]


def is_sentence_case(items):
    """Whether a list is written in sentence case (most items capitalise only their
    first word), so that a capital inside an item starts another."""
    judged = [item for item in items if len(words(item)) > 1]
    if not judged:
        return True
    title_cased = sum(
        1 for item in judged if all(word[0].isupper() for word in words(item)[1:] if len(word) > 3)
    )
    return title_cased * 2 < len(judged)
