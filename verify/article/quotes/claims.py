"""Reported-speech claims of one sentence: the content a cue governs, as character spans.

A frame's content (from the parse) is a claim when it holds more than the quotations in it;
a rule cue without a frame gives its ``pre`` region (else its ``post`` region) when the cue is
a verb of saying, "according to", "point out" or a name label, the region has at least
``CLAIM_MIN_WORDS`` words outside quotation marks, and (for ``pre``) a verb of its own
("emphasized the impact" is an object, not a claim). Name labels ("John Kirby: ...") give
claims only in the first line or a title-case headline.
"""

from __future__ import annotations

from verify.article.quotes.cues import Cue, _adjunct_participle, is_verbish
from verify.article.quotes.frames import CLAIM_MIN_WORDS, Framed, frame_claims
from verify.article.quotes.sentences import Sentence, Tok
from verify.article.quotes.words import CLAIM_LEMMAS, QUOTE_ONLY_LEMMAS

_CLAIM_CUES = CLAIM_LEMMAS | {"according to", "point out", "colon"}


def sentence_claims(
    text: str, sentence: Sentence, cues: list[Cue], framed: list[Framed]
) -> list[tuple[int, int, int]]:
    """(start, end, cue index) of each claim of the sentence: the frames' first, then the
    rules' for cues without a frame."""
    toks = sentence.toks
    out = [
        (*_without_adjuncts(toks, r0, r1, cues[k].lemma), k)
        for f, k in framed
        for r0, r1 in frame_claims(text, toks, f)
    ]
    with_frame = {k for _f, k in framed}
    for k, a in enumerate(cues):
        if k in with_frame:
            continue  # the parse's content replaces the rule's region
        region = a.pre if a.pre is not None else a.post
        if a.kind == "colon" and not sentence.title_case and not sentence.first_line:
            continue
        if region is None or a.lemma not in _CLAIM_CUES:
            continue
        span = _trimmed(toks[region[0] : region[1]])
        if not span:
            continue
        if sum(1 for t in span if t.kind == "w") < CLAIM_MIN_WORDS:
            continue
        if a.pre is not None and not _has_clause(span, a):
            continue
        out.append((*_without_adjuncts(toks, span[0].start, span[-1].end, a.lemma), k))
    return out


# words that open an adjunct after a verb's quoted complement ("... a 'crazy system' during a
# campaign stop", "... a 'disgrace' Wednesday on a show"); not prepositions that often go on
# with the complement ("a 'champion' for its members", "a 'step forward' in global ...",
# "accused them of being 'traitors' in their treatment of ...")
_ADJUNCT_STARTS = frozenset(
    """during while when before since amid following monday tuesday wednesday thursday
    friday saturday sunday yesterday today tonight earlier later""".split()
)


def _without_adjuncts(toks: list[Tok], r0: int, r1: int, lemma: str) -> tuple[int, int]:
    """A claim without the adjuncts after it: a verb that attributes quoted words ("described
    the act as a 'crazy system' during a campaign stop") governs up to its last quotation
    when a time, place or circumstance follows it (:data:`_ADJUNCT_STARTS`, a dash, a comma);
    any claim ends before a trailing participle clause ("... 'fair' to him, engaging in what
    analysts described ...")."""
    inside = [t for t in toks if t.start >= r0 and t.end <= r1]
    if not inside:
        return r0, r1
    quotes = [t for t in inside if t.kind == "q"]
    if lemma in QUOTE_ONLY_LEMMAS and quotes and quotes[-1].end < r1:
        after = next((t for t in inside if t.start >= quotes[-1].end), None)
        if after is not None and (after.low in _ADJUNCT_STARTS or after.text in "—–,"):
            r1 = quotes[-1].end
    for k in range(len(inside) - 2, 0, -1):
        t = inside[k]
        if t.end > r1 or not (t.kind == "p" and t.text == ","):
            continue
        if _adjunct_participle(inside[k + 1]):  # the last comma of the claim opens it
            r1 = inside[k - 1].end
        break
    return r0, r1


def _trimmed(ctoks: list[Tok]) -> list[Tok]:
    while ctoks and ctoks[-1].kind == "p" and ctoks[-1].text in ".,;:—–-!?)":
        ctoks = ctoks[:-1]
    while ctoks and ctoks[0].kind == "p" and ctoks[0].text in ",;:—–-":
        ctoks = ctoks[1:]
    return ctoks


def _has_clause(ctoks: list[Tok], a: Cue) -> bool:
    """A reported clause has a verb; "emphasized the impact" is an object, not a claim."""
    if a.kind in ("according", "colon"):
        return True
    return any(is_verbish(t) for t in ctoks[1:]) or any(t.kind == "q" for t in ctoks)
