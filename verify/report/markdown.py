"""Markdown: per article a heading and a table of its quotes, then each quote's details.

Article and corpus text is untrusted: every piece of it is escaped (HTML special characters
become entities, Markdown syntax characters get a backslash), and links are written only for
http(s) URLs.
"""

from __future__ import annotations

import re
from urllib.parse import quote as percent_encode

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

# Characters that start Markdown syntax inside a line. Parentheses need no escape: with the
# brackets escaped nothing can become a link.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def esc(text: object) -> str:
    """``text`` as literal Markdown on one line (safe inside a table cell)."""
    if text is None:
        return ""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def link(text: object, url: str | None) -> str:
    """A Markdown link when ``url`` is http(s), else the escaped text alone."""
    label = esc(text) or esc(url)
    target = safe_url(url)
    if target is None:
        return label
    # Percent-encode what could end the link destination early: spaces, brackets, quotes.
    target = percent_encode(target, safe=":/?#@!$&'*+,;=%")
    return f"[{label}]({target})"


def diff(differences: list[Difference]) -> str:
    """The quote against its source: ~~source words~~ **quoted words**, [… omitted …]."""
    parts = []
    for d in differences:
        quote, source = esc(d.quote), esc(d.source)
        if d.op == "equal":
            parts.append(quote or source)
        elif d.op == "elide":
            parts.append(f"_\\[… omitted: {source} …\\]_" if source else "_\\[…\\]_")
        else:
            if source:
                parts.append(f"~~{source}~~")
            if quote:
                parts.append(f"**{quote}**")
    parts = [p for p in parts if p]
    # A marked piece keeps its space: "leave**, and**" would not open the emphasis.
    seps = [
        " " if i and p.startswith(("*", "~", "_")) else sep
        for i, (sep, p) in enumerate(zip(spaced(parts), parts, strict=True))
    ]
    return "".join(sep + p for sep, p in zip(seps, parts, strict=True))


def verdict_cell(check: QuoteCheck) -> str:
    result = check.result
    label = verdict_label(result.verdict, check.extracted.kind)
    cell = f"**{esc(label)}** ({esc(result.verdict)}, {result.score:.2f})"
    review = review_of(check)
    if review is not None:
        who = f" by {esc(review.reviewer)}" if review.reviewer else ""
        cell += f"; human review{who}: **{esc(verdict_label(review.verdict))}**"
    return cell


def appearance_text(a: Appearance) -> str:
    bits = [esc(a.date) or "undated", esc(a.kind) or "unknown kind"]
    name = a.title or a.publisher or a.url or "source"
    text = f"{link(name, a.url)} ({', '.join(bits)})"
    if a.speaker:
        text += f", {esc(a.speaker)}"
    if a.verdict:
        text += f", {esc(verdict_label(a.verdict))}"
    if a.quoted:
        text += ", inside quotation marks there"
    return text


def _primary_cell(check: QuoteCheck) -> str:
    primary = earliest_primary_of(check)
    if primary is None:
        return "—"
    name = primary.publisher or primary.title or "source"
    if primary.date:
        name = f"{name}, {primary.date}"
    return link(name, primary.url)


def _speaker_cell(check: QuoteCheck) -> str:
    speaker = esc(speaker_of(check)) or "—"
    mention = check.extracted.speaker_mention
    if mention and mention != speaker_of(check):
        speaker += f" (“{esc(mention)}”)"
    if check.extracted.speaker_inferred and speaker_of(check):
        speaker += " (inferred)"
    return speaker


def event_lines(report: ArticleReport) -> list[str]:
    """The occasions the article's quotes were resolved to, per speaker, and why."""
    lines = []
    for e in report.events:
        best = (e.get("candidates") or [None])[0]
        if not best:
            continue
        name = best.get("title") or best.get("url") or "a transcript"
        why = "; ".join(esc(x) for x in best.get("evidence") or [])
        day = esc((best.get("date") or "")[:10]) or "undated"
        lines.append(f"- {esc(e.get('speaker'))}: {link(name, best.get('url'))} ({day}): {why}")
    return ["Events resolved:", *lines, ""] if lines else []


def _details(n: int, check: QuoteCheck) -> list[str]:
    result = check.result
    lines = [f"**{n}.** “{esc(result.quote)}”", ""]
    lines.append(f"- Verdict: {verdict_cell(check)}")
    review = review_of(check)
    if review is not None and (review.note or review.decided_at):
        when = f" ({esc(review.decided_at)})" if review.decided_at else ""
        lines.append(f"- Reviewer's note{when}: {esc(review.note) or '—'}")
    if result.explanation:
        lines.append(f"- Explanation: {esc(result.explanation)}")
    if result.differences and any(d.op != "equal" for d in result.differences):
        lines.append(f"- Differences (~~source~~ **as quoted**): {diff(result.differences)}")
    source = result.source
    if source is not None:
        name = source.title or source.publisher or source.url or "source"
        extra = ", ".join(esc(x) for x in (source.speaker, source.date) if x)
        lines.append(f"- Source: {link(name, source.url)}" + (f" ({extra})" if extra else ""))
        if source.text:
            lines.append(f"- Source passage: “{esc(source.text)}”")
    if check.provenance.statement:
        lines.append(f"- Provenance: {esc(check.provenance.statement)}")
    for fc in getattr(check, "fact_checks", None) or []:
        rating = fc.get("rating") or fc.get("rating_normalised") or "rated"
        who = fc.get("publisher") or "a fact-checker"
        lines.append(
            f"- Fact-checked before: {esc(rating)} ({esc(who)}"
            + (f", {esc(fc['date'])}" if fc.get("date") else "")
            + f"): {link(fc.get('claim') or 'fact check', fc.get('url'))}"
        )
    if result.related:
        lines.append("- Related passages (close in meaning, not the same statement):")
        for r in result.related:
            name = r.get("title") or r.get("publisher") or "source"
            who = f", {esc(r['speaker'])}" if r.get("speaker") else ""
            lines.append(
                f"  - {esc((r.get('date') or 'undated')[:10])}: {link(name, r.get('url'))}"
                f"{who} (cosine {r.get('cosine')})"
            )
    appearances = appearances_of(check)
    if appearances:
        lines.append("- Appearances, earliest first:")
        lines += [f"  {i}. {appearance_text(a)}" for i, a in enumerate(appearances, 1)]
    lines.append("")
    return lines


def _article(n: int, report: ArticleReport) -> list[str]:
    a = report.article
    title = a.title or a.url or a.origin or "Untitled article"
    lines = [f"## {n}. {esc(title)}", ""]
    meta = [link(a.url, a.url) if a.url else "", esc(a.outlet), esc(a.date)]
    meta = [m for m in meta if m]
    if meta:
        lines += [" · ".join(meta), ""]
    if report.errors:
        lines.append("Errors:")
        lines += [f"- {esc(e)}" for e in report.errors]
        lines.append("")
    if not report.checks:
        lines += ["No quotes or claims were checked in this article.", ""]
        return lines + _terms_left_out(report)
    lines += event_lines(report)
    lines.append("| # | Quote | Verdict | Speaker | Via | Earliest primary source | Provenance |")
    lines.append("|---|---|---|---|---|---|---|")
    for i, check in enumerate(report.checks, 1):
        cells = [
            str(i),
            f"“{esc(check.result.quote)}”"
            + (" (claim)" if check.extracted.kind == "claim" else ""),
            verdict_cell(check),
            _speaker_cell(check),
            esc(via_of(check)) or "—",
            _primary_cell(check),
            esc(check.provenance.statement) or "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "### Details", ""]
    for i, check in enumerate(report.checks, 1):
        lines += _details(i, check)
    return lines + _terms_left_out(report)


def _terms_left_out(report: ArticleReport) -> list[str]:
    if not report.terms_left_out:
        return []
    words = ", ".join(f"“{esc(t.get('text'))}”" for t in report.terms_left_out)
    return [
        "Terms in quotation marks with no speech verb that the speaker's words do not "
        f"hold (not checked as quotes): {words}",
        "",
    ]


def render_markdown(reports: list[ArticleReport], generated_at: str) -> str:
    summary = summarize(reports)
    lines = ["# Quote verification report", ""]
    lines.append(
        f"Generated {esc(generated_at)} by verify · {summary['articles']} articles · "
        f"{summary['checks']} quotes and claims checked"
    )
    for kind, title in (("quote", "Quotes"), ("claim", "Reported claims")):
        counts = [
            f"{esc(verdict_label(v, kind))}: {summary[kind + '_verdicts'][v]}"
            for v in VERDICTS
            if summary[kind + "_verdicts"].get(v)
        ]
        if counts:
            lines += ["", f"{title}: " + " · ".join(counts)]
    if summary["reviewed"]:
        n = summary["reviewed"]
        lines += ["", f"{n} {'check' if n == 1 else 'checks'} reviewed by a person."]
    lines.append("")
    if not reports:
        lines += ["No articles.", ""]
    for i, report in enumerate(reports, 1):
        lines += _article(i, report)
    return "\n".join(lines).rstrip("\n") + "\n"
