"""The wording stage: find documents holding the quote's words and judge each by a word
alignment (verbatim, minor, altered, composite, a lexical paraphrase), with the speaker of
the turn the words are in.

:func:`judge` judges one document; :func:`lexical_stage` retrieves and judges candidates.
Both return values; neither decides the verdict (that is :mod:`verify.check.decide`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from verify.check.align import align
from verify.check.request import CheckRequest
from verify.check.resources import Resources
from verify.check.retrieve import fts_terms, fuse, lexical_rankings, phrase_query
from verify.check.verdict import (
    Judgement,
    days_between,
    inside_quotation,
    institution,
    speaker_check,
    wording_verdict,
)
from verify.text.tokens import surname_pattern

LEXICAL_CANDIDATES = 10
KEYWORD_ONLY_JUDGED = 3  # candidates found by rare words only, aligned if ranked this high

# A short quote ("golden billion", "nothing about Ukraine without Ukraine") can be said on
# many occasions: its words in a document far from the claimed date do not show that this
# report came from there. Such matches are listed as appearances but not taken as the source.
SHORT_QUOTE_WORDS = 8
SHORT_ALTERED_WORDS = 15
NEAR_BEFORE_DAYS = 45

# A fragment (one to four words) is evidence only where the report says it was said: the
# claimed speaker's turn on that occasion. Without a resolved event, the occasion is the
# claimed date and a few days before it (a weekend, a late report) or the day after (time
# zones). Labelled articles: 117 of 118 sources are 0-1 days before the article's date.
FRAGMENT_WORDS = 4
OCCASION_BEFORE_DAYS = 3
OCCASION_AFTER_DAYS = 1
OWN_PASSAGES_LIMIT = 3000
QUOTING_CONTEXT_CHARS = 400  # how far back in the turn a quotation names its speaker
_TITLE = re.compile(r"\b[Tt]he ((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)\b")


@dataclass(frozen=True)
class LexicalEvidence:
    """What the wording stage found: each judged document (None: its words did not align)
    and the lexical rankings (used again, at passage level, by the semantic stage)."""

    judged: dict[int, Judgement | None]
    rankings: dict[str, list]

    @property
    def judgements(self) -> list[Judgement]:
        return [j for j in self.judged.values() if j is not None]


def narrates_claimed(req: CheckRequest, doc: Any, turn: Any, start: int) -> bool:
    """Is this narrative text of the resolved event an account of the claimed speaker's
    words (a readout: "Vladimir Putin noted ...")? Their surname in the paragraph, before or
    at the passage."""
    if doc.id not in req.event or not req.claimed or (turn is not None and turn.speaker):
        return False
    named = surname_pattern(req.claimed)
    if named is None:
        return False
    lo = max(doc.text.rfind("\n", 0, start), start - 600, 0)
    return bool(named.search(doc.text, lo, min(len(doc.text), start + 400)))


_OPENING_MARKS = "\"\u201c\u00ab'\u2018"
_CLOSING_MARKS = "\"\u201d\u00bb'\u2019"


def in_marks(text: str, start: int, end: int) -> bool:
    """Do quotation marks enclose text[start:end] just as it is (perhaps with the
    sentence's own stop inside them)?"""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2].lstrip(".,;:!?")[:1]
    return bool(before) and before in _OPENING_MARKS and bool(after) and after in _CLOSING_MARKS


def judge(
    res: Resources, req: CheckRequest, doc_id: int, offsets: list[int] | None = None
) -> Judgement | None:
    """Align the quote against one document and judge the wording and the speaker."""
    text, claimed, date = req.text, req.claimed, req.date
    doc, dt, bounds = res.tokens(doc_id, offsets, len(text))
    prefer = None
    if claimed and institution(claimed):
        # an institution speaks through its officials: their turns, not reporters' questions
        prefer = [b for t, b in zip(doc.turns, bounds, strict=True) if not t.is_question]
    elif claimed:
        prefer = [
            b
            for t, b in zip(doc.turns, bounds, strict=True)
            if t.speaker and not t.is_question and res.same_person(claimed, t.speaker, date)
        ]
    aln = align(text, dt, turn_bounds=bounds, prefer=prefer)
    if aln is None:
        return None
    verdict, score, notes, changes = wording_verdict(aln, translated=doc.translated)
    start, end = aln.span
    main = aln.main_piece()
    turn = doc.turn_at(aln.doc.toks[main.j1].start) if main.j2 > main.j1 else doc.turn_at(start)
    quoted = inside_quotation(doc.text, turn.body_start, start, end) if turn else False
    ok = speaker_check(claimed, doc, turn, quoted, registry=res.registry_or_none(), date=date)
    if ok is None and in_marks(doc.text, start, end) and narrates_claimed(req, doc, turn, start):
        # the event's readout puts the claimed speaker's words in quotation marks ("Biden
        # focused on what he described as "threatening" movements"): their words
        ok = True
    j = Judgement(
        doc, verdict, score, aln, (start, end), turn, ok, quoted, notes=notes, changes=changes
    )
    j.remote = remote(aln.n_quote, doc.date, date, verdict)
    j.on_occasion = on_occasion(doc.id, doc.date, req)
    if doc.id in req.event_order:
        j.event_rank = req.event_order.index(doc.id)
    if claimed and ok is not True and turn is not None and j.rank <= 2:
        # only a wording match can be taken for the source: is it a quotation of them?
        j.quotes_claimed = quotes_claimed(res, req, doc, turn, start, end)
    return j


def on_occasion(doc_id: int, doc_date: str | None, req: CheckRequest) -> bool | None:
    """Is the document from the occasion the quote is reported from: the resolved event,
    or (without one, or besides it) the claimed date or a few days before? None when
    neither an event nor a date is known."""
    if doc_id in req.event:
        return True
    if not req.date:
        return False if req.event else None
    days = days_between(doc_date, req.date)
    return days is not None and -OCCASION_AFTER_DAYS <= days <= OCCASION_BEFORE_DAYS


def quotes_claimed(
    res: Resources, req: CheckRequest, doc: Any, turn: Any, start: int, end: int
) -> bool:
    """Is this turn (a reporter's question, another official) quoting the claimed speaker?
    It is when, shortly before the words or right after them in the same turn, it names
    them: their name or surname, or a title that names them in that document ("the
    President" at the White House)."""
    if not req.claimed or turn.speaker and res.same_person(req.claimed, turn.speaker, req.date):
        return False
    lo = max(turn.body_start, start - QUOTING_CONTEXT_CHARS)
    hi = min(turn.end, end + QUOTING_CONTEXT_CHARS // 3)
    context = doc.text[lo:start] + " \n " + doc.text[end:hi]
    reg = res.registry_or_none()
    person = reg.person(req.claimed) if reg is not None else None
    names = {req.claimed, *(person.surnames if person else ())}
    if not person:
        names.add(req.claimed.split()[-1])
    for name in names:
        if len(name) > 2 and re.search(rf"\b{re.escape(name)}\b", context, re.IGNORECASE):
            return True
    if reg is None:
        return False
    for m in _TITLE.finditer(context):
        who = reg.canonical(m.group(1), date=doc.date, publisher=doc.publisher)
        if who and res.same_person(req.claimed, who, req.date):
            return True
    return False


def fragment_pattern(text: str) -> re.Pattern | None:
    """The fragment's words as a pattern that allows what reporters change in so few words:
    an inflection ("continue" / "continues"), a hyphen or space between words
    ("short-sighted" / "shortsighted"), case."""
    words = re.findall(r"[^\W_]+", text.lower())
    if not words:
        return None
    parts = []
    for w in words:
        if len(w) >= 5 and w.isalpha():
            parts.append(re.escape(w[: len(w) - 2]) + r"\w{0,4}")
        else:
            parts.append(re.escape(w))
    return re.compile(r"\b" + r"\W*".join(parts) + r"\b", re.IGNORECASE)


def own_short_places(res: Resources, req: CheckRequest) -> dict[int, list[int]]:
    """For a short quote (up to SHORT_QUOTE_WORDS words: a fragment, "there's more that can
    be done") with a claimed speaker: the documents of the occasion where the claimed
    speaker's own passages hold its words ({doc_id: passage starts}). Found by who and when,
    not by rank among every passage holding its common words."""
    if not req.claimed or req.n_words > SHORT_QUOTE_WORDS or not (req.date or req.event):
        return {}
    from datetime import date as Date
    from datetime import timedelta

    pattern = fragment_pattern(req.text)
    if pattern is None:
        return {}
    out: dict[int, list[int]] = {}
    # the resolved event's transcripts: the claimed speaker's turns there
    for d in sorted(req.event - req.exclude):
        doc = res.document(d)
        for t in doc.turns:
            if not t.speaker or t.is_question:
                continue
            if res.same_person(req.claimed, t.speaker, req.date):
                out.setdefault(d, []).extend(
                    m.start() for m in pattern.finditer(doc.text, t.body_start, t.end)
                )
    out = {d: offs for d, offs in out.items() if offs}
    # and their passages of the days around the claimed date
    if req.date:
        try:
            day = Date.fromisoformat(req.date[:10])
        except ValueError:
            return out
        lo = (day - timedelta(days=OCCASION_BEFORE_DAYS)).isoformat()
        hi = (day + timedelta(days=OCCASION_AFTER_DAYS + 1)).isoformat()
        inst = institution(req.claimed)
        if inst:  # an institution speaks in its own documents: its passages with the words
            terms = fts_terms(req.text)
            query = " OR ".join(
                q for q in (phrase_query(req.text), f'"{"".join(terms)}"' if terms else "") if q
            )
            hits = res.store.fts(query, limit=300, publisher=inst) if query else []
            dates = res.store.doc_dates({d for _, d, _ in hits})
            rows = [(pid, d) for pid, d, _ in hits if lo <= (dates.get(d) or "")[:10] < hi]
        else:
            rows = res.store.speaker_passages(req.claimed, lo, hi, limit=OWN_PASSAGES_LIMIT)
        pids = [pid for pid, d in rows if d not in req.exclude and d not in out]
        for p in res.store.passages(pids):
            if pattern.search(p.text):
                out.setdefault(p.doc_id, []).append(p.start)
    return out


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


SETTLED_MAX_DAYS = 1


def settled(j: Judgement, claimed: str | None, date: str | None = None) -> bool:
    """An exact match that no other candidate could beat as the source: by the claimed
    speaker, on the claimed date or the day before (a speaker repeats a line: the briefing
    of the day after, or a speech of last week, says it too, and the occasion of the day,
    further down the ranking, is the source)."""
    days = days_between(j.doc.date, date)
    return (
        j.effective_rank == 0
        and j.aln is not None
        and j.aln.coverage >= 0.999
        and not j.quoted
        and (j.speaker_ok is True if claimed else True)
        and (days is None or 0 <= days <= SETTLED_MAX_DAYS)
    )


def lexical_stage(res: Resources, req: CheckRequest) -> LexicalEvidence:
    """Retrieve candidate documents by the quote's words (FTS5 phrases, rare words) and judge
    them, stopping at a settled exact match by the claimed speaker."""
    rankings = lexical_rankings(req.text, res.store, publisher=req.publisher)
    cands = fuse(rankings, res.store, limit=LEXICAL_CANDIDATES + len(req.exclude))
    judged: dict[int, Judgement | None] = {}
    # a short quote: the claimed speaker's own words on the occasion first
    for doc_id, offsets in own_short_places(res, req).items():
        judged[doc_id] = judge(res, req, doc_id, offsets)
    for rank, c in enumerate(cands):
        if c.doc_id in req.exclude or c.doc_id in judged:
            continue
        if "phrase" not in c.via and rank >= KEYWORD_ONLY_JUDGED:
            continue  # no five words of the quote in a row there: no wording to judge
        j = judge(res, req, c.doc_id, c.offsets)
        judged[c.doc_id] = j
        if j is not None and settled(j, req.claimed, req.date):
            break  # the exact words, said by the claimed speaker: other documents are
            # found as appearances by their words, not judged here
    return LexicalEvidence(judged=judged, rankings=rankings)


def judge_more(
    res: Resources, req: CheckRequest, found: list[tuple[int, int]], already: dict[int, Any]
) -> dict[int, Judgement | None]:
    """Judge documents found another way (``found``: (doc_id, offset) pairs) that the wording
    stage had not judged."""
    offsets: dict[int, list[int]] = {}
    for doc_id, offset in found:
        if doc_id not in already and doc_id not in req.exclude:
            offsets.setdefault(doc_id, []).append(offset)
    return {doc_id: judge(res, req, doc_id, offs) for doc_id, offs in offsets.items()}
