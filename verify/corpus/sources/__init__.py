"""Corpus source adapters: files in, DocumentRecords out.

``iter_records(paths)`` expands files, directories and globs, recognises each file's format
(CSV, JSONL, Parquet, Markdown with YAML front matter, HTML) and yields one DocumentRecord
per document, a SourceError per bad file or row, or Skipped for a page that is deliberately
not a document (a kremlin.ru listing page). It never raises for one bad file or row.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from verify.corpus.sources.common import Skipped
from verify.errors import InputError, SourceError
from verify.models import DocumentRecord

__all__ = ["FORMATS", "Skipped", "detect_format", "expand_paths", "iter_records"]

FORMATS = ("auto", "csv", "jsonl", "parquet", "markdown", "html")
TABULAR = ("csv", "jsonl", "parquet")

_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_GLOB_CHARS = set("*?[")
_MISSING_HINT = (
    "Check the path. Corpus locations in corpora/sources.toml are relative to VERIFY_CORPORA "
    "(default ../shared/corpora next to the project)."
)

Record = DocumentRecord | SourceError | Skipped


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named by ``paths`` (files, directories searched recursively, globs), in a
    deterministic order: arguments in the order given, each expanded in sorted order,
    duplicates dropped. Hidden files and folders (".name") inside directories are left out.
    Raises SourceError for a path that does not exist or a pattern that matches nothing."""
    out: list[Path] = []
    for item in _expand(paths):
        if isinstance(item, SourceError):
            raise item
        out.append(item)
    return out


def _expand(paths: Iterable[str | Path]) -> list[Path | SourceError]:
    out: list[Path | SourceError] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)

    def add_tree(path: Path, named: str) -> None:
        if path.is_dir():
            files = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                ),
                key=lambda p: str(p),
            )
            if not files:
                out.append(
                    SourceError(
                        f"{named}: the directory holds no files",
                        "Point at a folder that holds the corpus files.",
                        origin=named,
                    )
                )
            for f in files:
                add(f)
        else:
            add(path)

    for raw in paths:
        named = str(raw)
        path = Path(named).expanduser()
        if path.exists():
            add_tree(path, named)
        elif _GLOB_CHARS & set(named):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                out.append(
                    SourceError(
                        f"{named}: no files match this pattern", _MISSING_HINT, origin=named
                    )
                )
            for m in matches:
                add_tree(Path(m), m)
        else:
            out.append(
                SourceError(f"{named}: no such file or directory", _MISSING_HINT, origin=named)
            )
    return out


def detect_format(path: Path) -> str | SourceError:
    """The format of one file, from its extension or, failing that, its first bytes."""
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt:
        return fmt
    origin = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        return SourceError(
            f"{origin}: cannot read the file ({exc.strerror or exc})",
            "Check the file's permissions.",
            origin=origin,
        )
    if head.startswith(b"PAR1"):
        return "parquet"
    if b"\x00" in head:
        return SourceError(
            f"{origin}: binary file (contains NUL bytes), not a text document",
            "Pass only CSV, JSONL, Parquet, Markdown or HTML files.",
            origin=origin,
        )
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        return SourceError(
            f"{origin}: the file is empty", "Remove it from the input.", origin=origin
        )
    if start.startswith(b"---"):
        return "markdown"
    if start.startswith(b"<"):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return SourceError(
        f"{origin}: cannot tell the file's format from its name or content",
        f"Pass --format (one of {', '.join(FORMATS[1:])}).",
        origin=origin,
    )


def iter_records(
    paths: list[str],
    *,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> Iterator[Record]:
    """Expand each path (file, directory recursively, or glob), detect/parse its format, and
    yield one DocumentRecord per document, a SourceError (with ``.origin``, e.g.
    ``path/putin.csv:row 17`` or ``path/x.md``) for each bad file or bad row, or Skipped.

    Never raises for one bad file or row. Raises InputError at once for arguments that make
    the whole call meaningless (an unknown format or kind, a malformed mapping).
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}", f"Use one of: {', '.join(FORMATS)}.")
    if kind not in (None, "primary", "secondary"):
        raise InputError(f"unknown kind {kind!r}", "Use primary or secondary.")
    if mapping is not None:
        bad = [k for k, v in mapping.items() if not k or not isinstance(v, str) or not v]
        if bad:
            raise InputError(
                f"invalid column mapping for {', '.join(map(repr, bad))}",
                "Write the mapping as field=column pairs, e.g. text=body,url=link.",
            )
    if isinstance(paths, str | Path):
        paths = [paths]  # type: ignore[list-item]
    return _iter(list(paths), fmt, mapping, publisher, kind, language)


def _iter(
    paths: list[str],
    fmt: str,
    mapping: dict[str, str] | None,
    publisher: str | None,
    kind: str | None,
    language: str,
) -> Iterator[Record]:
    for item in _expand(paths):
        if isinstance(item, SourceError):
            yield item
            continue
        yield from _iter_file(item, fmt, mapping, publisher, kind, language)


def _iter_file(
    path: Path,
    fmt: str,
    mapping: dict[str, str] | None,
    publisher: str | None,
    kind: str | None,
    language: str,
) -> Iterator[Record]:
    file_fmt = detect_format(path) if fmt == "auto" else fmt
    if isinstance(file_fmt, SourceError):
        yield file_fmt
        return
    try:
        if file_fmt in TABULAR:
            from verify.corpus.sources.tabular import iter_tabular

            yield from iter_tabular(
                path, file_fmt, mapping=mapping, publisher=publisher, kind=kind, language=language
            )
        elif file_fmt == "markdown":
            from verify.corpus.sources.markdown import parse_markdown_file

            yield parse_markdown_file(path, publisher=publisher, kind=kind, language=language)
        else:
            from verify.corpus.sources.html import parse_html_file

            yield parse_html_file(path, publisher=publisher, kind=kind, language=language)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        yield SourceError(
            f"{path}: unexpected error reading it as {file_fmt} ({type(exc).__name__}: {exc})",
            "Check the file; report this if the file looks fine.",
            origin=str(path),
        )
