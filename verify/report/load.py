"""Read saved reports back: JSON -> dataclasses, and ``load_reports`` for .jsonl files.

The constructors here invert the ``to_json`` methods of verify/models.py. What those methods do
not write cannot come back: the article's text (``Article.text`` is ""), ``QuoteResult.error``,
and an extracted text that differs from the checked quote (``ExtractedQuote.text`` is the quote,
``ExtractedQuote.speaker`` the claimed speaker).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from verify.errors import InputError
from verify.models import (
    VERDICTS,
    Appearance,
    Article,
    ArticleReport,
    Difference,
    ExtractedQuote,
    Provenance,
    QuoteCheck,
    QuoteResult,
    SourceSpan,
)
from verify.report.review import HumanReview, ReviewedCheck

DIFF_OPS = ("equal", "insert", "delete", "replace", "elide")
KINDS = ("quote", "claim")
_MAX_LISTED = 20  # bad lines named in one error message


class _Bad(ValueError):
    """A malformed value, with the JSON path to it ("checks[2].verdict")."""


def _field(obj: dict[str, Any], key: str, where: str) -> tuple[Any, str]:
    return obj.get(key), f"{where}.{key}" if where else key


def _str(obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value, path = _field(obj, key, where)
    if value is None:
        if required:
            raise _Bad(f"{path}: missing")
        return None
    if not isinstance(value, str):
        raise _Bad(f"{path}: expected a string, got {type(value).__name__}")
    return value


def _int(obj: dict[str, Any], key: str, where: str, default: int | None = None) -> int | None:
    value, path = _field(obj, key, where)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"{path}: expected an integer, got {type(value).__name__}")
    return value


def _float(obj: dict[str, Any], key: str, where: str) -> float:
    value, path = _field(obj, key, where)
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(f"{path}: expected a number, got {value!r}")
    return float(value)


def _bool(obj: dict[str, Any], key: str, where: str, *, nullable: bool) -> bool | None:
    value, path = _field(obj, key, where)
    if value is None:
        return None if nullable else False
    if not isinstance(value, bool):
        raise _Bad(f"{path}: expected true or false, got {value!r}")
    return value


def _dict(obj: Any, where: str, *, nullable: bool = False) -> dict[str, Any] | None:
    if obj is None and nullable:
        return None
    if not isinstance(obj, dict):
        raise _Bad(f"{where or 'line'}: expected a JSON object, got {type(obj).__name__}")
    return obj


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    value, path = _field(obj, key, where)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(f"{path}: expected a list, got {type(value).__name__}")
    return value


def _verdict(obj: dict[str, Any], key: str, where: str) -> str:
    value = _str(obj, key, where, required=True)
    if value not in VERDICTS:
        raise _Bad(f"{where}.{key}: {value!r} is not a verdict (one of {', '.join(VERDICTS)})")
    return value


def source_from_json(obj: Any, where: str = "source") -> SourceSpan | None:
    d = _dict(obj, where, nullable=True)
    if d is None:
        return None
    return SourceSpan(
        url=_str(d, "url", where),
        title=_str(d, "title", where),
        date=_str(d, "date", where),
        publisher=_str(d, "publisher", where),
        kind=_str(d, "kind", where),
        speaker=_str(d, "speaker", where),
        text=_str(d, "text", where) or "",
        start=_int(d, "start", where, 0) or 0,
        end=_int(d, "end", where, 0) or 0,
        speaker_label=_str(d, "speaker_label", where),
        doc_id=_int(d, "doc_id", where),
    )


def appearance_from_json(obj: Any, where: str = "appearance") -> Appearance | None:
    d = _dict(obj, where, nullable=True)
    if d is None:
        return None
    return Appearance(
        url=_str(d, "url", where),
        date=_str(d, "date", where),
        publisher=_str(d, "publisher", where),
        kind=_str(d, "kind", where),
        verdict=_str(d, "verdict", where) or "",
        title=_str(d, "title", where),
        speaker=_str(d, "speaker", where),
        doc_id=_int(d, "doc_id", where),
        quoted=bool(_bool(d, "quoted", where, nullable=False)),
    )


def difference_from_json(obj: Any, where: str = "difference") -> Difference:
    d = _dict(obj, where)
    op = _str(d, "op", where, required=True)
    if op not in DIFF_OPS:
        raise _Bad(f"{where}.op: {op!r} is not one of {', '.join(DIFF_OPS)}")
    return Difference(
        op=op,
        quote=_str(d, "quote", where) or "",
        source=_str(d, "source", where) or "",
        note=_str(d, "note", where),
    )


def _appearances(d: dict[str, Any], key: str, where: str) -> list[Appearance]:
    out = []
    for i, item in enumerate(_list(d, key, where)):
        appearance = appearance_from_json(item, f"{where}.{key}[{i}]")
        if appearance is None:
            raise _Bad(f"{where}.{key}[{i}]: expected a JSON object, got null")
        out.append(appearance)
    return out


def result_from_json(obj: Any, where: str = "result") -> QuoteResult:
    """A ``QuoteResult`` from ``QuoteResult.to_json()`` (the ``verify quote --json`` contract)."""
    d = _dict(obj, where)
    quote = _str(d, "quote", where, required=True)
    return QuoteResult(
        quote=quote,
        verdict=_verdict(d, "verdict", where),
        score=_float(d, "score", where),
        explanation=_str(d, "explanation", where) or "",
        id=_str(d, "id", where),
        claimed_speaker=_str(d, "claimed_speaker", where),
        claimed_date=_str(d, "claimed_date", where),
        source=source_from_json(d.get("source"), f"{where}.source"),
        differences=[
            difference_from_json(item, f"{where}.differences[{i}]")
            for i, item in enumerate(_list(d, "differences", where))
        ],
        appearances=_appearances(d, "appearances", where),
        earliest_primary=appearance_from_json(
            d.get("earliest_primary"), f"{where}.earliest_primary"
        ),
        evidence=d.get("evidence") if isinstance(d.get("evidence"), dict) else None,
        related=[r for r in (d.get("related") or []) if isinstance(r, dict)],
    )


def provenance_from_json(obj: Any, where: str = "provenance") -> Provenance:
    d = _dict(obj, where)
    via_result = d.get("via_result")
    return Provenance(
        statement=_str(d, "statement", where) or "",
        appearances=_appearances(d, "appearances", where),
        earliest_primary=appearance_from_json(
            d.get("earliest_primary"), f"{where}.earliest_primary"
        ),
        via=_str(d, "via", where),
        via_indexed=bool(_bool(d, "via_indexed", where, nullable=False)),
        via_published=_bool(d, "via_published", where, nullable=True),
        primary_predates_via=_bool(d, "primary_predates_via", where, nullable=True),
        via_result=(
            result_from_json(via_result, f"{where}.via_result") if via_result is not None else None
        ),
    )


def review_from_json(obj: Any, where: str = "review") -> HumanReview | None:
    d = _dict(obj, where, nullable=True)
    if d is None:
        return None
    return HumanReview(
        verdict=_verdict(d, "verdict", where),
        reviewer=_str(d, "reviewer", where),
        note=_str(d, "note", where),
        decided_at=_str(d, "decided_at", where),
    )


def check_from_json(obj: Any, where: str = "check") -> QuoteCheck:
    """A ``QuoteCheck`` from ``QuoteCheck.to_json()``; a ``ReviewedCheck`` when the JSON
    carries a ``review``."""
    d = _dict(obj, where)
    result = result_from_json(d, where)
    kind = _str(d, "kind", where) or "quote"
    if kind not in KINDS:
        raise _Bad(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    extracted = ExtractedQuote(
        kind=kind,
        text=result.quote,
        start=_int(d, "start", where, 0) or 0,
        end=_int(d, "end", where, 0) or 0,
        speaker=result.claimed_speaker,
        speaker_mention=_str(d, "speaker_mention", where),
        speaker_start=_int(d, "speaker_start", where),
        speaker_end=_int(d, "speaker_end", where),
        cue=_str(d, "cue", where),
        via=_str(d, "via", where),
        speaker_inferred=bool(_bool(d, "speaker_inferred", where, nullable=False)),
        term=bool(_bool(d, "term", where, nullable=False)),
    )
    provenance_json = d.get("provenance")
    provenance = (
        provenance_from_json(provenance_json, f"{where}.provenance")
        if provenance_json is not None
        else Provenance(statement="")
    )
    review = review_from_json(d.get("review"), f"{where}.review")
    fact_checks = [f for f in d.get("fact_checks") or [] if isinstance(f, dict)]
    if review is None:
        return QuoteCheck(extracted, result, provenance, fact_checks=fact_checks)
    return ReviewedCheck(extracted, result, provenance, fact_checks=fact_checks, review=review)


def _report_from_json(obj: Any) -> ArticleReport:
    d = _dict(obj, "")
    if "article" not in d or "checks" not in d:
        raise _Bad("not an article report: expected the keys 'article' and 'checks'")
    a = _dict(d["article"], "article")
    article = Article(
        text="",
        url=_str(a, "url", "article"),
        title=_str(a, "title", "article"),
        date=_str(a, "date", "article"),
        outlet=_str(a, "outlet", "article"),
        origin=_str(a, "origin", "article") or "",
        id=_str(a, "id", "article") if a.get("id") is not None else _str(d, "id", ""),
    )
    checks = [check_from_json(c, f"checks[{i}]") for i, c in enumerate(_list(d, "checks", ""))]
    errors = []
    for i, e in enumerate(_list(d, "errors", "")):
        if not isinstance(e, str):
            raise _Bad(f"errors[{i}]: expected a string, got {type(e).__name__}")
        errors.append(e)
    return ArticleReport(
        article=article,
        checks=checks,
        doc_id=_int(a, "doc_id", "article"),
        errors=errors,
        events=_objects(d, "events"),
        terms_left_out=_objects(d, "terms_left_out"),
    )


def _objects(d: dict, key: str) -> list[dict]:
    """An optional list of JSON objects (a report's "events", "terms_left_out")."""
    items = _list(d, key, "") if d.get(key) is not None else []
    for i, e in enumerate(items):
        if not isinstance(e, dict):
            raise _Bad(f"{key}[{i}]: expected an object, got {type(e).__name__}")
    return items


def report_from_json(obj: Any) -> ArticleReport:
    """An ``ArticleReport`` from ``ArticleReport.to_json()``; InputError when malformed."""
    try:
        return _report_from_json(obj)
    except _Bad as exc:
        raise InputError(
            f"Malformed article report: {exc}",
            "Pass a report written by `verify article --format jsonl`.",
        ) from None


def _jsonl_files(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError(
            f"No such file or directory: {path}",
            "Pass a .jsonl file written by `verify article --format jsonl`, or a folder of them.",
        )
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
        if not files:
            raise InputError(
                f"No .jsonl files in {path}",
                "Save reports with `verify article --format jsonl --out FILE.jsonl` first.",
            )
        return files
    return [path]


def _parse_line(raw: bytes, reports: list[ArticleReport]) -> str | None:
    """Parse one line into ``reports``; what is wrong with it, or None."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    if line.startswith("\ufeff"):
        line = line[1:]
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg}, column {exc.colno})"
    try:
        reports.append(_report_from_json(obj))
    except _Bad as exc:
        return str(exc)
    return None


def load_reports(path: Path, *, errors: list[str] | None = None) -> list[ArticleReport]:
    """Article reports from a .jsonl file (one ``ArticleReport.to_json()`` per line) or from
    every .jsonl file under a folder (sorted by path).

    Blank lines are skipped. A line that is not a report is never dropped silently: by default
    every bad line is collected and one InputError names each ``file:line`` and what is wrong.
    With ``errors`` given, those messages are appended to it instead and the good lines load.
    """
    path = Path(path)
    reports: list[ArticleReport] = []
    problems: list[str] = []
    for file in _jsonl_files(path):
        try:
            with file.open("rb") as handle:
                # Lines end at \n only: JSON escapes \n and \r inside strings, and a quote may
                # contain U+2028 or other separators that str.splitlines() would cut at.
                for lineno, raw in enumerate(handle, 1):
                    problem = _parse_line(raw, reports)
                    if problem:
                        problems.append(f"{file}:{lineno}: {problem}")
        except OSError as exc:
            problems.append(f"{file}: cannot be read ({exc.strerror or exc})")
    if problems:
        if errors is not None:
            errors.extend(problems)
        else:
            listed = problems[:_MAX_LISTED]
            more = len(problems) - len(listed)
            lines = "\n".join(f"  {p}" for p in listed)
            if more:
                lines += f"\n  … and {more} more"
            noun = "problem" if len(problems) == 1 else "problems"
            raise InputError(
                f"{len(problems)} {noun} reading reports from {path}:\n{lines}",
                "Each line must be one JSON object written by `verify article --format jsonl`; "
                "fix or remove the lines named above.",
            )
    return reports
