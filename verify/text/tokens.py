"""Character normalisation, word tokens with offsets, and sentence splitting.

Shared by ingestion (sentences, passages), retrieval (FTS queries) and alignment.
Everything here is pure Python and fast to import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Unicode quote marks, apostrophes and dashes mapped to their ASCII forms.
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2060": "",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2026": "...",
    }
)


def normalize_chars(text: str) -> str:
    """NFC, then curly quotes/apostrophes/dashes/odd spaces to ASCII. Length may change
    only for the ellipsis character and zero-width characters."""
    return unicodedata.normalize("NFC", text).translate(_CHAR_MAP)


_ONE_TO_ONE = {k: v for k, v in _CHAR_MAP.items() if isinstance(v, str) and len(v) == 1}
_ONE_TO_ONE_MAP = {k: v for k, v in _ONE_TO_ONE.items()}


def fold_chars(text: str) -> str:
    """Like normalize_chars but keeps every offset: only one-to-one replacements."""
    return text.translate(_ONE_TO_ONE_MAP)


def clean_whitespace(text: str) -> str:
    """Non-breaking and odd spaces to spaces, runs of spaces collapsed, paragraphs kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\u200a\t ]+", " ", text)
    text = re.sub(r"[\u200b\u2060\ufeff]", "", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


@dataclass(frozen=True)
class Token:
    text: str  # as written (after one-to-one character folding)
    norm: str  # lower-cased, apostrophes unified
    start: int
    end: int


# A word: letters/digits, with inner apostrophes (don't, Russia's), inner dots in numbers
# (3.5) and inner commas in numbers (1,000). Hyphens separate words.
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*(?:%)?|[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word tokens with character offsets into ``text`` (plus ``offset``)."""
    folded = fold_chars(text)
    out = []
    for m in _WORD_RE.finditer(folded):
        word = m.group()
        out.append(Token(word, word.lower(), m.start() + offset, m.end() + offset))
    return out


def words(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


# ---------------------------------------------------------------- sentences

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "sen",
    "rep",
    "gen",
    "col",
    "lt",
    "sgt",
    "gov",
    "pres",
    "jr",
    "sr",
    "vs",
    "no",
    "nos",
    "art",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "a.m",
    "p.m",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "dept",
    "corp",
    "inc",
    "ltd",
    "co",
    "op",
}

# End of a sentence: . ! ? (possibly followed by closing quotes/brackets), then space(s).
_SENT_END = re.compile(r"[.!?]+['\"\u2019\u201d)\]]*(?=\s+|$)|\n\s*\n")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside text[start:end], trimmed of whitespace.

    Rule based and fast (the whole corpus goes through it at ingest): splits after
    . ! ? followed by whitespace and an upper-case letter, digit or quote mark, except after
    common abbreviations and single initials; paragraph breaks always split.
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    seg_start = start
    for m in _SENT_END.finditer(text, start, end):
        cut = m.end()
        if m.group().strip() == "":  # paragraph break
            _push(text, spans, seg_start, m.start())
            seg_start = cut
            continue
        nxt = _next_char(text, cut, end)
        if nxt is not None and not (nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c\u2018(["):
            continue
        if m.group()[0] == ".":
            before = text[max(seg_start, m.start() - 12) : m.start()]
            word = re.split(r"[\s(\"'\u201c]", before)[-1].lower()
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        _push(text, spans, seg_start, cut)
        seg_start = cut
    _push(text, spans, seg_start, end)
    return spans


def _next_char(text: str, pos: int, end: int) -> str | None:
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None


def _push(text: str, spans: list[tuple[int, int]], s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def surname_pattern(name: str) -> re.Pattern | None:
    """A person's surname (the last word of ``name``) as a whole-word pattern, to find the
    person named in a text ("Vladimir Putin noted ..."); None for a name that is not a
    person's (an organisation: "Presidency of the Republic of Turkey") or too short."""
    words = re.findall(r"[^\W\d_][^\W\d_'\u2019-]+", name or "")
    if not words or len(words[-1]) < 3 or any(w[0].islower() for w in words):
        return None
    return re.compile(rf"\b{re.escape(words[-1])}\b")
