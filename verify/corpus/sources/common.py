"""Shared pieces of the source adapters: the Skipped marker, safe file reading, dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from verify.errors import SourceError


@dataclass
class Skipped:
    """An input that is deliberately not a document (e.g. a kremlin.ru listing page)."""

    origin: str
    reason: str


def read_bytes(path: Path, *, allow_binary: bool = False) -> bytes | SourceError:
    """The file's bytes, or a SourceError for an unreadable, empty or binary file."""
    origin = str(path)
    try:
        data = path.read_bytes()
    except PermissionError:
        return SourceError(
            f"{origin}: permission denied",
            "Check the file's permissions (it must be readable by you).",
            origin=origin,
        )
    except OSError as exc:
        return SourceError(
            f"{origin}: cannot read the file ({exc.strerror or exc})",
            "Check that the path is a readable file.",
            origin=origin,
        )
    if not data.strip():
        return SourceError(
            f"{origin}: the file is empty",
            "Remove it from the input or re-export it.",
            origin=origin,
        )
    if not allow_binary and b"\x00" in data[:65536]:
        return SourceError(
            f"{origin}: binary file (contains NUL bytes), not a text document",
            "Pass only CSV, JSONL, Parquet, Markdown or HTML files.",
            origin=origin,
        )
    return data


def decode_utf8(data: bytes, origin: str) -> str | SourceError:
    """Strict UTF-8 (a leading BOM is dropped); a SourceError naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return SourceError(
            f"{origin}: not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line})",
            "Convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in > out`.",
            origin=origin,
        )


def read_text(path: Path) -> str | SourceError:
    data = read_bytes(path)
    if isinstance(data, SourceError):
        return data
    return decode_utf8(data, str(path))


_ODD_SPACES = ("\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\t")
_ZERO_WIDTH = ("\u200b", "\u2060", "\ufeff")
_SPACE_RUN = re.compile(r"  +")
_BLANK_RUN = re.compile(r"\n{3,}")


def fast_clean(text: str) -> str:
    """Same result as verify.text.tokens.clean_whitespace, several times faster on large texts
    (plain str.replace for the single characters, regexes only for runs)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _ODD_SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    for ch in _ZERO_WIDTH:
        if ch in text:
            text = text.replace(ch, "")
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d.%m.%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
)


def iso_date(value: object) -> str | None:
    """An ISO 8601 string for a date/datetime/ISO-like string; None if it cannot be read."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if _ISO_DATE.match(text):
        return text.replace(" ", "T", 1) if len(text) > 10 else text
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None
