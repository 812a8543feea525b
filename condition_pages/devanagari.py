"""The Devanagari alphabet (वर्णमाला) as Hindi and Marathi dictionaries order it, for the
A–Z index of those languages: vowels (अ आ इ …), then consonants (क ख ग …), and within a
letter the vowel signs in the same order, a bare consonant before क with its signs, an
anusvara (कं) before them, and a half letter (क्) after them all. Unicode's code point
order differs (ऌ ऍ ऎ among the vowels, ळ between ल and व, nukta letters at the end),
so sorting by code point would misplace names."""

VOWELS = list("अआइईउऊऋएऐओऔ")
HINDI_CONSONANTS = list("कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह")
# Marathi has ळ, after ह.
MARATHI_CONSONANTS = [*HINDI_CONSONANTS, "ळ"]

# Each vowel sign (matra) sorts as its vowel; ॅ ॉ (English loan vowels: बॅट, डॉक्टर) as
# the vowels they are written beside.
VOWEL_SIGNS = {
    "ा": "आ",
    "ि": "इ",
    "ी": "ई",
    "ु": "उ",
    "ू": "ऊ",
    "ृ": "ऋ",
    "ॅ": "ए",
    "े": "ए",
    "ै": "ऐ",
    "ॉ": "ओ",
    "ो": "ओ",
    "ौ": "औ",
}
# Other spellings of a vowel letter, filed with it.
VOWEL_VARIANTS = {"ऑ": "ओ", "ऍ": "ए", "ॲ": "अ"}
# Letters with a nukta (क़ ज़ ड़ फ़ …) are filed and sorted with the letter under the dot.
NUKTA = "\u093c"
NUKTA_LETTERS = {
    "क़": "क",
    "ख़": "ख",
    "ग़": "ग",
    "ज़": "ज",
    "ड़": "ड",
    "ढ़": "ढ",
    "फ़": "फ",
    "य़": "य",
    "ऩ": "न",
    "ऱ": "र",
    "ऴ": "ळ",
}
ANUSVARA, CHANDRABINDU, VISARGA, VIRAMA = "ं", "ँ", "ः", "्"

ALL_CONSONANTS = MARATHI_CONSONANTS
_VOWEL_WEIGHT = {vowel: 10 + i for i, vowel in enumerate(VOWELS)}
_CONSONANT_WEIGHT = {consonant: 100 + i for i, consonant in enumerate(ALL_CONSONANTS)}
# After a consonant: its inherent "a" first, anusvara and chandrabindu before the vowel
# signs, visarga after them, the virama (a half letter) last.
_INHERENT, _NASAL, _VISARGA, _HALF = 5, 1, 40, 90
_OTHER = 1000


def _plain(text):
    for letter, base in NUKTA_LETTERS.items():
        text = text.replace(letter, base)
    return text.replace(NUKTA, "").replace("\u200d", "").replace("\u200c", "")


def sort_key(name):
    """A tuple that orders names as a Devanagari dictionary does; anything else (Latin
    letters, digits) after the Devanagari names, in code point order."""
    text = _plain(name.strip())
    key = []
    i = 0
    while i < len(text):
        char = text[i]
        i += 1
        char = VOWEL_VARIANTS.get(char, char)
        if char in _CONSONANT_WEIGHT:
            key.append(_CONSONANT_WEIGHT[char])
            following = text[i] if i < len(text) else ""
            if following in VOWEL_SIGNS:
                key.append(_VOWEL_WEIGHT[VOWEL_SIGNS[following]])
                i += 1
            elif following == VIRAMA:
                key.append(_HALF)
                i += 1
            else:
                key.append(_INHERENT)
        elif char in _VOWEL_WEIGHT:
            key.append(_VOWEL_WEIGHT[char])
        elif char in (ANUSVARA, CHANDRABINDU):
            key.append(_NASAL)
        elif char == VISARGA:
            key.append(_VISARGA)
        elif char.isspace():
            key.append(0)
        else:
            key.append(_OTHER + ord(char.casefold()))
    return tuple(key)


def initial(name, letters):
    """The letter a name is filed under: its first vowel or consonant (a conjunct such
    as क्ष under its first consonant), or None when it starts with something else."""
    text = _plain(name.strip())
    if not text:
        return None
    first = VOWEL_VARIANTS.get(text[0], text[0])
    return first if first in letters else None
