"""Reading fact checks: ClaimReview JSON-LD, the CLEF CheckThat! 2020 claims, CSV/JSONL.

Every reader yields ``FactCheck`` records and, for what cannot be read, ``ReadProblem``
records (reported and skipped; they never stop the rest of the file).

- ClaimReview (schema.org): a JSON/JSON-LD file, a folder of them, or HTML pages whose
  ``<script type="application/ld+json">`` holds ClaimReview, as fact-checkers publish them;
  ``@graph``, lists, ``mainEntity`` and the Google Fact Check Tools markup feed
  (``DataFeed`` / ``dataFeedElement``) are walked, as is the Fact Check Tools API answer
  (``claims[].claimReview[]``). ``source_id`` is the review's ``url`` (with ``#`` and a short
  hash of the claim when one page reviews several claims).
- CLEF: ``verified_claims.docs.tsv`` (``vclaim_id, vclaim, title``; Snopes checks).
- CSV/JSONL through ``datasets`` with a column map (``--map claim=COL,rating=COL,...``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from verify.errors import InputError
from verify.factcheck.models import FactCheck, ReadProblem
from verify.factcheck.ratings import normalise

FORMATS = ("claimreview", "clef", "csv", "jsonl")
CLEF_PUBLISHER = "Snopes"
# Fields a column map can fill.
TABLE_FIELDS = (
    "source_id",
    "claim",
    "rating",
    "publisher",
    "url",
    "date",
    "title",
    "claimant",
    "claim_date",
    "language",
)
_ALIASES = {"claim": ("claim", "claimReviewed", "text", "vclaim"), "source_id": ("source_id", "id")}
_EXT_FORMAT = {
    ".json": "claimreview",
    ".jsonld": "claimreview",
    ".html": "claimreview",
    ".htm": "claimreview",
    ".tsv": "clef",
    ".csv": "csv",
    ".jsonl": "jsonl",
}
Item = FactCheck | ReadProblem


# --------------------------------------------------------------------------- entry point


def read_paths(
    paths: Iterable[str | Path],
    fmt: str | None = None,
    *,
    mapping: dict[str, str] | None = None,
    publisher: str | None = None,
) -> Iterator[Item]:
    """Fact checks from files and folders (folders: every file of a known kind, sorted)."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"Unknown format {fmt!r}.", f"Use one of: {', '.join(FORMATS)}.")
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield ReadProblem(
                "-", "reading fact checks from stdin is not supported", "Pass a file."
            )
            continue
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and (fmt is not None or p.suffix.lower() in _EXT_FORMAT)
            )
            if not files:
                yield ReadProblem(str(path), "no fact-check files in this folder")
            for file in files:
                yield from read_file(file, fmt, mapping=mapping, publisher=publisher)
        elif path.is_file():
            yield from read_file(path, fmt, mapping=mapping, publisher=publisher)
        else:
            yield ReadProblem(str(path), "no such file or folder", "Check the path.")


def detect_format(path: Path) -> str | None:
    fmt = _EXT_FORMAT.get(path.suffix.lower())
    if fmt == "clef":
        return "clef"
    return fmt


def read_file(
    path: Path,
    fmt: str | None = None,
    *,
    mapping: dict[str, str] | None = None,
    publisher: str | None = None,
) -> Iterator[Item]:
    fmt = fmt or detect_format(path)
    if fmt is None:
        yield ReadProblem(
            str(path),
            f"unknown kind of file ({path.suffix or 'no extension'})",
            f"Pass --format (one of {', '.join(FORMATS)}).",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadProblem(str(path), f"cannot read the file ({exc.strerror or exc})")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield ReadProblem(str(path), f"not UTF-8 text (byte {exc.start})", "Convert it to UTF-8.")
        return
    if fmt == "claimreview":
        yield from read_claimreview_text(text, str(path), publisher=publisher)
    elif fmt == "clef":
        yield from read_clef_text(text, str(path), publisher=publisher)
    else:
        yield from read_table(path, fmt, mapping=mapping, publisher=publisher)


# --------------------------------------------------------------------------- ClaimReview

_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.I | re.S,
)
_CANONICAL = re.compile(
    r"<link\b[^>]*rel\s*=\s*[\"']?canonical[\"']?[^>]*href\s*=\s*[\"']([^\"']+)[\"']", re.I
)


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype" in head or "<head" in head)


def read_claimreview_text(text: str, origin: str, *, publisher: str | None = None) -> list[Item]:
    """ClaimReviews in a JSON document or in an HTML page's JSON-LD scripts."""
    items: list[Item] = []
    page_url = None
    if _looks_html(text) or "<script" in text[:200000].lower():
        canonical = _CANONICAL.search(text)
        page_url = canonical.group(1) if canonical else None
        scripts = _SCRIPT.findall(text)
        if not scripts:
            return [ReadProblem(origin, 'no <script type="application/ld+json"> in this page')]
        found_any = False
        for n, raw in enumerate(scripts, 1):
            where = f"{origin}: JSON-LD script {n}"
            try:
                doc = json.loads(_unwrap_script(raw))
            except json.JSONDecodeError as exc:
                items.append(
                    ReadProblem(
                        where,
                        f"malformed JSON-LD ({exc.msg} at line {exc.lineno} column {exc.colno})",
                        "The script was skipped; the page's other scripts were read.",
                    )
                )
                continue
            got = _from_document(doc, where, publisher, page_url)
            found_any = found_any or bool(got)
            items.extend(got)
        if not found_any and not items:
            items.append(ReadProblem(origin, "no ClaimReview in this page's JSON-LD"))
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            return [
                ReadProblem(
                    origin,
                    f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
                    "Fix the file; nothing was read from it.",
                )
            ]
        items = _from_document(doc, origin, publisher, None)
        if not items:
            items.append(ReadProblem(origin, "no ClaimReview in this file"))
    return _disambiguate(items)


def _unwrap_script(raw: str) -> str:
    raw = raw.strip()
    raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[", "", raw)
    raw = re.sub(r"(?://\s*)?\]\]>\s*$", "", raw)
    raw = re.sub(r"^\s*<!--", "", raw)
    raw = re.sub(r"-->\s*$", "", raw)
    return raw.strip()


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v}


def _walk(doc: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in a JSON-LD document, in document order."""
    stack = [doc]
    while stack:
        obj = stack.pop(0)
        if isinstance(obj, list):
            stack[0:0] = obj
        elif isinstance(obj, dict):
            if "ClaimReview" in _types(obj):
                yield obj
                continue
            children = []
            for key in ("@graph", "dataFeedElement", "item", "mainEntity", "hasPart", "review"):
                if key in obj:
                    children.append(obj[key])
            stack[0:0] = children


def _from_document(doc: Any, where: str, publisher: str | None, page_url: str | None) -> list[Item]:
    if isinstance(doc, dict) and isinstance(doc.get("claims"), list):
        return list(_from_factcheck_api(doc, where, publisher))
    out: list[Item] = []
    for n, obj in enumerate(_walk(doc), 1):
        out.append(_claimreview(obj, f"{where} item {n}", publisher, page_url))
    return out


def _text(value: Any) -> str | None:
    """A plain string from a JSON-LD value (a string, a {"name"/"@value"} node, a list)."""
    if value is None:
        return None
    if isinstance(value, str):
        s = " ".join(value.split())
        return s or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "@value", "alternateName", "legalName", "url", "@id"):
            got = _text(value.get(key))
            if got:
                return got
        return None
    if isinstance(value, list):
        parts = [p for p in (_text(v) for v in value) if p]
        return ", ".join(dict.fromkeys(parts)) or None
    return None


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _number(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WRITTEN = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO date/time or a "Month D, YYYY" date; else None."""
    s = _text(value)
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = _WRITTEN.match(s)
    if m:
        from verify.factcheck.clean import _tail_date

        return _tail_date(m.group(1), m.group(2), m.group(3))
    return None


def _claimreview(obj: dict[str, Any], where: str, publisher: str | None, page_url: str | None):
    claim = _text(obj.get("claimReviewed"))
    if not claim:
        return ReadProblem(
            where,
            "ClaimReview without claimReviewed (or with an empty one)",
            "This review was skipped: a fact check needs the claim it reviews.",
        )
    rating_obj = _first(obj.get("reviewRating"))
    rating = None
    value = best = worst = None
    if isinstance(rating_obj, dict):
        rating = _text(rating_obj.get("alternateName")) or _text(rating_obj.get("name"))
        value = _number(rating_obj.get("ratingValue"))
        best = _number(rating_obj.get("bestRating"))
        worst = _number(rating_obj.get("worstRating"))
    elif isinstance(rating_obj, str):
        rating = _text(rating_obj)
    item = _first(obj.get("itemReviewed"))
    claimant = claim_date = None
    if isinstance(item, dict):
        claimant = _text(item.get("author"))
        claim_date = iso_date(item.get("datePublished"))
        if claim_date is None:
            appearance = _first(item.get("firstAppearance") or item.get("appearance"))
            if isinstance(appearance, dict):
                claim_date = iso_date(appearance.get("datePublished"))
    url = _text(obj.get("url")) or _text(obj.get("@id")) or page_url
    fact_checker = publisher or _text(obj.get("author")) or _text(obj.get("publisher"))
    language = _text(obj.get("inLanguage"))
    source_id = url or "sha1:" + hashlib.sha1(claim.encode("utf-8")).hexdigest()[:16]
    return FactCheck(
        source_id=source_id,
        claim=claim,
        rating=rating,
        rating_normalised=normalise(rating, value=value, best=best, worst=worst),
        publisher=fact_checker,
        url=url if url and url.startswith(("http://", "https://")) else None,
        date=iso_date(obj.get("datePublished")),
        title=_text(obj.get("headline")) or _text(obj.get("name")),
        claimant=claimant,
        claim_date=claim_date,
        language=language,
        origin=where,
    )


def _from_factcheck_api(doc: dict[str, Any], where: str, publisher: str | None) -> Iterator[Item]:
    """The Fact Check Tools API answer: claims[] with claimReview[] each."""
    for n, entry in enumerate(doc["claims"], 1):
        here = f"{where} claim {n}"
        if not isinstance(entry, dict):
            yield ReadProblem(here, "not a JSON object")
            continue
        claim = _text(entry.get("text"))
        reviews = entry.get("claimReview") or []
        if not claim:
            yield ReadProblem(here, "claim without text", "This claim was skipped.")
            continue
        for k, review in enumerate(reviews if isinstance(reviews, list) else [], 1):
            if not isinstance(review, dict):
                continue
            rating = _text(review.get("textualRating"))
            url = _text(review.get("url"))
            yield FactCheck(
                source_id=url or "sha1:" + hashlib.sha1(claim.encode()).hexdigest()[:16],
                claim=claim,
                rating=rating,
                rating_normalised=normalise(rating),
                publisher=publisher or _text(review.get("publisher")),
                url=url,
                date=iso_date(review.get("reviewDate")),
                title=_text(review.get("title")),
                claimant=_text(entry.get("claimant")),
                claim_date=iso_date(entry.get("claimDate")),
                language=_text(review.get("languageCode")),
                origin=f"{here} review {k}",
            )


def _disambiguate(items: list[Item]) -> list[Item]:
    """One page reviewing several claims under one URL: ``url#<hash of the claim>``."""
    counts: dict[str, int] = {}
    for item in items:
        if isinstance(item, FactCheck):
            counts[item.source_id] = counts.get(item.source_id, 0) + 1
    for item in items:
        if isinstance(item, FactCheck) and counts[item.source_id] > 1:
            digest = hashlib.sha1(item.claim.casefold().encode("utf-8")).hexdigest()[:10]
            item.source_id = f"{item.source_id}#{digest}"
    return items


# --------------------------------------------------------------------------- CLEF


def read_clef_text(text: str, origin: str, *, publisher: str | None = None) -> Iterator[Item]:
    """``verified_claims.docs.tsv``: ``vclaim_id <TAB> vclaim <TAB> title`` with a header."""
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    header = next(reader, None)
    if header is None:
        yield ReadProblem(origin, "empty file")
        return
    names = [h.strip().lower() for h in header]
    if "vclaim" not in names:
        yield ReadProblem(
            origin,
            "not a CLEF verified-claims file (no vclaim column in the header)",
            "Expected the columns vclaim_id, vclaim, title; pass --format for other files.",
        )
        return
    i_claim = names.index("vclaim")
    i_id = names.index("vclaim_id") if "vclaim_id" in names else 0
    i_title = names.index("title") if "title" in names else None
    for row in reader:
        where = f"{origin}: line {reader.line_num}"
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) <= max(i_claim, i_id):
            yield ReadProblem(where, f"{len(row)} columns, expected {len(names)}")
            continue
        vid = row[i_id].strip()
        claim = " ".join(row[i_claim].split())
        if not vid or not claim:
            yield ReadProblem(where, "empty vclaim_id or vclaim", "This row was skipped.")
            continue
        title = (
            " ".join(row[i_title].split()) if i_title is not None and i_title < len(row) else None
        )
        yield FactCheck(
            source_id=vid,
            claim=claim,
            rating=None,
            rating_normalised="other",
            publisher=publisher or CLEF_PUBLISHER,
            title=title or None,
            language="en",
            origin=where,
        )


# --------------------------------------------------------------------------- CSV / JSONL


def _resolve(mapping: dict[str, str] | None, columns: list[str]) -> dict[str, str]:
    unknown = [f for f in (mapping or {}) if f not in TABLE_FIELDS]
    if unknown:
        raise InputError(
            f"Unknown field(s) in --map: {', '.join(unknown)}.",
            f"Fields: {', '.join(TABLE_FIELDS)} (e.g. --map claim=text,rating=verdict).",
        )
    resolved = dict(mapping or {})
    for f in TABLE_FIELDS:
        if f in resolved:
            continue
        for alias in _ALIASES.get(f, (f,)):
            if alias in columns:
                resolved[f] = alias
                break
    return resolved


def read_table(
    path: Path, fmt: str, *, mapping: dict[str, str] | None = None, publisher: str | None = None
) -> Iterator[Item]:
    """CSV (header row) or JSON Lines through ``datasets``, every cell read as a string."""
    origin = str(path)
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    columns = _columns(path, fmt)
    if isinstance(columns, ReadProblem):
        yield columns
        return
    resolved = _resolve(mapping, columns)
    missing = [f"{f}={c}" for f, c in resolved.items() if c not in columns]
    if missing or "claim" not in resolved:
        yield ReadProblem(
            origin,
            (
                f"mapped column(s) not in the file: {', '.join(missing)}"
                if missing
                else "no column for the claim"
            )
            + f"; columns: {', '.join(columns) or '(none)'}",
            "Say which column holds what: --map claim=COL,rating=COL,url=COL,source_id=COL",
        )
        return
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    features = datasets.Features({c: datasets.Value("string") for c in columns})
    with tempfile.TemporaryDirectory(prefix="verify-factcheck-") as cache:
        kwargs: dict[str, Any] = {"features": features}
        if fmt == "csv":
            kwargs["na_filter"] = False
        try:
            ds = datasets.load_dataset(
                "csv" if fmt == "csv" else "json",
                data_files=str(path),
                cache_dir=cache,
                split="train",
                **kwargs,
            )
        except Exception as exc:  # noqa: BLE001 - datasets wraps parser errors in many types
            cause = exc
            while cause.__cause__ is not None or cause.__context__ is not None:
                cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
            yield ReadProblem(origin, f"cannot read the {fmt.upper()} file ({cause})")
            return
        for n, row in enumerate(ds, 1):
            yield _table_record(row, resolved, f"{origin}: row {n}", publisher)


def _columns(path: Path, fmt: str) -> list[str] | ReadProblem:
    origin = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            if fmt == "csv":
                return [c.strip() for c in next(csv.reader(fh), [])]
            cols: dict[str, None] = {}
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    return ReadProblem(f"{origin}: line {n}", f"not JSON ({exc.msg})")
                if not isinstance(obj, dict):
                    return ReadProblem(f"{origin}: line {n}", "not a JSON object")
                cols.update(dict.fromkeys(obj))
            return list(cols)
    except (OSError, UnicodeDecodeError) as exc:
        return ReadProblem(origin, f"cannot read the file ({exc})")


def _table_record(row: dict[str, Any], resolved: dict[str, str], where: str, publisher):
    values = {f: (" ".join(str(row.get(c) or "").split()) or None) for f, c in resolved.items()}
    claim = values.get("claim")
    if not claim:
        return ReadProblem(where, "empty claim", "This row was skipped.")
    source_id = values.get("source_id") or values.get("url")
    if not source_id:
        source_id = "sha1:" + hashlib.sha1(claim.encode("utf-8")).hexdigest()[:16]
    rating = values.get("rating")
    return FactCheck(
        source_id=source_id,
        claim=claim,
        rating=rating,
        rating_normalised=normalise(rating),
        publisher=publisher or values.get("publisher"),
        url=values.get("url"),
        date=iso_date(values.get("date")),
        title=values.get("title"),
        claimant=values.get("claimant"),
        claim_date=iso_date(values.get("claim_date")),
        language=values.get("language"),
        origin=where,
    )
