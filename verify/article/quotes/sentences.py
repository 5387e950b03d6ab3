"""Sentences and tokens of an article, with its top-level quotations masked.

Top-level quotations are masked (same length, so offsets hold) and the article is cut into
sentences around them; a quotation whose own text ends a sentence (``"... Belarus." "I am
..."``) ends the sentence. Each sentence is a list of :class:`Tok`: words, punctuation, and
one token per masked quotation. A wire dateline that opens a sentence ("MOSCOW (Reuters) -")
is left out of it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from verify.article.quotes.marks import Quotation
from verify.article.quotes.outlets import outlet_name
from verify.text.tokens import ABBREVIATIONS


@dataclass(frozen=True)
class Tok:
    kind: str  # "w" word, "p" punctuation, "q" a masked top-level quotation
    text: str  # as written in the article
    start: int
    end: int
    quote: int | None = None  # index of the quotation for kind "q"

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.kind == "w" and self.text[:1].isupper()

    @property
    def base(self) -> str:
        """The word without a possessive ending."""
        t = self.text
        for suf in ("'s", "’s", "s'", "s’"):
            if t.endswith(suf) and len(t) > 3:
                return t[:-2] if suf[0] in "'’" else t[:-1]
        return t

    @property
    def possessive(self) -> bool:
        return (
            self.kind == "w" and self.text.endswith(("'s", "’s", "s'", "s’")) and len(self.text) > 3
        )


@dataclass(frozen=True)
class Sentence:
    """One sentence: its span, tokens, paragraph index, and whether it is a title-case
    headline (on the article's first line, mostly capitalised words)."""

    start: int
    end: int
    toks: list[Tok]
    para: int
    title_case: bool = False
    first_line: bool = False  # starts on the article's first line


def read_sentences(text: str, quotes: list[Quotation]) -> list[Sentence]:
    """The sentences of ``text`` (with the quotations ``find_quotations`` found in it), in
    order; sentences without a token are left out."""
    tops = {q.open: k for k, q in enumerate(quotes) if q.parent is None}
    skel = _mask(text, quotes)
    para_of = paragraph_index(text)
    first_line_end = text.find("\n") if "\n" in text else len(text)
    out: list[Sentence] = []
    for s, e in _sentences(skel, text):
        s2 = s
        m = DATELINE_RE.match(skel, s, e)
        if m and s < 2000 and outlet_name(m.group(1)):
            s2 = m.end()
        toks = _tokens(skel, text, s2, e, tops)
        if not toks:
            continue
        title_case = s2 < first_line_end and _is_title_case(toks)
        out.append(Sentence(s2, e, toks, para_of(s2), title_case, s2 < first_line_end))
    return out


_MASK_OPEN, _MASK_FILL, _MASK_CLOSE = "\ue000", "\ue002", "\ue001"
_TOKEN_RE = re.compile(
    r"\ue000[\ue002\n]*\ue001?"
    r"|(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Del|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Jr|Sr|St|Rev|Adm|Maj|Cmdr)\.(?=\s)"
    r"|(?:[A-Z]\.){2,3}|[A-Z]\.(?=\s+[A-Z])"
    r"|[^\W_](?:[\w'’.&\-]*[^\W_])?(?:['’]s?)?|[^\s\w]|_",
    re.UNICODE,
)
_ABBREV = ABBREVIATIONS | {"adm", "capt", "cmdr", "fr", "maj", "messrs", "rev"}
_ABBREV |= {"del", "sens", "reps"}  # "state Del. Marcia Price", "Sens. Jon Tester and ..."
DATELINE_RE = re.compile(r"(?:[A-Z][A-Za-z .'’,-]{1,40}?\s*)?\(([^()\n]{1,40})\)\s*[-–—]+\s*")


def _mask(text: str, quotes: list[Quotation]) -> str:
    chars = list(text)
    for q in quotes:
        if q.parent is not None:
            continue
        end = q.outer_end
        chars[q.open] = _MASK_OPEN
        for k in range(q.open + 1, end - 1):
            chars[k] = _MASK_FILL
        if end - 1 > q.open:
            chars[end - 1] = _MASK_CLOSE
    return "".join(chars)


SHORT_PARENTHESIS = 12  # characters of "(R-Fla." or "(D-N.Y."


def _sentences(skel: str, text: str) -> list[tuple[int, int]]:
    """Sentence spans over the masked text: split at . ! ? + space + capital/quote, at
    paragraph breaks, and after a quotation whose words end a sentence."""
    spans: list[tuple[int, int]] = []
    n = len(skel)
    start = 0
    boundary = re.compile(r"[.!?]+[)\]]*(?=\s)|\n|\ue001(?=\s)")
    for m in boundary.finditer(skel):
        cut = m.end()
        g = m.group()
        if g == "\n":
            spans.append((start, m.start()))
            start = cut
            continue
        j = cut
        while j < n and skel[j] in " \t\u00a0\u2009\u202f":  # no-break spaces too
            j += 1
        if j >= n or skel[j] == "\n":
            continue
        nxt = skel[j]
        if g == _MASK_CLOSE:
            # the quotation's own words end in . ! ? and a new sentence follows
            k = m.start() - 1
            while k > 0 and text[k] in "\"'”’»" + " ":
                k -= 1
            inner_end = text[max(0, k - 0) : m.start()]
            if not re.search(r"[.!?…]\W*$", inner_end + text[m.start()] if inner_end else ""):
                continue
            if not (nxt == _MASK_OPEN or nxt.isupper()):
                continue
            # keep "...," he said. style attribution: an upper-case pronoun/name that starts
            # an attribution is split too; the dangling attribution is re-joined later
            spans.append((start, cut))
            start = cut
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt == _MASK_OPEN or nxt in "\"“‘'«"):
            continue
        if g.startswith(".") and g.endswith(")"):
            # a short parenthesis closed after an abbreviation ("Sen. Rick Scott's (R-Fla.)
            # tax proposal"): a party and state, not a sentence's end
            opened = skel.rfind("(", start, m.start())
            if opened >= 0 and m.start() - opened <= SHORT_PARENTHESIS:
                continue
        if g.startswith("."):
            before = skel[max(start, m.start() - 15) : m.start()]
            word = re.split(r"[\s(\ue001]", before)[-1].lower()
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                if not (word == "no" and not nxt.isdigit()):  # "No. 1"; "shook his head no."
                    continue
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    out = []
    for s, e in spans:
        while s < e and skel[s].isspace():
            s += 1
        while e > s and skel[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _tokens(skel: str, text: str, s: int, e: int, qindex: dict[int, int]) -> list[Tok]:
    toks = []
    for m in _TOKEN_RE.finditer(skel, s, e):
        a, b = m.start(), m.end()
        if skel[a] == _MASK_OPEN:
            toks.append(Tok("q", text[a:b], a, b, qindex.get(a)))
        elif skel[a] in (_MASK_FILL, _MASK_CLOSE):
            continue
        elif m.group()[0].isalnum() or m.group()[0] == "_":
            word = text[a:b]
            # "said." at a sentence end: keep the full stop apart (but not "U.S.")
            toks.append(Tok("w", word, a, b))
        else:
            toks.append(Tok("p", text[a:b], a, b))
    return toks


def paragraph_index(text: str) -> Callable[[int], int]:
    """pos -> index of its paragraph, counting non-empty lines only."""
    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*\S", text)] or [0]

    def para_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return para_of


def para_starts_with(text: str, pos: int) -> bool:
    """True when only white space stands between the paragraph start and ``pos``."""
    k = pos - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] == "\n"


def _is_title_case(toks: list[Tok]) -> bool:
    words = [t for t in toks if t.kind == "w" and t.text[:1].isalpha()]
    if len(words) < 3:
        return False
    caps = sum(1 for t in words if t.text[:1].isupper())
    return caps / len(words) >= 0.6
