"""A rating as written by a fact-checker -> one normalised rating.

The words are data (``ratings.toml`` next to this file): exact phrases first, then the
ordered "contains" phrases. Numeric ``ratingValue`` on a ``bestRating``/``worstRating``
scale is used when the words say nothing. Anything unrecognised is ``other`` (the rating as
written is always kept beside it).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

NORMALISED = ("true", "mostly true", "mixed", "mostly false", "false", "other")
RATINGS_FILE = Path(__file__).with_name("ratings.toml")
_PUNCT = re.compile(r"[^\w\s!-]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    text = text.casefold().replace("\u2019", "'").replace("_", " ")
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip(" -")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], list[tuple[str, str]]]:
    data = tomllib.loads(RATINGS_FILE.read_text(encoding="utf-8"))
    exact = {_key(k): v for k, v in data.get("exact", {}).items()}
    contains = [(_key(p), v) for p, v in data.get("contains", {}).get("phrases", [])]
    for value in list(exact.values()) + [v for _, v in contains]:
        if value not in NORMALISED:  # pragma: no cover - a broken data file
            raise ValueError(f"{RATINGS_FILE}: {value!r} is not one of {NORMALISED}")
    return exact, contains


def normalise(
    rating: str | None,
    *,
    value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> str:
    """The normalised rating of ``rating`` (the words), else of ``value`` on [worst, best]."""
    if rating:
        exact, contains = _table()
        key = _key(rating)
        if key in exact:
            return exact[key]
        padded = f" {key} "
        for phrase, norm in contains:
            if phrase in padded:
                return norm
    if value is not None and best is not None and worst is not None and best != worst:
        frac = (value - worst) / (best - worst)
        if 0.0 <= frac <= 1.0:
            # five bands: 0 false .. 1 true
            return ("false", "mostly false", "mixed", "mostly true", "true")[min(4, int(frac * 5))]
    return "other"
