"""The corpus sources verify knows, read from corpora/sources.toml.

Each ``[[source]]`` entry names a corpus: who publishes it, whether it is primary or
secondary, its format, where its files are (relative to VERIFY_CORPORA unless absolute),
how its columns map to document fields, which part of it the demo uses, and how to fetch
new pages from the live site.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify import config
from verify.corpus.sources import FORMATS
from verify.errors import ConfigError

KINDS = ("primary", "secondary")
_KEYS = {
    "name",
    "publisher",
    "kind",
    "language",
    "format",
    "location",
    "map",
    "demo",
    "fetch",
    "description",
    "original_language",
}
_FETCH_KEYS = {
    "base_url",
    "listing",
    "min_interval",
    "max_retries",
    "timeout",
    "max_pages",
    "user_agent",
}


@dataclass
class FetchSettings:
    """How ``verify corpus fetch`` walks the live site."""

    base_url: str
    listing: str  # path (or URL) of a listing page, with {page} for the page number
    min_interval: float = 1.0  # seconds between two requests to one host
    max_retries: int = 4
    timeout: float = 30.0
    max_pages: int = 50
    user_agent: str | None = None

    def listing_url(self, page: int) -> str:
        from urllib.parse import urljoin

        path = self.listing.format(page=page)
        if path.startswith(("http://", "https://")):
            return path
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))


@dataclass
class SourceConfig:
    name: str
    location: Path  # resolved: absolute, or against config.corpora_root()
    publisher: str | None = None
    kind: str | None = None
    language: str = "en"
    format: str = "auto"
    map: dict[str, str] = field(default_factory=dict)
    demo: bool | list[str] = False
    fetch: FetchSettings | None = None
    description: str | None = None
    location_raw: str = ""  # as written in sources.toml
    # the language the words were spoken in, when the documents are translations
    # (the Kremlin's English transcripts translate Russian): wording differences against a
    # translation may be another translation rather than an alteration
    original_language: str | None = None

    @property
    def exists(self) -> bool:
        return self.location.exists()

    def paths(self, demo: bool = False) -> list[str]:
        """The paths to ingest. With ``demo=True`` only the demo selection: every file when
        ``demo = true``, the named month folders when ``demo = ["2022-10", ...]``, nothing
        when the source has no demo selection."""
        if not self.location.exists():
            raise ConfigError(
                f"source {self.name!r}: {self.location} does not exist",
                f"Set VERIFY_CORPORA to the folder that holds {self.location_raw or 'it'} "
                f"(now {config.corpora_root()}), or fix `location` in {config.sources_file()}.",
            )
        if not demo:
            return [str(self.location)]
        if self.demo is True:
            return [str(self.location)]
        if not self.demo:
            return []
        if not self.location.is_dir():
            raise ConfigError(
                f"source {self.name!r}: demo lists sub-folders but {self.location} is a file",
                f"Use `demo = true` for a single-file source in {config.sources_file()}.",
            )
        out = []
        for part in self.demo:
            sub = self.location / part
            if not sub.exists():
                raise ConfigError(
                    f"source {self.name!r}: demo folder {sub} does not exist",
                    f"Fix `demo` in {config.sources_file()} "
                    f"(folders there: {', '.join(_children(self.location)) or 'none'}).",
                )
            out.append(str(sub))
        return out


def load_sources(path: Path | None = None) -> list[SourceConfig]:
    """Every source in sources.toml (``VERIFY_SOURCES`` overrides its path)."""
    path = path or config.sources_file()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(
            f"no source list at {path}",
            "Create corpora/sources.toml or set VERIFY_SOURCES to its path.",
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}", None) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})", "Fix the syntax error.") from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(
            f"{path}: `source` must be an array of tables", "Write [[source]] entries."
        )
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        src = _parse_entry(entry, number, path)
        if src.name in seen:
            raise ConfigError(
                f"{path}: source {src.name!r} is defined twice", "Give each source a distinct name."
            )
        seen.add(src.name)
        sources.append(src)
    return sources


def get_source(name: str, path: Path | None = None) -> SourceConfig:
    sources = load_sources(path)
    for src in sources:
        if src.name == name:
            return src
    known = ", ".join(s.name for s in sources) or "(none)"
    raise ConfigError(
        f"unknown source {name!r}",
        f"Known sources: {known} (defined in {path or config.sources_file()}).",
    )


def _parse_entry(entry: Any, number: int, path: Path) -> SourceConfig:
    where = f"{path}: source #{number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} is not a table", "Write it as a [[source]] table.")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where} has no `name`", 'Add name = "...".')
    where = f"{path}: source {name!r}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown setting(s) {', '.join(unknown)}",
            f"Known settings: {', '.join(sorted(_KEYS))}.",
        )
    location = entry.get("location")
    if not isinstance(location, str) or not location.strip():
        raise ConfigError(f"{where} has no `location`", 'Add location = "folder/or/file".')
    fmt = entry.get("format", "auto")
    if fmt not in FORMATS:
        raise ConfigError(f"{where}: unknown format {fmt!r}", f"Use one of: {', '.join(FORMATS)}.")
    kind = entry.get("kind")
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"{where}: unknown kind {kind!r}", "Use primary or secondary.")
    mapping = entry.get("map", {})
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise ConfigError(
            f"{where}: `map` must map fields to column names",
            'Write e.g. map = { text = "body", url = "link" }.',
        )
    demo = entry.get("demo", False)
    if not (
        isinstance(demo, bool) or (isinstance(demo, list) and all(isinstance(d, str) for d in demo))
    ):
        raise ConfigError(
            f"{where}: `demo` must be true/false or a list of sub-folder names",
            'Write e.g. demo = ["2022-10", "2022-11"].',
        )
    loc = Path(location).expanduser()
    if not loc.is_absolute():
        loc = config.corpora_root() / loc
    return SourceConfig(
        name=name,
        location=loc,
        publisher=entry.get("publisher"),
        kind=kind,
        language=entry.get("language", "en"),
        format=fmt,
        map=dict(mapping),
        demo=demo,
        fetch=_parse_fetch(entry.get("fetch"), where),
        description=entry.get("description"),
        location_raw=location,
        original_language=entry.get("original_language"),
    )


def _parse_fetch(value: Any, where: str) -> FetchSettings | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: `fetch` must be a table", 'Write fetch = { base_url = "..." }.'
        )
    unknown = sorted(set(value) - _FETCH_KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown fetch setting(s) {', '.join(unknown)}",
            f"Known fetch settings: {', '.join(sorted(_FETCH_KEYS))}.",
        )
    base_url = value.get("base_url")
    listing = value.get("listing")
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: fetch.base_url must be an http(s) URL", None)
    if not isinstance(listing, str) or "{page}" not in listing:
        raise ConfigError(
            f"{where}: fetch.listing must be a path with {{page}}",
            'Write e.g. listing = "/events/president/transcripts/page/{page}".',
        )
    try:
        return FetchSettings(
            base_url=base_url,
            listing=listing,
            min_interval=float(value.get("min_interval", 1.0)),
            max_retries=int(value.get("max_retries", 4)),
            timeout=float(value.get("timeout", 30.0)),
            max_pages=int(value.get("max_pages", 50)),
            user_agent=value.get("user_agent"),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: invalid fetch setting ({exc})", None) from None


def _children(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_dir())[:24]
    except OSError:
        return []
