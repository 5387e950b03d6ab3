"""The wording stage: find documents holding the quote's words and judge each by a word
alignment (verbatim, minor, altered, composite, a lexical paraphrase), with the speaker of
the turn the words are in.

:func:`judge` judges one document; :func:`lexical_stage` retrieves and judges candidates.
Both return values; neither decides the verdict (that is :mod:`verify.check.decide`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verify.check.align import align
from verify.check.request import CheckRequest
from verify.check.resources import Resources
from verify.check.retrieve import fuse, lexical_rankings
from verify.check.verdict import (
    Judgement,
    days_between,
    inside_quotation,
    speaker_check,
    wording_verdict,
)

LEXICAL_CANDIDATES = 10
KEYWORD_ONLY_JUDGED = 3  # candidates found by rare words only, aligned if ranked this high

# A short quote ("golden billion", "nothing about Ukraine without Ukraine") can be said on
# many occasions: its words in a document far from the claimed date do not show that this
# report came from there. Such matches are listed as appearances but not taken as the source.
SHORT_QUOTE_WORDS = 8
SHORT_ALTERED_WORDS = 15
NEAR_BEFORE_DAYS = 45


@dataclass(frozen=True)
class LexicalEvidence:
    """What the wording stage found: each judged document (None: its words did not align)
    and the lexical rankings (used again, at passage level, by the semantic stage)."""

    judged: dict[int, Judgement | None]
    rankings: dict[str, list]

    @property
    def judgements(self) -> list[Judgement]:
        return [j for j in self.judged.values() if j is not None]


def judge(
    res: Resources, req: CheckRequest, doc_id: int, offsets: list[int] | None = None
) -> Judgement | None:
    """Align the quote against one document and judge the wording and the speaker."""
    text, claimed, date = req.text, req.claimed, req.date
    doc, dt, bounds = res.tokens(doc_id, offsets, len(text))
    prefer = None
    if claimed:
        prefer = [
            b
            for t, b in zip(doc.turns, bounds, strict=True)
            if t.speaker and not t.is_question and res.same_person(claimed, t.speaker, date)
        ]
    aln = align(text, dt, turn_bounds=bounds, prefer=prefer)
    if aln is None:
        return None
    translated = (doc.meta.get("original_language") or "en") != (doc.language or "en")
    verdict, score, notes, changes = wording_verdict(aln, translated=translated)
    start, end = aln.span
    main = aln.main_piece()
    turn = doc.turn_at(aln.doc.toks[main.j1].start) if main.j2 > main.j1 else doc.turn_at(start)
    quoted = inside_quotation(doc.text, turn.body_start, start, end) if turn else False
    ok = speaker_check(claimed, doc, turn, quoted, registry=res.registry_or_none(), date=date)
    j = Judgement(
        doc, verdict, score, aln, (start, end), turn, ok, quoted, notes=notes, changes=changes
    )
    j.remote = remote(aln.n_quote, doc.date, date, verdict)
    return j


def remote(
    n_words: int, source_date: str | None, claimed_date: str | None, verdict: str | None = None
) -> bool:
    """Is this a short quote matched far from the claimed date (weak evidence of source)?"""
    # a changed or stitched match is weaker evidence than an exact one: allow longer quotes
    limit = SHORT_QUOTE_WORDS if verdict in ("verbatim", "minor") else SHORT_ALTERED_WORDS
    if n_words > limit or not claimed_date:
        return False
    days = days_between(source_date, claimed_date)
    return days is not None and not (-1 <= days <= NEAR_BEFORE_DAYS)


def settled(j: Judgement, claimed: str | None) -> bool:
    """An exact match that no other candidate could beat as the source."""
    return (
        j.effective_rank == 0
        and j.aln is not None
        and j.aln.coverage >= 0.999
        and not j.quoted
        and (j.speaker_ok is True if claimed else True)
    )


def lexical_stage(res: Resources, req: CheckRequest) -> LexicalEvidence:
    """Retrieve candidate documents by the quote's words (FTS5 phrases, rare words) and judge
    them, stopping at a settled exact match by the claimed speaker."""
    rankings = lexical_rankings(req.text, res.store, publisher=req.publisher)
    cands = fuse(rankings, res.store, limit=LEXICAL_CANDIDATES + len(req.exclude))
    judged: dict[int, Judgement | None] = {}
    for rank, c in enumerate(cands):
        if c.doc_id in req.exclude:
            continue
        if "phrase" not in c.via and rank >= KEYWORD_ONLY_JUDGED:
            continue  # no five words of the quote in a row there: no wording to judge
        j = judge(res, req, c.doc_id, c.offsets)
        judged[c.doc_id] = j
        if j is not None and settled(j, req.claimed):
            break  # the exact words, said by the claimed speaker: other documents are
            # found as appearances by their words, not judged here
    return LexicalEvidence(judged=judged, rankings=rankings)


def judge_more(
    res: Resources, req: CheckRequest, found: list[tuple[int, int]], already: dict[int, Any]
) -> dict[int, Judgement | None]:
    """Judge documents found another way (``found``: (doc_id, offset) pairs) that the wording
    stage had not judged."""
    out: dict[int, Judgement | None] = {}
    for doc_id, offset in found:
        if doc_id not in already and doc_id not in out:
            out[doc_id] = judge(res, req, doc_id, [offset])
    return out
