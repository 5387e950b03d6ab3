"""CSV: one row per quote check, for spreadsheets.

Cells are quoted by the stdlib csv module. A text cell that a spreadsheet would run as a
formula (it starts with = + - @, a tab or a carriage return) gets a leading apostrophe, the
usual defence against CSV injection from untrusted article text.
"""

from __future__ import annotations

import csv
import io

from verify.models import ArticleReport
from verify.report.common import earliest_primary_of, speaker_of, via_of
from verify.report.review import effective_verdict, review_of

COLUMNS = (
    "article_url",
    "article_outlet",
    "article_date",
    "article_title",
    "quote",
    "kind",
    "speaker",
    "speaker_mention",
    "via",
    "verdict",
    "score",
    "source_url",
    "source_date",
    "source_speaker",
    "earliest_primary_url",
    "earliest_primary_date",
    "provenance",
    "explanation",
    "review_verdict",
    "reviewer",
    "review_note",
    "review_decided_at",
    "final_verdict",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def rows(reports: list[ArticleReport]) -> list[dict[str, str]]:
    """The CSV rows as dicts keyed by COLUMNS (one per quote check)."""
    out = []
    for report in reports:
        a = report.article
        for check in report.checks:
            result = check.result
            source = result.source
            primary = earliest_primary_of(check)
            review = review_of(check)
            row = {
                "article_url": a.url,
                "article_outlet": a.outlet,
                "article_date": a.date,
                "article_title": a.title,
                "quote": result.quote,
                "kind": check.extracted.kind,
                "speaker": speaker_of(check),
                "speaker_mention": check.extracted.speaker_mention,
                "via": via_of(check),
                "verdict": result.verdict,
                "score": float(result.score),
                "source_url": source.url if source else None,
                "source_date": source.date if source else None,
                "source_speaker": source.speaker if source else None,
                "earliest_primary_url": primary.url if primary else None,
                "earliest_primary_date": primary.date if primary else None,
                "provenance": check.provenance.statement,
                "explanation": result.explanation,
                "review_verdict": review.verdict if review else None,
                "reviewer": review.reviewer if review else None,
                "review_note": review.note if review else None,
                "review_decided_at": review.decided_at if review else None,
                "final_verdict": effective_verdict(check),
            }
            out.append({k: _cell(v) for k, v in row.items()})
    return out


def render_csv(reports: list[ArticleReport]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows(reports))
    return buffer.getvalue()
