"""Reported-speech claims of one sentence: the content a cue governs, as character spans.

A frame's content (from the parse) is a claim when it holds more than the quotations in it;
a rule cue without a frame gives its ``pre`` region (else its ``post`` region) when the cue is
a verb of saying, "according to", "point out" or a name label, the region has at least
``CLAIM_MIN_WORDS`` words outside quotation marks, and (for ``pre``) a verb of its own
("emphasized the impact" is an object, not a claim). Name labels ("John Kirby: ...") give
claims only in the first line or a title-case headline.
"""

from __future__ import annotations

from verify.article.quotes.cues import Cue, is_verbish
from verify.article.quotes.frames import CLAIM_MIN_WORDS, Framed, frame_claims
from verify.article.quotes.sentences import Sentence, Tok
from verify.article.quotes.words import CLAIM_LEMMAS

_CLAIM_CUES = CLAIM_LEMMAS | {"according to", "point out", "colon"}


def sentence_claims(
    text: str, sentence: Sentence, cues: list[Cue], framed: list[Framed]
) -> list[tuple[int, int, int]]:
    """(start, end, cue index) of each claim of the sentence: the frames' first, then the
    rules' for cues without a frame."""
    toks = sentence.toks
    out = [(r0, r1, k) for f, k in framed for r0, r1 in frame_claims(text, toks, f)]
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
        out.append((span[0].start, span[-1].end, k))
    return out


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
