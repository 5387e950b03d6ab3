"""The outlets of ``verify/knowledge/outlets.toml``: spotting them in text, canonical names."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from verify.knowledge import DATA_DIR


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    kind: str


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    with open(DATA_DIR / "outlets.toml", "rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        Outlet(o["name"], tuple(o.get("aliases") or [o["name"]]), o.get("kind", "outlet"))
        for o in data.get("outlet", [])
    )


@lru_cache(maxsize=1)
def _outlet_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    alias_to_name: dict[str, str] = {}
    for o in outlets():
        for a in (o.name, *o.aliases):
            alias_to_name.setdefault(a, o.name)
    alts = sorted(alias_to_name, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w@#/.-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])"
    )
    return pattern, alias_to_name


def find_outlets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Outlet names in text[start:end]: (start, end, canonical name)."""
    pattern, names = _outlet_regex()
    end = len(text) if end is None else end
    return [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(text, start, end)]


def outlet_name(mention: str | None) -> str | None:
    """The canonical outlet named in a mention ("the Russian agency TASS" -> "TASS")."""
    if not mention:
        return None
    found = find_outlets(mention)
    return found[-1][2] if found else None


def canonical_outlet(name: str | None) -> str | None:
    """An outlet string (an Article.outlet such as "The Moscow Times (AFP)") to the
    gazetteer name of the outlet it names first, or None when none is known."""
    if not name:
        return None
    head = name.split(" (")[0]
    found = find_outlets(head)
    if found:
        return found[0][2]
    low = head.strip().lower()
    for o in outlets():
        if low == o.name.lower() or low in (a.lower() for a in o.aliases):
            return o.name
    return None
