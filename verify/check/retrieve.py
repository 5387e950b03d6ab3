"""Candidate retrieval: exact wording (FTS5 phrase queries), rare words (BM25) and meaning
(faiss), fused by reciprocal rank into a list of candidate documents.

The lexical rankings need only SQLite; the semantic one loads the embedding model and the
vector index, so callers ask for it only when the wording search has not settled the case.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from verify.corpus import shingles
from verify.corpus.store import Store
from verify.text.tokens import fold_chars

_FTS_TERM = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just let me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves s t d ll m re ve us said says
    one two well very really think going get got know like want""".split()
)


def fts_terms(text: str) -> list[str]:
    """Words as the FTS5 unicode61 tokenizer sees them (lower case, split at apostrophes)."""
    return [w.lower() for w in _FTS_TERM.findall(fold_chars(text))]


def _phrase(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', "") for w in words) + '"'


def phrase_query(text: str, *, size: int = 5, max_chunks: int = 12) -> str | None:
    """OR of overlapping phrases of ``size`` words: finds passages sharing exact wording,
    even when the quote spans passages or is a fragment of a long sentence."""
    words = fts_terms(text)
    if not words:
        return None
    if len(words) <= size + 1:
        return _phrase(words)
    starts = list(range(0, len(words) - size + 1, max(1, size - 2)))
    if starts[-1] != len(words) - size:
        starts.append(len(words) - size)
    if len(starts) > max_chunks:
        step = len(starts) / max_chunks
        starts = [starts[int(i * step)] for i in range(max_chunks)]
    return " OR ".join(_phrase(words[s : s + size]) for s in starts)


COMMON_FRACTION = 0.01
# ...and at most this many passages, whatever the archive's size: at 10 million passages 1 %
# is 100,000 postings a word to score (at the shared corpora's 408,661, 1 % is 4,087)
COMMON_MAX = 5000
MIN_KEYWORDS = 3


def keyword_query(text: str, store: Store, *, max_terms: int = 12) -> str | None:
    """OR of the quote's rarest content words (by passage frequency in the store). Words in
    more than COMMON_FRACTION of the passages (or COMMON_MAX) are left out once MIN_KEYWORDS
    rarer ones are in: they barely move the BM25 ranking, and scoring their thousands of
    passages was most of the search's time."""
    words = [w for w in dict.fromkeys(fts_terms(text)) if w not in STOPWORDS and len(w) > 1]
    if not words:
        return None
    freq = store.term_frequencies(words)
    words = [w for w in words if freq.get(w, 0) > 0]
    if not words:
        return None
    words.sort(key=lambda w: freq.get(w, 0))
    common = min(COMMON_FRACTION * store.max_passage_id(), COMMON_MAX)
    words = [w for i, w in enumerate(words[:max_terms]) if i < MIN_KEYWORDS or freq[w] <= common]
    return " OR ".join(_phrase([w]) for w in words)


@dataclass
class Candidate:
    """A document that may hold the quote, with where retrieval pointed inside it."""

    doc_id: int
    score: float = 0.0  # fused reciprocal-rank score
    passages: list[int] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # passage start offsets, best first
    cosine: float | None = None  # best cosine of a passage of this document to the quote
    via: set[str] = field(default_factory=set)  # which rankings found it: phrase/keyword/vector


RRF_K = 60
COSINE_RANKINGS = ("vector", "speaker")  # rankings whose scores are cosines


def fuse(
    rankings: dict[str, list[tuple[int, int, float]]],
    store: Store,
    *,
    weights: dict[str, float] | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """Reciprocal-rank fusion of passage rankings {name: [(passage_id, doc_id, score)]}."""
    weights = weights or {}
    by_doc: dict[int, Candidate] = {}
    pscore: dict[int, float] = defaultdict(float)
    for name, ranking in rankings.items():
        w = weights.get(name, 1.0)
        for rank, (pid, doc_id, score) in enumerate(ranking):
            cand = by_doc.setdefault(doc_id, Candidate(doc_id))
            contrib = w / (RRF_K + rank + 1)
            cand.score += contrib
            pscore[pid] += contrib
            cand.via.add(name)
            if pid not in cand.passages:
                cand.passages.append(pid)
            if name == "vector":
                cand.cosine = max(cand.cosine or -1.0, score)
    cands = sorted(by_doc.values(), key=lambda c: -c.score)[:limit]
    pids = [p for c in cands for p in c.passages]
    starts = {p.id: p.start for p in store.passages(pids)}
    for c in cands:
        c.passages.sort(key=lambda p: -pscore[p])
        c.offsets = [starts[p] for p in c.passages if p in starts]
    return cands


def fuse_passages(
    rankings: dict[str, list[tuple[int, int, float]]],
    *,
    weights: dict[str, float] | None = None,
    limit: int = 10,
) -> list[tuple[int, int, float | None]]:
    """Reciprocal-rank fusion at passage level: [(passage_id, doc_id, cosine or None)]."""
    weights = weights or {}
    score: dict[int, float] = defaultdict(float)
    doc_of: dict[int, int] = {}
    cosine: dict[int, float] = {}
    for name, ranking in rankings.items():
        w = weights.get(name, 1.0)
        for rank, (pid, doc_id, s) in enumerate(ranking):
            score[pid] += w / (RRF_K + rank + 1)
            doc_of[pid] = doc_id
            if name in COSINE_RANKINGS:
                cosine[pid] = max(cosine.get(pid, -1.0), s)
    order = sorted(score, key=lambda p: -score[p])[:limit]
    return [(p, doc_of[p], cosine.get(p)) for p in order]


def phrase_ranking(
    text: str, store: Store, *, limit: int = 40, publisher: str | None = None
) -> list[tuple[int, int, float]] | None:
    """Passages sharing runs of five of the quote's words, best first (None: no words).

    A quote of ``shingles.GUARANTEED_WORDS`` words or more is looked up by its 5-gram
    fingerprints (:meth:`Store.shingle_hits`: B-tree seeks, whose cost does not grow with
    the archive) where the store has them; a shorter one, or a store without them, by the
    FTS5 phrase query (a quote of up to six words is one phrase: :meth:`Store.phrase_fts`,
    the same answer with its rare words narrowing the passages FTS5 reads)."""
    words = fts_terms(text)
    if store.shingles_complete() and len(words) >= shingles.GUARANTEED_WORDS:
        return store.shingle_hits(text, limit=limit, publisher=publisher)
    pq = phrase_query(text)
    if not pq:
        return None
    if pq == _phrase(words):  # one phrase: the whole quote
        return store.phrase_fts(words, limit=limit, publisher=publisher)
    return store.fts(pq, limit=limit, publisher=publisher)


def lexical_rankings(
    text: str, store: Store, *, limit: int = 40, publisher: str | None = None
) -> dict[str, list]:
    """Passage rankings from exact phrases and rare words (SQLite only)."""
    out: dict[str, list] = {}
    phrase = phrase_ranking(text, store, limit=limit, publisher=publisher)
    if phrase is not None:
        out["phrase"] = phrase
    kq = keyword_query(text, store)
    if kq:
        out["keyword"] = store.fts(kq, limit=limit, publisher=publisher)
    return out


def exact_phrase_hits(text: str, store: Store, *, limit: int = 200) -> list[tuple[int, int, float]]:
    """Passages containing all of ``text``'s words as one phrase."""
    words = fts_terms(text)
    if not words:
        return []
    return store.phrase_fts(words, limit=limit)
