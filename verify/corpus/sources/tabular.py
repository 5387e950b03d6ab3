"""CSV, JSONL and Parquet corpora: CSV and Parquet through Hugging Face ``datasets``
(offline, in a temporary cache), JSON Lines through the json module (see _iter_json).

One row is one document. ``mapping`` says which column holds each field
({"text": "body", "url": "link", ...}); without it the columns are expected to be named
text/url/title/date. Columns that are not mapped are kept in ``meta``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from verify.corpus.sources.common import decode_utf8, iso_date, read_bytes
from verify.errors import SourceError
from verify.models import DocumentRecord
from verify.text.tokens import clean_whitespace

# Fields a mapping can fill on DocumentRecord; any other mapped field goes to meta.
RECORD_FIELDS = ("text", "url", "title", "date", "publisher", "kind", "language")
BATCH = 256


def iter_tabular(
    path: Path,
    fmt: str,
    *,
    mapping: dict[str, str] | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> Iterator[DocumentRecord | SourceError]:
    """One DocumentRecord per row of a CSV/JSONL/Parquet file; a SourceError per bad row
    (or one for the whole file when it cannot be read at all)."""
    origin = str(path)
    data = read_bytes(path, allow_binary=(fmt == "parquet"))
    if isinstance(data, SourceError):
        yield data
        return
    opts = {"publisher": publisher, "kind": kind, "language": language}
    if fmt == "jsonl":
        text = decode_utf8(data, origin)
        del data
        if isinstance(text, SourceError):
            yield text
            return
        yield from _iter_json(text, origin, mapping, opts)
        return

    columns: list[str]
    if fmt == "parquet":
        if not (data[:4] == b"PAR1" and data[-4:] == b"PAR1"):
            yield SourceError(
                f"{origin}: not a Parquet file (no PAR1 magic bytes)",
                "Check the file, or pass --format to say what it is.",
                origin=origin,
            )
            return
        import pyarrow.parquet as pq

        try:
            columns = list(pq.read_schema(path).names)
        except Exception as exc:  # noqa: BLE001 - any pyarrow failure is a bad file
            yield SourceError(f"{origin}: unreadable Parquet file ({exc})", None, origin=origin)
            return
    else:
        text = decode_utf8(data, origin)
        if isinstance(text, SourceError):
            yield text
            return
        try:
            columns = next(csv.reader(io.StringIO(text[: 1 << 20])))
        except (csv.Error, StopIteration) as exc:
            yield SourceError(f"{origin}: cannot read the CSV header ({exc})", None, origin=origin)
            return
        del text
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        if dupes:
            yield SourceError(
                f"{origin}: duplicate column names in the header: {', '.join(dupes)}",
                "Give every column a distinct name.",
                origin=origin,
            )
            return
    del data

    resolved = _resolve_mapping(mapping, columns, origin)
    if isinstance(resolved, SourceError):
        yield resolved
        return
    extra_cols = [c for c in columns if c not in set(resolved.values())]
    with tempfile.TemporaryDirectory(prefix="verify-datasets-") as cache:
        try:
            ds = _load(path, fmt, columns, cache)
        except Exception as exc:  # noqa: BLE001 - datasets wraps parser errors in many types
            yield SourceError(
                f"{origin}: cannot read the {fmt.upper()} file ({_root_cause(exc)})",
                "Check that the file is well formed, or pass --format to say what it is.",
                origin=origin,
            )
            return
        row = 0
        for batch in ds.iter(batch_size=BATCH):
            for i in range(len(batch[columns[0]])):
                row += 1
                values = {col: batch[col][i] for col in columns}
                yield _record(values, resolved, extra_cols, origin=f"{origin}:row {row}", **opts)
        del ds


def _iter_json(
    text: str, origin: str, mapping: dict[str, str] | None, opts: dict[str, Any]
) -> Iterator[DocumentRecord | SourceError]:
    """JSON Lines (one object per line; "line N" in messages) or a JSON array of objects
    ("item N"). Read with the json module: datasets' JSON builder turns date-like strings
    into timestamps ("2022-02-01" -> "2022-02-01 00:00:00"), which would change the data."""
    rows: list[tuple[str, dict[str, Any] | SourceError]] = []
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield SourceError(
                f"{origin}:line {exc.lineno}: invalid JSON ({exc.msg})",
                "Fix the JSON, or write one object per line (JSONL).",
                origin=f"{origin}:line {exc.lineno}",
            )
            return
        for number, obj in enumerate(items, 1):
            where = f"{origin}:item {number}"
            rows.append((where, obj if isinstance(obj, dict) else _not_object(where, obj)))
    else:
        decoder = json.JSONDecoder()
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            where = f"{origin}:line {number}"
            try:
                obj, end = decoder.raw_decode(line)
            except json.JSONDecodeError as exc:
                rows.append(
                    (
                        where,
                        SourceError(
                            f"{where}: invalid JSON ({exc.msg} at column {exc.colno})",
                            "The line was skipped; each JSONL line must be one JSON object.",
                            origin=where,
                        ),
                    )
                )
                continue
            if line[end:].strip():
                rows.append(
                    (
                        where,
                        SourceError(
                            f"{where}: extra data after the JSON object",
                            "The line was skipped; write one JSON object per line.",
                            origin=where,
                        ),
                    )
                )
                continue
            rows.append((where, obj if isinstance(obj, dict) else _not_object(where, obj)))
    columns: list[str] = []
    known: set[str] = set()
    for _, obj in rows:
        if isinstance(obj, dict):
            for key in obj:
                if key not in known:
                    known.add(key)
                    columns.append(key)
    if not columns:
        errors = [obj for _, obj in rows if isinstance(obj, SourceError)]
        yield from errors or [
            SourceError(
                f"{origin}: no JSON objects in the file",
                "Write one JSON object per line.",
                origin=origin,
            )
        ]
        return
    resolved = _resolve_mapping(mapping, columns, origin)
    if isinstance(resolved, SourceError):
        yield resolved
        return
    extra_cols = [c for c in columns if c not in set(resolved.values())]
    for where, obj in rows:
        if isinstance(obj, SourceError):
            yield obj
        else:
            yield _record(obj, resolved, extra_cols, origin=where, **opts)


def _not_object(where: str, obj: Any) -> SourceError:
    return SourceError(
        f"{where}: a JSON {type(obj).__name__}, not an object",
        "The entry was skipped; each document must be a JSON object.",
        origin=where,
    )


def _load(path: Path, fmt: str, columns: list[str], cache: str) -> Any:
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    kwargs: dict[str, Any] = {}
    if fmt == "csv":
        # Every cell as a string, empty cells as "" (no NaN, no "NA" -> missing).
        kwargs["features"] = datasets.Features({c: datasets.Value("string") for c in columns})
        kwargs["na_filter"] = False
    return datasets.load_dataset(
        fmt, data_files=str(path), cache_dir=cache, split="train", **kwargs
    )


def _resolve_mapping(
    mapping: dict[str, str] | None, columns: list[str], origin: str
) -> dict[str, str] | SourceError:
    """{field: column}, checked against the file's columns."""
    available = ", ".join(repr(c) for c in columns) or "(none)"
    if mapping:
        missing = [(f, c) for f, c in mapping.items() if c not in columns]
        if missing:
            what = ", ".join(f"{c!r} (for {f})" for f, c in missing)
            return SourceError(
                f"{origin}: mapped column {what} not in the file; available columns: {available}",
                "Fix --map (field=column, e.g. text=body,url=link) or the source's `map`.",
                origin=origin,
            )
        if "text" not in mapping:
            if "text" in columns:
                return {"text": "text", **mapping}
            return SourceError(
                f"{origin}: no column mapped to text; available columns: {available}",
                "Add text=COLUMN to --map (or the source's `map`).",
                origin=origin,
            )
        return dict(mapping)
    if "text" not in columns:
        return SourceError(
            f"{origin}: no 'text' column; available columns: {available}",
            "Say which column holds the text with --map text=COLUMN (and url=, title=, date=).",
            origin=origin,
        )
    return {f: f for f in RECORD_FIELDS if f in columns}


def _record(
    values: dict[str, Any],
    mapping: dict[str, str],
    extra_cols: list[str],
    *,
    origin: str,
    publisher: str | None,
    kind: str | None,
    language: str,
) -> DocumentRecord | SourceError:
    text_col = mapping["text"]
    raw_text = values.get(text_col)
    if _is_missing(raw_text):
        return SourceError(
            f"{origin}: empty text (column {text_col!r})",
            "The row was skipped; fill the cell or remove the row.",
            origin=origin,
        )
    if not isinstance(raw_text, str):
        return SourceError(
            f"{origin}: text (column {text_col!r}) is a {type(raw_text).__name__}, not a string",
            "The row was skipped; the text column must hold plain text.",
            origin=origin,
        )
    text = clean_whitespace(raw_text)
    if not text:
        return SourceError(
            f"{origin}: empty text (column {text_col!r})",
            "The row was skipped; fill the cell or remove the row.",
            origin=origin,
        )
    meta: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for field, col in mapping.items():
        if field == "text":
            continue
        value = values.get(col)
        if _is_missing(value):
            continue
        if field in RECORD_FIELDS:
            fields[field] = value
        else:
            meta[field] = _plain(value)
    for col in extra_cols:
        value = values.get(col)
        if not _is_missing(value):
            meta[col] = _plain(value)

    date = None
    if "date" in fields:
        date = iso_date(fields["date"])
        if date is None:
            meta["date_raw"] = str(fields["date"])
    rec_kind = kind or _str(fields.get("kind"))
    if rec_kind not in (None, "primary", "secondary"):
        meta["kind_raw"] = rec_kind
        rec_kind = None
    return DocumentRecord(
        text=text,
        url=_str(fields.get("url")),
        title=_clean(fields.get("title")),
        date=date,
        publisher=publisher or _clean(fields.get("publisher")),
        kind=rec_kind,  # type: ignore[arg-type]
        language=_str(fields.get("language")) or language,
        origin=origin,
        meta=meta,
    )


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _str(value: Any) -> str | None:
    if _is_missing(value):
        return None
    return str(value).strip()


def _clean(value: Any) -> str | None:
    if _is_missing(value):
        return None
    return clean_whitespace(str(value)) or None


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a cell (dates as ISO strings)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _root_cause(exc: BaseException) -> str:
    seen = set()
    while exc.__cause__ is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc = exc.__cause__
    msg = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {msg[0] if msg else ''}".rstrip(": ")
