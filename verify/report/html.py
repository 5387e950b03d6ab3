"""HTML: one self-contained page (inline CSS, no scripts, no external resources).

Articles are untrusted input, so the page is rendered by Jinja2 with autoescaping on: every
piece of article or corpus text is HTML-escaped, and only http(s) URLs become links. A
Content-Security-Policy meta tag forbids scripts and remote loads as a second line of defence.
The page is templates/report.html (package data: ``verify/report/templates/*.html``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from verify.models import VERDICTS, Appearance, ArticleReport, Difference, QuoteCheck
from verify.report.common import (
    appearances_of,
    earliest_primary_of,
    safe_url,
    spaced,
    speaker_of,
    verdict_label,
    via_of,
)
from verify.report.review import review_of
from verify.report.summary import summarize

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # every {{ value }} is HTML-escaped, attribute values included
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _verdict_class(verdict: str | None) -> str:
    return verdict if verdict in VERDICTS else "unknown"


def _diff(differences: list[Difference]) -> dict[str, list[dict[str, str]]] | None:
    if not differences:
        return None
    quote: list[dict[str, str]] = []
    source: list[dict[str, str]] = []
    for d in differences:
        if d.op == "equal":
            if d.quote:
                quote.append({"text": d.quote, "cls": ""})
            if d.source or d.quote:
                source.append({"text": d.source or d.quote, "cls": ""})
        elif d.op == "elide":
            quote.append({"text": d.quote.strip() or "[…]", "cls": "elide"})
            if d.source:
                source.append({"text": d.source, "cls": "elided"})
        elif d.op == "replace":
            if d.quote:
                quote.append({"text": d.quote, "cls": "chg"})
            if d.source:
                source.append({"text": d.source, "cls": "chg"})
        else:  # insert / delete: mark whichever side has the words
            if d.quote:
                quote.append({"text": d.quote, "cls": "add"})
            if d.source:
                source.append({"text": d.source, "cls": "del"})
    for side in (quote, source):
        for segment, sep in zip(side, spaced([s["text"] for s in side]), strict=True):
            segment["sep"] = sep
    return {"quote": quote, "source": source}


def _same(a: Appearance, b: Appearance | None) -> bool:
    return b is not None and (a is b or (a.url, a.date, a.doc_id) == (b.url, b.date, b.doc_id))


def _via_note(check: QuoteCheck) -> str:
    p = check.provenance
    notes = []
    if via_of(check):
        if not p.via_indexed:
            notes.append("not in the indexed sources")
        elif p.via_published is True:
            notes.append("indexed; its documents contain the quote")
        elif p.via_published is False:
            notes.append("indexed; the quote is not in its documents")
    if p.primary_predates_via is True:
        notes.append("a primary source predates it")
    elif p.primary_predates_via is False:
        notes.append("no primary source predates it")
    if p.via_result is not None:
        notes.append(f"against its wording: {verdict_label(p.via_result.verdict)}")
    return "; ".join(notes)


def _check_view(check: QuoteCheck) -> dict[str, Any]:
    result = check.result
    source = result.source
    primary = earliest_primary_of(check)
    review = review_of(check)
    timeline = []
    for a in appearances_of(check):
        timeline.append(
            {
                "date": a.date or "undated",
                "kind": a.kind or "unknown",
                "kind_class": a.kind if a.kind in ("primary", "secondary") else "secondary",
                "url": safe_url(a.url),
                "name": a.title or a.publisher or a.url or "source",
                "speaker": a.speaker,
                "verdict": verdict_label(a.verdict),
                "quoted": a.quoted,
                "earliest": _same(a, primary),
            }
        )
    return {
        "quote": result.quote,
        "kind": check.extracted.kind,
        "verdict_label": verdict_label(result.verdict, check.extracted.kind),
        "verdict_class": _verdict_class(result.verdict),
        "score": f"{result.score:.2f}",
        "speaker": speaker_of(check),
        "speaker_mention": (
            check.extracted.speaker_mention
            if check.extracted.speaker_mention != speaker_of(check)
            else None
        ),
        "cue": check.extracted.cue,
        "inferred": bool(check.extracted.speaker_inferred and speaker_of(check)),
        "via": via_of(check),
        "via_note": _via_note(check),
        "statement": check.provenance.statement,
        "explanation": result.explanation,
        "source": (
            {
                "url": safe_url(source.url),
                "name": source.title or source.publisher or source.url or "source",
                "speaker": source.speaker,
                "extra": " · ".join(
                    x for x in (source.publisher, source.date, source.speaker) if x
                ),
            }
            if source is not None
            else None
        ),
        "source_text": source.text if source is not None else None,
        "diff": _diff(result.differences),
        "timeline": timeline,
        "related": [
            {
                "url": safe_url(r.get("url")),
                "name": r.get("title") or r.get("publisher") or r.get("url") or "source",
                "date": (r.get("date") or "undated")[:10],
                "publisher": r.get("publisher"),
                "speaker": r.get("speaker"),
                "cosine": r.get("cosine"),
            }
            for r in result.related
        ],
        "review": (
            {
                "label": verdict_label(review.verdict),
                "verdict_class": _verdict_class(review.verdict),
                "reviewer": review.reviewer,
                "note": review.note,
                "decided_at": review.decided_at,
            }
            if review is not None
            else None
        ),
    }


def _article_view(index: int, report: ArticleReport) -> dict[str, Any]:
    a = report.article
    return {
        "index": index,
        "title": a.title or a.url or a.origin or "Untitled article",
        "url": safe_url(a.url),
        "url_text": a.url or "",
        "meta": [m for m in (a.outlet, a.date) if m],
        "errors": report.errors,
        "events": [
            {
                "speaker": e.get("speaker"),
                "name": best.get("title") or best.get("url") or "a transcript",
                "url": safe_url(best.get("url")),
                "date": (best.get("date") or "")[:10] or "undated",
                "evidence": list(best.get("evidence") or []),
            }
            for e in report.events
            if (best := (e.get("candidates") or [None])[0])
        ],
        "checks": [_check_view(c) for c in report.checks],
        "terms_left_out": [t.get("text") or "" for t in report.terms_left_out],
    }


def render_html(reports: list[ArticleReport], generated_at: str) -> str:
    summary = summarize(reports)
    counts = [
        {
            "verdict": v,
            "label": verdict_label(v, kind) + (" (claims)" if kind == "claim" else ""),
            "count": summary[kind + "_verdicts"][v],
        }
        for kind in ("quote", "claim")
        for v in VERDICTS
        if summary[kind + "_verdicts"].get(v)
    ]
    return _env.get_template("report.html").render(
        title="Quote verification report",
        generated_at=generated_at,
        summary=summary,
        counts=counts,
        articles=[_article_view(i, r) for i, r in enumerate(reports, 1)],
    )
