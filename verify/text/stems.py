"""A light stemmer and content-word sets, for "do these two texts share their content words".

Used by the semantic stage (shared rare content words are evidence of the same statement).
"""

from __future__ import annotations

import re

from verify.check.retrieve import STOPWORDS, fts_terms
from verify.text.wording import spelling_key

_SUFFIX = re.compile(r"(ations?|ings?|ments?|ness|ly|ies|ied|es|ed|s)$")


def stem(word: str) -> str:
    """The spelling key of ``word`` less a common English suffix (words over five letters)."""
    w = spelling_key(word)
    if len(w) > 5:
        w = _SUFFIX.sub("", w)
    return w


def content_stems(text: str) -> set[str]:
    """Stems of the words of ``text`` that are not stopwords and longer than two letters."""
    return {stem(w) for w in fts_terms(text) if w not in STOPWORDS and len(w) > 2}


def weighted_overlap(q: set[str], window: set[str], idf: dict[str, float]) -> float:
    """The idf-weighted share of ``q``'s stems that ``window`` holds, in [0, 1]."""
    if not q:
        return 0.0
    total = sum(idf.get(t, 1.0) for t in q)
    hit = sum(idf.get(t, 1.0) for t in q if t in window)
    return hit / total if total else 0.0
