"""Counts over many article reports: per verdict, per credited outlet, per speaker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from verify.models import VERDICTS, ArticleReport, QuoteCheck
from verify.report.common import speaker_of, verdict_label, via_of
from verify.report.review import effective_verdict, review_of

NONE_KEY = "(none)"


def _zero() -> dict[str, int]:
    return {v: 0 for v in VERDICTS}


def _group(
    checks: list[tuple[ArticleReport, QuoteCheck]],
    key: Callable[[ArticleReport, QuoteCheck], str | None],
) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for report, check in checks:
        name = (key(report, check) or "").strip() or NONE_KEY
        group = groups.setdefault(name, {"total": 0, "verdicts": _zero()})
        group["total"] += 1
        verdict = effective_verdict(check)
        group["verdicts"][verdict] = group["verdicts"].get(verdict, 0) + 1
    # Largest first, then by name, so the table reads the same on every run.
    return dict(sorted(groups.items(), key=lambda kv: (-kv[1]["total"], kv[0].casefold())))


def summarize(reports: list[ArticleReport]) -> dict[str, Any]:
    """Counts for the bulk run's summary table.

    ``verdicts`` counts the final verdict (a human review's when there is one);
    ``automatic_verdicts`` the tool's own. ``by_via`` groups by the outlet the article credits
    (Sputnik), ``by_outlet`` by the article's own outlet, ``by_speaker`` by the claimed
    speaker; checks without one count under "(none)". Every verdict key is present, zeros
    included.
    """
    checks = [(r, c) for r in reports for c in r.checks]
    verdicts = _zero()
    automatic = _zero()
    reviewed = overridden = 0
    by_kind: dict[str, dict[str, int]] = {"quote": _zero(), "claim": _zero()}
    for _, check in checks:
        final = effective_verdict(check)
        verdicts[final] = verdicts.get(final, 0) + 1
        kind = by_kind.setdefault(check.extracted.kind or "quote", _zero())
        kind[final] = kind.get(final, 0) + 1
        automatic[check.result.verdict] = automatic.get(check.result.verdict, 0) + 1
        if review_of(check) is not None:
            reviewed += 1
            overridden += final != check.result.verdict
    return {
        "articles": len(reports),
        "articles_with_errors": sum(1 for r in reports if r.errors),
        "errors": sum(len(r.errors) for r in reports),
        "checks": len(checks),
        "quotes": sum(1 for _, c in checks if c.extracted.kind == "quote"),
        "claims": sum(1 for _, c in checks if c.extracted.kind == "claim"),
        "verdicts": verdicts,
        # the same counts for quotes and for reported claims apart (a claim's verdict reads
        # as what the transcript supports)
        "quote_verdicts": by_kind["quote"],
        "claim_verdicts": by_kind["claim"],
        "automatic_verdicts": automatic,
        "reviewed": reviewed,
        "review_changed": overridden,
        "by_via": _group(checks, lambda r, c: via_of(c)),
        "by_outlet": _group(checks, lambda r, c: r.article.outlet),
        "by_speaker": _group(checks, lambda r, c: speaker_of(c)),
    }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_summary(summary: dict[str, Any]) -> str:
    """A plain-text rendering of ``summarize()``'s result, for a terminal."""
    lines = [
        f"{_n(summary['articles'], 'article')}, {_n(summary['checks'], 'check')} "
        f"({_n(summary['quotes'], 'quote')}, {_n(summary['claims'], 'claim')})",
    ]
    if summary["errors"]:
        lines.append(
            f"{_n(summary['errors'], 'error')} in {_n(summary['articles_with_errors'], 'article')}"
        )
    if summary["reviewed"]:
        lines.append(
            f"{summary['reviewed']} reviewed by a person, "
            f"{summary['review_changed']} with a changed verdict"
        )
    lines.append("")
    width = max(len(verdict_label(v)) for v in VERDICTS)
    for verdict in VERDICTS:
        lines.append(
            f"  {verdict_label(verdict):<{width}}  {summary['verdicts'].get(verdict, 0):>5}"
        )
    for title, key in (("By credited outlet", "by_via"), ("By speaker", "by_speaker")):
        groups = summary[key]
        if not groups:
            continue
        lines += ["", title]
        for name, group in groups.items():
            counts = Counter({v: n for v, n in group["verdicts"].items() if n})
            detail = ", ".join(f"{verdict_label(v)} {n}" for v, n in counts.most_common())
            lines.append(f"  {name}: {group['total']} ({detail})")
    return "\n".join(lines) + "\n"
