"""From a :class:`~verify.check.decide.Decision` to the :class:`QuoteResult` users see: the
source span, the word-by-word differences, the evidence, related passages; and the one
"not checked" result for input that could not be checked."""

from __future__ import annotations

from typing import Any

from verify.check import explain
from verify.check.appearances import appearance, earliest_primary
from verify.check.decide import (
    NOT_FOUND,
    PARAPHRASE,
    STATEMENT_ELSEWHERE,
    WORDING_FAR,
    WORDS_ELSEWHERE,
    Decision,
    _elsewhere,
    changed_far,
    is_fragment,
    quotation_of_claimed,
)
from verify.check.request import CheckRequest
from verify.check.verdict import Judgement
from verify.errors import VerifyError
from verify.models import Appearance, Difference, QuoteResult, SourceSpan

RELATED_MIN_COSINE = 0.55
RELATED_LIMIT = 3


def source_span(j: Judgement) -> SourceSpan:
    s, e = j.span
    return SourceSpan(
        url=j.doc.url,
        title=j.doc.title,
        date=j.doc.date,
        publisher=j.doc.publisher,
        kind=j.doc.kind,
        speaker=j.turn.speaker if j.turn else None,
        speaker_label=j.turn.label if j.turn else None,
        text=j.doc.text[s:e],
        start=s,
        end=e,
        doc_id=j.doc.id,
    )


def evidence(j: Judgement) -> dict[str, Any]:
    out: dict[str, Any] = {
        "cosine": round(float(j.cosine or 0.0), 4),
        "shared_content_words": round(float(j.overlap or 0.0), 4),
        "speaker_match": j.speaker_ok,
        "date_score": round(float(getattr(j, "date_score", 0.5)), 4),
        "probability": round(float(j.score), 4),
        "url": j.doc.url,
    }
    if j.counterparts:
        out["counterparts"] = [
            {"word": w, "source": s, "cosine": round(c, 3)} for w, s, c in j.counterparts
        ]
    return out


def related(scored: list[Judgement] | tuple[Judgement, ...], claimed: str | None) -> list[dict]:
    """Up to three documents closest in meaning (one passage each), by the claimed speaker
    where one is claimed: context for a reader when the statement itself is not found."""
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for j in sorted(scored, key=lambda j: -(j.cosine or 0.0)):
        if j.doc.id in seen or (j.cosine or 0.0) < RELATED_MIN_COSINE:
            continue
        if claimed and j.speaker_ok is not True:
            continue
        seen.add(j.doc.id)
        s, e = j.span
        out.append(
            {
                "url": j.doc.url,
                "title": j.doc.title,
                "date": j.doc.date,
                "publisher": j.doc.publisher,
                "kind": j.doc.kind,
                "speaker": j.turn.speaker if j.turn else None,
                "text": j.doc.text[s:e],
                "cosine": round(float(j.cosine or 0.0), 3),
            }
        )
        if len(out) == RELATED_LIMIT:
            break
    return out


def differences(j: Judgement) -> list[Difference]:
    """The alignment as quote/source text pieces, in quote order. Equal runs are cut where a
    word differs harmlessly (spelling, contraction, number form, punctuation), so each such
    word shows as its own "replace" with a note."""
    aln = j.aln
    if aln is None:
        return []
    q, d = aln.qtoks, aln.doc.toks
    qtext, dtext = aln.quote, aln.doc.text

    def qs(i1: int, i2: int) -> str:
        return qtext[q[i1].start : q[i2 - 1].end] if i2 > i1 else ""

    def ds(j1: int, j2: int) -> str:
        return dtext[d[j1].start : d[j2 - 1].end] if j2 > j1 else ""

    out: list[Difference] = []
    for op in aln.ops:
        if op.tag == "elide":
            out.append(Difference("elide", op.marker or "...", ds(op.j1, op.j2), op.harmless))
            continue
        if op.tag != "equal":
            out.append(Difference(op.tag, qs(op.i1, op.i2), ds(op.j1, op.j2), op.harmless))
            continue
        run_start = 0
        n = op.i2 - op.i1
        for k in range(n):
            qt, dt = q[op.i1 + k], d[op.j1 + k]
            note = None
            if qt.surface != dt.surface:
                note = (
                    "number form"
                    if qt.key.startswith("#")
                    else ("contraction" if qt.expanded or dt.expanded else "spelling")
                )
            elif k > 0 and qt.gap.replace('"', "") != dt.gap.replace('"', ""):
                note = "punctuation"
            if note is None:
                continue
            lo = k - 1 if note == "punctuation" else k
            if lo > run_start:
                out.append(
                    Difference(
                        "equal",
                        qs(op.i1 + run_start, op.i1 + lo),
                        ds(op.j1 + run_start, op.j1 + lo),
                    )
                )
            hi = k + 1
            # an expanded contraction covers two tokens: keep them together
            while hi < n and q[op.i1 + hi].start == qt.start and qt.expanded:
                hi += 1
            out.append(
                Difference("replace", qs(op.i1 + lo, op.i1 + hi), ds(op.j1 + lo, op.j1 + hi), note)
            )
            run_start = hi
        if run_start < n:
            out.append(
                Difference("equal", qs(op.i1 + run_start, op.i2), ds(op.j1 + run_start, op.j2))
            )
    # merge neighbours that cover the same characters (a contraction split over two tokens)
    merged: list[Difference] = []
    for dif in out:
        if (
            merged
            and dif.op == "replace"
            and merged[-1].op == "replace"
            and (dif.quote == merged[-1].quote or not dif.quote)
        ):
            continue
        merged.append(dif)
    return merged


def passage_differences(text: str, j: Judgement) -> list[Difference]:
    """A word diff of the quote against a paraphrased passage, for display."""
    from difflib import SequenceMatcher

    from verify.text.wording import prepare

    s, e = j.span
    src = j.doc.text
    q = prepare(text)
    d = prepare(src[s:e], s)
    sm = SequenceMatcher(None, [t.key for t in d], [t.key for t in q], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        ss = src[d[i1].start : d[i2 - 1].end] if i2 > i1 else ""
        qs = text[q[j1].start : q[j2 - 1].end] if j2 > j1 else ""
        out.append(Difference(tag, qs, ss))
    return out


def build_result(
    req: CheckRequest,
    decision: Decision,
    appearances: list[Appearance] | None = None,
    n_documents: int = 0,
) -> QuoteResult:
    """The QuoteResult for a decision. ``appearances``: for wording decisions, every
    document with the same source words (earliest first); ``n_documents``: how many
    documents were searched (said in a not-found explanation)."""
    j = decision.chosen
    base = dict(
        quote=req.quote,
        id=req.id,
        claimed_speaker=req.speaker,
        claimed_date=req.date,
        verdict=decision.verdict,
        score=decision.score,
    )
    if decision.kind == PARAPHRASE:
        assert j is not None
        return QuoteResult(
            **base,
            explanation=explain.paraphrase(j, req.claimed),
            source=source_span(j),
            differences=passage_differences(req.text, j),
            appearances=[appearance(j, "paraphrase")],
            earliest_primary=None,
            evidence=evidence(j),
            related=[r for r in related(decision.scored, req.claimed) if r["url"] != j.doc.url],
        )
    if decision.kind == STATEMENT_ELSEWHERE:
        assert j is not None
        return QuoteResult(
            **base,
            explanation=explain.statement_elsewhere(j, req.claimed),
            source=source_span(j),
            differences=passage_differences(req.text, j),
            appearances=[appearance(j, "misattributed")],
            evidence=evidence(j),
        )
    if decision.kind == WORDS_ELSEWHERE:
        places = _elsewhere(list(decision.ranked))
        shown = []
        for p in places:
            a = appearance(p, p.verdict or "not_found")
            if req.claimed and p.speaker_ok is False and not quotation_of_claimed(p, req.claimed):
                a.verdict = "misattributed"
            shown.append(a)
        shown.sort(key=lambda a: (a.date or "9999", 0 if a.kind == "primary" else 1))
        fragment = bool(places) and is_fragment(places[0])
        return QuoteResult(
            **base,
            explanation=explain.words_elsewhere(
                places,
                req.claimed,
                fragment,
                n_documents,
                req.date,
                changed_far=bool(places) and not fragment and changed_far(places[0]),
            ),
            source=None,
            differences=[],
            appearances=shown,
            related=related(decision.scored, req.claimed),
        )
    if decision.kind == NOT_FOUND:
        closest = decision.closest
        return QuoteResult(
            **base,
            explanation=explain.not_found(n_documents, closest),
            source=None,
            differences=[],
            appearances=[],
            evidence=evidence(closest) if closest is not None else None,
            related=related(decision.scored, req.claimed),
        )
    # the words are in the source (WORDING, WORDING_FAR)
    assert j is not None
    if decision.verdict == "misattributed" and req.claimed:
        explanation = explain.misattributed_words(j, req.claimed)
    else:
        explanation = explain.wording(j)
    appearances = list(appearances or [])
    result = QuoteResult(
        **base,
        explanation=explanation,
        source=source_span(j),
        differences=differences(j),
        appearances=appearances,
    )
    result.earliest_primary = earliest_primary(appearances)
    if result.earliest_primary and decision.verdict in ("verbatim", "minor", "altered"):
        result.explanation += explain.earliest_primary(result.earliest_primary)
    if decision.kind == WORDING_FAR:
        result.explanation += explain.far_from_date(j.doc.date, req.date)
    return result


def not_checked(item: Any, exc: VerifyError) -> QuoteResult:
    """The record for an input that could not be checked: its id, quote and speaker as
    given, verdict not_found, and ``error`` saying what went wrong and what to do."""
    data = item if isinstance(item, dict) else {}
    quote = data.get("quote")
    r = QuoteResult(
        quote=quote if isinstance(quote, str) else "",
        verdict="not_found",
        score=0.0,
        explanation=f"Not checked: {exc.message}",
        id=None if data.get("id") is None else str(data.get("id")),
        claimed_speaker=data.get("speaker"),
        claimed_date=data.get("date"),
    )
    r.error = exc.message + (f" {exc.hint}" if exc.hint else "")
    return r
