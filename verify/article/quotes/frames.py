"""The dependency parse's attribution frames, joined to the rules' cues of each sentence.

The sentences that hold a quotation or a reporting word are parsed
(:func:`verify.article.extract_parse.parse_frames`); :func:`sentences_to_parse` chooses them
within ``PARSE_BUDGET`` characters (articles of megabytes: sentences with quotations first).
:func:`merge` pairs each frame with the rules' cue of the same word, or adds a cue for it
(``from_parse``); a frame whose cue lies inside a quotation is the quoted speaker's own words
and is dropped. A frame's content replaces the rules' region for claims
(:func:`frame_claims`) and supplies the attribution of a quotation the rules left without
one (:func:`frame_for_quote`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from verify.article.extract_parse import BELIEF_FORMS, Frame
from verify.article.quotes.cues import Cue
from verify.article.quotes.marks import Quotation
from verify.article.quotes.phrases import person_noun
from verify.article.quotes.sentences import Sentence, Tok
from verify.article.quotes.words import CUE_FORMS, PARTICIPLES, PRONOUNS, ROLE_NOUNS

# Characters of sentence text parsed per call at most: beyond it (articles of megabytes) the
# sentences with quotations come first, then those with reporting words, in text order; the
# rest keep to the rules.
PARSE_BUDGET = 600_000
CLAIM_MIN_WORDS = 2  # words outside quotation marks a claim needs

Framed = tuple[Frame, int]  # a frame and the index of its cue in the sentence's cues


def _wants_parse(toks: list[Tok]) -> bool:
    """A sentence worth parsing: it holds a quotation or a reporting word."""
    for t in toks:
        if t.kind == "q":
            return True
        if t.kind == "w":
            low = t.low
            if low in CUE_FORMS or low in PARTICIPLES or low in BELIEF_FORMS or low == "according":
                return True
    return False


def sentences_to_parse(sentences: list[Sentence]) -> list[int]:
    """Indices of the sentences to parse, in text order, within ``PARSE_BUDGET``."""
    with_quotes = []
    with_cues = []
    for i, s in enumerate(sentences):
        if any(t.kind == "q" for t in s.toks):
            with_quotes.append(i)
        elif _wants_parse(s.toks):
            with_cues.append(i)
    chosen = []
    used = 0
    for i in with_quotes + with_cues:
        size = sentences[i].end - sentences[i].start
        if used + size > PARSE_BUDGET:
            continue
        used += size
        chosen.append(i)
    return sorted(chosen)


def _tok_at(toks: list[Tok], pos: int) -> int | None:
    for k, t in enumerate(toks):
        if t.start <= pos < t.end:
            return k
    return None


def merge(toks: list[Tok], cues: list[Cue], frames: list[Frame]) -> tuple[list[Cue], list[Framed]]:
    """The sentence's cues with those only the parse found added (in token order), and each
    kept frame with the index of its cue."""
    qspans = [(t.start, t.end) for t in toks if t.kind == "q"]
    framed_cue: list[tuple[Frame, Cue]] = []
    taken: set[int] = set()  # ids of rule cues that have their frame
    added: list[Cue] = []
    for f in frames:
        f = replace(f, content=[_whole_quotes(r, qspans) for r in f.content])
        ci = _tok_at(toks, f.cue[0])
        if ci is None or toks[ci].kind != ("p" if f.kind == "colon" else "w"):
            continue
        cj = ci + 1
        while cj < len(toks) and toks[cj].end <= f.cue[1]:
            cj += 1
        np = _source_span(toks, f)
        match = next((c for c in cues if c.ci == ci and id(c) not in taken), None)
        if match is not None:
            taken.add(id(match))
            framed_cue.append((f, match))
            continue
        if np is None:
            continue
        if f.belief and _thing(toks, np) and _holds_quote(f, qspans):
            continue  # "Russia's war shows that '...'": evidence, not somebody's words
        c = Cue(
            ci, cj, f.kind, f.lemma, np, None, None, None, 0, toks[ci].start, toks[cj - 1].end, True
        )
        added.append(c)
        framed_cue.append((f, c))
    merged = sorted(cues + added, key=lambda c: c.ci)
    index = {id(c): k for k, c in enumerate(merged)}
    return merged, [(f, index[id(c)]) for f, c in framed_cue]


def _holds_quote(f: Frame, qspans: list[tuple[int, int]]) -> bool:
    return any(a < r1 and r0 < b for r0, r1 in f.content for a, b in qspans)


def _thing(toks: list[Tok], np: tuple[int, int]) -> bool:
    """A subject that is a thing, not a speaker: its head a common noun that names no
    person ("war", "data"; not "officials", "he", "Putin")."""
    head = toks[np[1] - 1]
    return (
        head.kind == "w"
        and not head.cap
        and head.low not in PRONOUNS
        and not person_noun(head.low)
        and head.low.removesuffix("s") not in ROLE_NOUNS
    )


def _source_span(toks: list[Tok], f: Frame) -> tuple[int, int] | None:
    if f.source is None:
        return None
    i0 = next((k for k, t in enumerate(toks) if t.end > f.source[0]), None)
    i1 = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].start < f.source[1]), None)
    if i0 is not None and i1 is not None and i0 <= i1:
        if all(t.kind == "w" or t.text in "-.’'" for t in toks[i0 : i1 + 1]):
            return (i0, i1 + 1)
    return None


def _whole_quotes(r: tuple[int, int], qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """A content range that cuts a quotation (the parse left its last words, closing mark
    or final stop on the verb) takes the quotation whole."""
    r0, r1 = r
    for a, b in qspans:
        if a < r1 < b and a >= r0:
            r1 = b
        if a < r0 < b and b <= r1:
            r0 = a
        if r0 <= a + 1 and r1 >= a + 1 and a < r1 < b:
            r1 = b
    return r0, r1


def frame_for_quote(framed: list[Framed], q: Quotation) -> int | None:
    """The cue of the smallest frame content that holds the quotation."""
    best = None
    best_key = None
    for f, k in framed:
        for r0, r1 in f.content:
            inside = min(r1, q.end) - max(r0, q.start)
            if inside >= 0.9 * (q.end - q.start) and inside > 0:
                # a verb of saying before a verb of belief; then the smallest content
                key = (f.belief, r1 - r0)
                if best_key is None or key < best_key:
                    best, best_key = k, key
    return best


def frame_claims(text: str, toks: list[Tok], f: Frame) -> list[tuple[int, int]]:
    """The frame's content ranges that are claims: more than the quotation they hold."""
    out = []
    qspans = [(t.start, t.end) for t in toks if t.kind == "q"]
    for r0, r1 in f.content:
        inside = [(max(a, r0), min(b, r1)) for a, b in qspans if a < r1 and b > r0]
        outside_text = text[r0:r1]
        for a, b in sorted(inside, reverse=True):
            outside_text = outside_text[: a - r0] + " " + outside_text[b - r0 :]
        words = count_words(outside_text)
        if inside:
            if words < 1:
                continue
        elif words < (3 if f.belief else CLAIM_MIN_WORDS):
            continue
        out.append((r0, r1))
    return out


def count_words(s: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", s))
