"""The official publishers of ``publishers.toml``: turn style, original language and the names
an article uses for the institution speaking as one. Read once; ``VERIFY_PUBLISHERS`` (or the
``path`` argument) points at another file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from verify.errors import ConfigError
from verify.knowledge import DATA_DIR

DEFAULT_FILE = DATA_DIR / "publishers.toml"
TURN_STYLES = ("upper", "title")


@dataclass(frozen=True)
class Publisher:
    name: str
    turn_style: str | None = None
    original_language: str | None = None
    institution_names: tuple[str, ...] = ()
    match: tuple[str, ...] = ()
    authored_kinds: tuple[str, ...] = ()
    advance_marks: tuple[str, ...] = ()

    def matches(self, publisher: str) -> bool:
        """Does a source's publisher name (any case) mean this publisher?"""
        p = publisher.casefold()
        return p == self.name.casefold() or any(m in p for m in self.match)


def _file() -> Path:
    from verify import config

    return Path(config.settings().publishers or DEFAULT_FILE)


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[Publisher, ...]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(
            f"Cannot read the publishers file {path}: {exc.strerror or exc}.",
            "Set VERIFY_PUBLISHERS to a readable file, or unset it to use the one shipped.",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The publishers file {path} is not valid TOML: {exc}.",
            "Fix the file (see verify/knowledge/publishers.toml for the format).",
        ) from None
    out = []
    for i, entry in enumerate(data.get("publisher", []), 1):
        name = entry.get("name")
        style = entry.get("turn_style")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(
                f"Publisher entry {i} in {path} has no name.", 'Give it name = "...".'
            )
        if style is not None and style not in TURN_STYLES:
            raise ConfigError(
                f"Publisher {name!r} in {path}: turn_style {style!r} is not one of "
                f"{', '.join(TURN_STYLES)}.",
                "Use upper (labels in capitals) or title (inline Name: labels).",
            )
        out.append(
            Publisher(
                name=name.strip(),
                turn_style=style,
                original_language=entry.get("original_language"),
                institution_names=tuple(
                    n.strip().lower() for n in entry.get("institution_names", [])
                ),
                match=tuple(m.strip().casefold() for m in entry.get("match", [])),
                authored_kinds=tuple(
                    k.strip() for k in entry.get("authored_kinds", []) if k.strip()
                ),
                advance_marks=tuple(
                    m.strip().lower() for m in entry.get("advance_marks", []) if m.strip()
                ),
            )
        )
    return tuple(out)


def publishers(path: str | Path | None = None) -> tuple[Publisher, ...]:
    """Every known publisher."""
    return _load(str(path or _file()))


def find(publisher: str | None, path: str | Path | None = None) -> Publisher | None:
    """The known publisher a source's publisher name means, or None."""
    if not publisher:
        return None
    return next((p for p in publishers(path) if p.matches(publisher)), None)


def institution(name: str | None, path: str | Path | None = None) -> str | None:
    """The publisher an institutional speaker stands for ("the White House" -> White House)."""
    if not name:
        return None
    low = name.strip().lower()
    return next((p.name for p in publishers(path) if low in p.institution_names), None)


def turn_style(publisher: str | None, path: str | Path | None = None) -> str | None:
    """The turn style of a publisher's transcripts, None when unknown (then it is detected)."""
    p = find(publisher, path)
    return p.turn_style if p else None


def authored_kinds(publisher: str | None, path: str | Path | None = None) -> tuple[str, ...]:
    """The kinds of document whose title names its author ("Statement", "Remarks as Prepared
    for Delivery"), for this publisher; empty when unknown."""
    p = find(publisher, path)
    return p.authored_kinds if p else ()


def advance_text(publisher: str | None, title: str | None, path: str | Path | None = None) -> bool:
    """Is the document, by its title, the text its publisher released before the occasion
    ("... as Prepared for Delivery"), not the transcript of it?"""
    p = find(publisher, path)
    low = (title or "").lower()
    return p is not None and any(m in low for m in p.advance_marks)
