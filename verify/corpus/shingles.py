"""Exact-wording fingerprints: winnowed hashes of word 5-grams ("shingles").

A quote's exact wording is looked up by the hashes of its runs of five words. Every
passage keeps a *winnowed* subset of its 5-gram hashes (Schleimer, Wilkerson and Aiken,
"Winnowing: local algorithms for document fingerprinting", 2003): in each window of
``WINDOW`` consecutive 5-grams the smallest hash is kept. So any run of
``K + WINDOW - 1`` words (7) that a quote shares with a passage shares at least one kept
hash, while the table holds about ``2 / (WINDOW + 1)`` of all 5-grams (half). Seven words is
also what the FTS5 phrase query of a quote guaranteed (5-word chunks, 3 words apart).

A lookup is one B-tree seek per 5-gram of the quote: unlike an FTS5 phrase query, whose
cost grows with the doclists of the common words in it ("that we", "of the"), its cost
does not grow with the archive, only with how often that exact 5-gram occurs.

Words are split and folded as the FTS5 index splits them (letters and digits, lower case,
apostrophes split words, diacritics removed), so the two searches agree on what a word is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from verify.text.tokens import fold_chars

K = 5  # words per shingle
WINDOW = 3  # winnowing window: a shared run of K + WINDOW - 1 words is always found
GUARANTEED_WORDS = K + WINDOW - 1
_MASK = (1 << 63) - 1
_MULT = 0x9E3779B97F4A7C15
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(word: str) -> str:
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of ``text`` as the full-text index sees them: lower case, no diacritics."""
    return [_fold(w) for w in _WORD.findall(fold_chars(text))]


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def _mix(h: int) -> int:
    """splitmix64's finaliser: every bit of the 5-gram moves the whole hash (so that the
    smallest hash of a window is an unbiased pick), kept to 63 bits (SQLite's INTEGER)."""
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return (h ^ (h >> 31)) & _MASK


def hashes(ws: list[str]) -> list[int]:
    """The hash of every run of K words, in order (none for fewer than K words)."""
    if len(ws) < K:
        return []
    wh = [_word_hash(w) for w in ws]
    out = []
    for i in range(len(wh) - K + 1):
        h = 0
        for x in wh[i : i + K]:
            h = ((h * _MULT) ^ x) & 0xFFFFFFFFFFFFFFFF
        out.append(_mix(h))
    return out


def winnow(hs: list[int], window: int = WINDOW) -> list[int]:
    """The kept hashes: the smallest of each window of ``window`` consecutive hashes (the
    rightmost on a tie), each position once. Fewer hashes than a window: their smallest."""
    return [hs[p] for p in winnow_positions(hs, window)]


def winnow_positions(hs: list[int], window: int = WINDOW) -> list[int]:
    """Positions of the kept hashes (see :func:`winnow`)."""
    if not hs:
        return []
    if len(hs) <= window:
        return [hs.index(min(hs))]
    kept: list[int] = []
    for i in range(len(hs) - window + 1):
        win = hs[i : i + window]
        pos = i + window - 1 - win[::-1].index(min(win))
        if not kept or pos != kept[-1]:
            kept.append(pos)
    return kept


def document_fingerprints(
    text: str, passages: list[tuple[int, int, int, int]]
) -> list[tuple[int, int]]:
    """(hash, passage_id) pairs a document keeps, from ``passages`` as (passage_id,
    turn_seq, start, end) spans of ``text``. The words are shingled across the passages of
    one turn (a quote that runs over two sentence-sized passages is one run of words), and
    each kept 5-gram belongs to the passage its first word is in."""
    by_turn: dict[int, list[tuple[int, int, int]]] = {}
    for pid, ts, s, e in passages:
        by_turn.setdefault(ts, []).append((s, e, pid))
    out: set[tuple[int, int]] = set()
    for spans in by_turn.values():
        spans.sort()
        owner: list[int] = []
        ws: list[str] = []
        for s, e, pid in spans:
            for m in _WORD.finditer(fold_chars(text[s:e])):
                ws.append(_fold(m.group()))
                owner.append(pid)
        hs = hashes(ws)
        for pos in winnow_positions(hs):
            out.add((hs[pos], owner[pos]))
    return sorted(out)
