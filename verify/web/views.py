"""View models for the pages: plain dicts of text and CSS classes for the Jinja templates.

Nothing here builds HTML: every string that came from an article or the corpus reaches the
page through Jinja's autoescaping. Offsets, coordinates and classes are computed here.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from verify.models import VERDICTS
from verify.report.common import safe_url, spaced, verdict_label

KIND_LABELS = {"primary": "Primary source", "secondary": "Media report"}


def vclass(verdict: str | None) -> str:
    return f"v-{verdict}" if verdict in VERDICTS else "v-unknown"


def verdict_options(selected: str | None = None) -> list[dict[str, Any]]:
    return [{"value": v, "label": verdict_label(v), "selected": v == selected} for v in VERDICTS]


# ---------------------------------------------------------------------- word diff


def diff_columns(differences: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]] | None:
    """The alignment as two columns of pieces: the quote's words and the source's words.

    "insert" = words only in the quote (marked on the quote side), "delete" = source words
    the quote dropped (marked on the source side), "replace" = changed words (both sides), and
    a replace with a ``note`` ("spelling", "punctuation", ...) is marked as harmless.
    "elide" = an omission the quote marks ("..."): the omitted source words are shown dimmed.
    """
    if not differences:
        return None
    quote: list[dict[str, str]] = []
    source: list[dict[str, str]] = []
    for d in differences:
        op = d.get("op")
        q = d.get("quote") or ""
        s = d.get("source") or ""
        note = d.get("note")
        if op == "equal":
            if q:
                quote.append({"text": q, "cls": "", "title": ""})
            if s or q:
                source.append({"text": s or q, "cls": "", "title": ""})
        elif op == "elide":
            quote.append({"text": q.strip() or "[…]", "cls": "d-elide", "title": "marked omission"})
            if s:
                source.append({"text": s, "cls": "d-elided", "title": "left out, marked"})
        elif op == "replace":
            cls = "d-harmless" if note else "d-chg"
            title = f"harmless: {note}" if note else "changed"
            if q:
                quote.append({"text": q, "cls": cls, "title": title})
            if s:
                source.append({"text": s, "cls": cls, "title": title})
        elif op == "insert":
            if q:
                quote.append({"text": q, "cls": "d-ins", "title": "only in the quote"})
        elif op == "delete":
            if s:
                source.append({"text": s, "cls": "d-del", "title": "dropped by the quote"})
        else:  # an op this version does not know: show it plainly
            if q:
                quote.append({"text": q, "cls": "", "title": str(op)})
            if s:
                source.append({"text": s, "cls": "", "title": str(op)})
    for side in (quote, source):
        for piece, sep in zip(side, spaced([p["text"] for p in side]), strict=True):
            piece["sep"] = sep
    counts = {
        "changed": sum(1 for d in differences if d.get("op") == "replace" and not d.get("note")),
        "harmless": sum(1 for d in differences if d.get("op") == "replace" and d.get("note")),
        "inserted": sum(1 for d in differences if d.get("op") == "insert"),
        "deleted": sum(1 for d in differences if d.get("op") == "delete"),
        "elided": sum(1 for d in differences if d.get("op") == "elide"),
    }
    return {"quote": quote, "source": source, "counts": counts}


# ---------------------------------------------------------------------- article highlights


def article_segments(text: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article's text cut at every quote boundary. Each segment knows the innermost
    check covering it (its colour) and the badges to show after it (checks ending there).

    ``items``: dicts with ``id``, ``start``, ``end``, ``kind``, ``verdict`` (effective),
    ``auto_verdict`` and ``reviewed``. Offsets outside the text are clipped; empty or
    inverted spans are skipped.
    """
    n = len(text)
    spans = []
    for it in items:
        s, e = it.get("start"), it.get("end")
        if not isinstance(s, int) or not isinstance(e, int):
            continue
        s, e = max(0, min(s, n)), max(0, min(e, n))
        if e > s:
            spans.append((s, e, it))
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments: list[dict[str, Any]] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = [sp for sp in spans if sp[0] <= lo and sp[1] >= hi]
        seg: dict[str, Any] = {"text": text[lo:hi], "mark": None, "badges": [], "anchor": None}
        if covering:
            s, e, it = min(covering, key=lambda sp: (sp[1] - sp[0], sp[0]))
            seg["mark"] = {
                "cls": f"{vclass(it['verdict'])} k-{it.get('kind') or 'quote'}"
                + (" nested" if len(covering) > 1 else ""),
                "title": f"{verdict_label(it['verdict'])} — {it.get('kind') or 'quote'}",
                "item": it["id"],
            }
        starting = [it for s, _, it in spans if s == lo]
        if starting:
            seg["anchor"] = f"q-{starting[0]['id']}"
        for _s, e, it in sorted(spans, key=lambda sp: -sp[0]):
            if e == hi:
                seg["badges"].append(
                    {
                        "item": it["id"],
                        "cls": vclass(it["verdict"]),
                        "label": verdict_label(it["verdict"]),
                        "reviewed": it.get("reviewed", False),
                    }
                )
        segments.append(seg)
    return segments


# ---------------------------------------------------------------------- provenance timeline

WIDTH = 900
LEFT = 128  # room for the lane labels
RIGHT = 24
UNDATED_W = 60
LANES = (("primary", "Primary sources", 46), ("secondary", "Media reports", 104))
HEIGHT = 150
AXIS_Y = 128
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _day(value: Any) -> Date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _ticks(lo: Date, hi: Date, x_of: Any) -> list[dict[str, Any]]:
    span = (hi - lo).days
    out: list[dict[str, Any]] = []
    if span <= 70:
        step = 7 if span > 14 else (2 if span > 6 else 1)
        d = lo
        while d <= hi:
            out.append({"x": x_of(d), "label": f"{MONTHS[d.month - 1]} {d.day}"})
            d = Date.fromordinal(d.toordinal() + step)
    elif span <= 800:
        every = max(1, span // 240)  # about eight labels
        y, m = lo.year, lo.month
        k = 0
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            d = Date(y, m, 1)
            if d > hi:
                break
            if k % every == 0:
                label = MONTHS[m - 1] + (f" {y}" if m == 1 or not out else "")
                out.append({"x": x_of(d), "label": label})
            k += 1
    else:
        for y in range(lo.year + 1, hi.year + 1):
            out.append({"x": x_of(Date(y, 1, 1)), "label": str(y)})
    return out


def timeline(
    appearances: list[dict[str, Any]],
    *,
    reported: str | None = None,
    earliest: dict[str, Any] | None = None,
    reported_label: str = "reported",
    reports: list[dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """Coordinates for the provenance SVG: a time axis, a lane of primary sources and a lane
    of media reports, one mark per appearance coloured by its wording verdict, the earliest
    primary ringed, and a dashed line at the date the quote was reported.

    ``reports``: more media-lane marks drawn as squares (the article itself, the credited
    outlet's report), dicts like appearances plus ``label``."""
    if not appearances and not reports:
        return None
    reports = [r for r in (reports or []) if _day(r.get("date")) is not None]
    appearances = list(appearances) + [{**r, "kind": "secondary", "report": True} for r in reports]
    days = [_day(a.get("date")) for a in appearances]
    known = [d for d in days if d is not None]
    rep_day = _day(reported)
    bounds = known + ([rep_day] if rep_day else [])
    has_undated = any(d is None for d in days)
    right = WIDTH - RIGHT - (UNDATED_W if has_undated else 0)
    if bounds:
        lo, hi = min(bounds), max(bounds)
        pad = max(2, (hi - lo).days // 12)
        lo = Date.fromordinal(lo.toordinal() - pad)
        hi = Date.fromordinal(hi.toordinal() + pad)
    else:
        lo = hi = None

    def x_of(d: Date) -> float:
        assert lo is not None and hi is not None
        total = max(1, (hi - lo).days)
        return round(LEFT + (right - LEFT) * (d - lo).days / total, 1)

    ekey = None
    if earliest:
        ekey = (earliest.get("url"), earliest.get("date"), earliest.get("doc_id"))
    marks: list[dict[str, Any]] = []
    taken: dict[tuple[str, int], int] = {}
    for a, d in zip(appearances, days, strict=True):
        lane = "primary" if a.get("kind") == "primary" else "secondary"
        base_y = next(y for k, _, y in LANES if k == lane)
        x = x_of(d) if d is not None else WIDTH - RIGHT - UNDATED_W / 2
        slot = (lane, int(x // 12))
        stack = taken.get(slot, 0)
        taken[slot] = stack + 1
        verdict = a.get("verdict")
        who = a.get("publisher") or "unknown publisher"
        title = a.get("title") or a.get("url") or "a document"
        when = (a.get("date") or "undated")[:10]
        is_earliest = ekey is not None and ekey == (a.get("url"), a.get("date"), a.get("doc_id"))
        if a.get("report"):
            tooltip = f"{when} · {a.get('label') or who} — {verdict_label(verdict)}"
        else:
            tooltip = f"{when} · {who} · {title} — {verdict_label(verdict)}" + (
                " (inside quotation marks)" if a.get("quoted") else ""
            )
        marks.append(
            {
                "x": x,
                "y": base_y - 13 * min(stack, 2),
                "cls": vclass(verdict),
                "url": safe_url(a.get("url")),
                "tooltip": tooltip,
                "earliest": is_earliest,
                "square": bool(a.get("report")),
                "label": a.get("label") if a.get("report") else None,
            }
        )
    rep = None
    if rep_day is not None and lo is not None:
        rep = {"x": x_of(rep_day), "label": f"{reported_label} {rep_day.isoformat()}"}
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": AXIS_Y,
        "lanes": [{"label": label, "y": y} for _, label, y in LANES],
        "ticks": _ticks(lo, hi, x_of) if lo is not None and hi is not None else [],
        "undated_x": (WIDTH - RIGHT - UNDATED_W / 2) if has_undated else None,
        "marks": marks,
        "reported": rep,
    }


def appearance_rows(
    appearances: list[dict[str, Any]], earliest: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The appearances as list rows, earliest first (undated last)."""
    ekey = (earliest.get("url"), earliest.get("date"), earliest.get("doc_id")) if earliest else None
    rows = []
    ordered = sorted(appearances, key=lambda a: (a.get("date") is None, a.get("date") or ""))
    for a in ordered:
        rows.append(
            {
                "date": (a.get("date") or "undated")[:10],
                "kind": KIND_LABELS.get(a.get("kind") or "", a.get("kind") or "unknown"),
                "kind_cls": "primary" if a.get("kind") == "primary" else "secondary",
                "publisher": a.get("publisher"),
                "title": a.get("title") or a.get("url") or "a document",
                "url": safe_url(a.get("url")),
                "speaker": a.get("speaker"),
                "verdict": verdict_label(a.get("verdict")),
                "vcls": vclass(a.get("verdict")),
                "quoted": bool(a.get("quoted")),
                "earliest": ekey is not None
                and ekey == (a.get("url"), a.get("date"), a.get("doc_id")),
            }
        )
    return rows


def report_marks(item: dict[str, Any], via_result: dict[str, Any] | None) -> list[dict]:
    """Media-lane marks for the timeline: the credited outlet's own report (when the store
    has it) and the article (or the quote as reported), coloured by their wording verdict."""
    marks = []
    via_source = (via_result or {}).get("source") or {}
    if via_result and via_source.get("date") and via_result.get("verdict") != "not_found":
        marks.append(
            {
                "date": via_source.get("date"),
                "verdict": via_result.get("verdict"),
                "url": via_source.get("url"),
                "label": f"{item.get('outlet') or via_source.get('publisher') or 'outlet'}",
            }
        )
    if item.get("claimed_date"):
        if item.get("article_id"):
            label = f"this article ({item.get('article_outlet') or 'outlet unknown'})"
        else:
            label = item.get("outlet") or "as reported"
        marks.append(
            {
                "date": item["claimed_date"],
                "verdict": item["effective_verdict"],
                "url": item.get("article_url"),
                "label": label,
            }
        )
    return marks
