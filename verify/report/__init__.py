"""Provenance reports: ArticleReport objects rendered as jsonl, csv, markdown, html or
schema.org ClaimReview, written atomically, and read back from saved jsonl.

    render(reports, "html")            -> str
    write_report(reports, "csv", path) -> None (stdout when path is None)
    load_reports(path)                 -> list[ArticleReport]   (a .jsonl file or a folder)
    summarize(reports)                 -> dict of counts
"""

from __future__ import annotations

import sys
from pathlib import Path

from verify.errors import InputError
from verify.files import atomic_write_text
from verify.models import ArticleReport
from verify.report.common import VERDICT_LABELS, now_iso, verdict_label
from verify.report.load import load_reports, report_from_json
from verify.report.review import HumanReview, ReviewedCheck, effective_verdict, with_review
from verify.report.summary import format_summary, summarize

FORMATS = ("jsonl", "csv", "markdown", "html", "claimreview")
_ALIASES = {"md": "markdown", "json-ld": "claimreview", "jsonld": "claimreview"}
SUFFIXES = {
    "jsonl": ".jsonl",
    "csv": ".csv",
    "markdown": ".md",
    "html": ".html",
    "claimreview": ".json",
}

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "VERDICT_LABELS",
    "HumanReview",
    "ReviewedCheck",
    "effective_verdict",
    "format_summary",
    "load_reports",
    "normalize_format",
    "render",
    "report_from_json",
    "summarize",
    "verdict_label",
    "with_review",
    "write_report",
]


def normalize_format(fmt: str) -> str:
    """``fmt`` as one of FORMATS (case-insensitive; "md" and "json-ld" accepted)."""
    name = (fmt or "").strip().lower()
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise InputError(
            f"Unknown report format: {fmt!r}",
            f"Use one of: {', '.join(FORMATS)}.",
        )
    return name


def render(reports: list[ArticleReport], fmt: str, *, generated_at: str | None = None) -> str:
    """The reports as text in ``fmt``. ``generated_at`` (ISO 8601, default now in UTC) is
    stamped on markdown and html pages and is ClaimReview's ``datePublished``."""
    name = normalize_format(fmt)
    stamp = generated_at or now_iso()
    if name == "jsonl":
        from verify.report.jsonl import render_jsonl

        return render_jsonl(reports)
    if name == "csv":
        from verify.report.csv import render_csv

        return render_csv(reports)
    if name == "markdown":
        from verify.report.markdown import render_markdown

        return render_markdown(reports, stamp)
    if name == "html":
        from verify.report.html import render_html

        return render_html(reports, stamp)
    from verify.report.claimreview import render_claimreview

    return render_claimreview(reports, stamp)


def write_report(
    reports: list[ArticleReport],
    fmt: str,
    out: Path | None,
    *,
    generated_at: str | None = None,
) -> None:
    """Render and write the reports: to ``out`` atomically (a temp file in the same folder,
    then a rename, so readers never see half a report), or to stdout when ``out`` is None."""
    text = render(reports, fmt, generated_at=generated_at)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    out = Path(out)
    if out.is_dir():
        raise InputError(f"{out} is a folder", "Give a file name for the report, e.g. report.html.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot write {out}: {exc.strerror or exc}",
            "Choose a folder you can write to.",
        ) from None
    try:
        atomic_write_text(out, text)
    except OSError as exc:
        raise InputError(
            f"Cannot write {out}: {exc.strerror or exc}",
            "Choose a folder you can write to."
            if isinstance(exc, PermissionError)
            else "Check the disk space and the folder's permissions.",
        ) from None
