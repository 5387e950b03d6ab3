"""Features of a (claim, archived fact check) pair for the re-ranker.

A candidate is described by how the two retrievers saw it (BM25 and cosine scores, their
ranks, the gap to the best candidate) and by what the texts share: content words, numbers,
names (capitalised words, the tweet author's name), headline against claim. ``FEATURES``
fixes the order of the columns the learned model reads; keep it in step with
``reranker.json`` (retrain with ``python -m verify.factcheck.train``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

FEATURES = (
    "cos",  # mean of the two below
    "cos_claim",  # cosine to the check's claim
    "cos_title",  # cosine to its headline (= cos_claim without one)
    "cos_claim_rank",
    "cos_title_rank",
    "cos_rank",
    "cos_gap",
    "cos_z",
    "bm25",
    "bm25_rank",
    "bm25_ratio",
    "rrf",
    "cand_covered",  # share of the candidate's content words found in the claim
    "query_covered",  # share of the claim's content words found in the candidate
    "claim_covered",  # the same as cand_covered, on the check's claim alone
    "title_covered",  # ... on the check's headline alone (0 without one)
    "bigrams_shared",
    "numbers_shared",
    "numbers_missing",  # numbers in the candidate not in the claim
    "names_covered",  # share of the candidate's names found in the claim
    "names_missing",
    "author_named",  # the tweet's author (tail) is named in the candidate
    "query_len",
    "cand_len",
    "date_gap",  # years between the claim's date and the check's date (0 when unknown)
    "fuzz_claim",  # rapidfuzz token-set ratio, claim against the check's claim
    "fuzz_title",  # ... against its headline
    "fuzz_partial",  # best partial match of the check's claim inside the claim
    "quotes_found",  # share of the claim's quoted phrases found in the check
)
N_FEATURES = len(FEATURES)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*%?")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,200})[\"“”]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z'’]+|\b[A-Z]{2,}\b")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves says said say did does photo video image shows show claim claims true false
    real really rt amp via""".split()
)


def stem(word: str) -> str:
    """A light suffix strip (plural, -ing, -ed) so that "vaccines" meets "vaccine"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """Content-word stems of ``text`` (for BM25 and the overlap features)."""
    out = []
    for w in _WORD.findall(text or ""):
        lw = w.lower()
        if lw in STOPWORDS or (len(lw) < 2 and not lw.isdigit()):
            continue
        out.append(stem(lw))
    return out


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text or "")}


def names(text: str) -> set[str]:
    return {
        n.lower().rstrip("'’s") for n in _NAME.findall(text or "") if n.lower() not in STOPWORDS
    }


@dataclass
class QueryInfo:
    """What the features need of the claim being matched, computed once per claim."""

    text: str
    toks: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]
    names: set[str]
    author_tokens: set[str]
    year: float | None
    lower: str = ""
    quotes: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str, *, author: str | None = None, date: str | None = None) -> QueryInfo:
        toks = tokens(text)
        author_tokens = {
            stem(t) for t in re.findall(r"[A-Za-z]{3,}", author or "") if t.lower() not in STOPWORDS
        }
        return cls(
            text=text,
            toks=set(toks),
            bigrams=set(zip(toks, toks[1:], strict=False)),
            numbers=numbers(text),
            names={n for n in names(text)}
            | {t.lower() for t in _WORD.findall(text) if t.isupper()},
            author_tokens=author_tokens,
            year=_year(date),
            lower=text.lower(),
            quotes=tuple(m.lower().strip() for m in _QUOTED.findall(text) if len(m.split()) >= 2),
        )


def _year(date: str | None) -> float | None:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    year = float(date[:4])
    if len(date) >= 7 and date[5:7].isdigit():
        year += (int(date[5:7]) - 1) / 12
    return year


def _share(part: set, whole: set) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def candidate_features(
    q: QueryInfo,
    claim: str,
    title: str | None,
    date: str | None,
    *,
    cos: float,
    cos_claim: float,
    cos_title: float,
    cos_claim_rank: int,
    cos_title_rank: int,
    cos_rank: int,
    cos_best: float,
    cos_mean: float,
    cos_std: float,
    bm25: float,
    bm25_rank: int,
    bm25_best: float,
) -> list[float]:
    if not title or not title.strip():
        # the model learned on checks that all have a headline restating the claim: without
        # one, the claim stands in for it (as its vector does for cos_title)
        title = claim
    claim_toks = tokens(claim)
    title_toks = tokens(title) if title else []
    cand = set(claim_toks) | set(title_toks)
    cand_bigrams = set(zip(claim_toks, claim_toks[1:], strict=False)) | set(
        zip(title_toks, title_toks[1:], strict=False)
    )
    text = claim + (" " + title if title else "")
    cand_numbers = numbers(text)
    cand_names = names(claim) | (names(title) if title else set())
    qlower = q.text.lower()
    names_found = {n for n in cand_names if n in qlower}
    year = _year(date)
    gap = (year - q.year) if (year is not None and q.year is not None) else 0.0
    return [
        cos,
        cos_claim,
        cos_title,
        float(min(cos_claim_rank, 100)),
        float(min(cos_title_rank, 100)),
        float(min(cos_rank, 100)),
        cos_best - cos,
        (cos - cos_mean) / cos_std if cos_std > 1e-6 else 0.0,
        bm25,
        float(min(bm25_rank, 100)),
        bm25 / bm25_best if bm25_best > 0 else 0.0,
        1.0 / (60 + cos_rank) + 1.0 / (60 + bm25_rank),
        _share(q.toks, cand),
        _share(cand, q.toks),
        _share(q.toks, set(claim_toks)),
        _share(q.toks, set(title_toks)),
        float(len(q.bigrams & cand_bigrams)),
        float(len(q.numbers & cand_numbers)),
        float(len(cand_numbers - q.numbers)),
        len(names_found) / len(cand_names) if cand_names else 0.0,
        float(len(cand_names - names_found)),
        1.0 if q.author_tokens and q.author_tokens & cand else 0.0,
        math.log1p(len(q.toks)),
        math.log1p(len(cand)),
        gap,
        fuzz.token_set_ratio(q.lower, claim.lower()) / 100.0,
        fuzz.token_set_ratio(q.lower, title.lower()) / 100.0 if title else 0.0,
        fuzz.partial_ratio(claim.lower(), q.lower) / 100.0,
        (sum(1 for x in q.quotes if x in text.lower()) / len(q.quotes)) if q.quotes else 0.0,
    ]


def as_matrix(rows: list[list[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32).reshape(-1, N_FEATURES)
