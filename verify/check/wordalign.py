"""Word-by-word comparison of a quote with a sentence by contextual token vectors
(BERTScore-style): each content word of the quote is matched to the sentence word whose
contextual vector is closest (greedy max cosine), and the matches are averaged, weighted by
each word's rarity.

A loose translation renders each part of a statement with other words ("dignified" for
"worthy", "fertilizers" for "fertiliser", "large quantities" for "substantial amounts"): the
sentence vectors of the two renderings can be far apart (cosine 0.4-0.6) while word by word
nearly every part of the quote has its counterpart in the source sentence.

Pure functions over arrays: :func:`content_words` turns an embedder's
:class:`~verify.corpus.embed.TokenVectors` into word vectors (word pieces averaged, special
tokens, punctuation and stopwords left out); :func:`greedy_scores` gives recall (how much of
the quote the sentence accounts for), precision and F.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from verify.check.retrieve import STOPWORDS

# Contextual vectors of unrelated words are not orthogonal: the max cosine of a quote word
# against any sentence of the same language is rarely below this. Scores are rescaled so
# that it reads as 0 (BERTScore's baseline rescaling).
BASELINE = 0.30
# a quote of fewer content words than this is not compared word by word (one word finds a
# close neighbour in any sentence)
ALIGN_MIN_WORDS = 2


@dataclass(frozen=True)
class WordVectors:
    """A text's content words: their surface (lower-cased), character spans and unit
    vectors (float32, one row a word)."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    vectors: np.ndarray

    def __len__(self) -> int:
        return len(self.words)

    def within(self, start: int, end: int) -> WordVectors:
        """The words inside text[start:end] (offsets of the same text)."""
        keep = [k for k, (a, b) in enumerate(self.spans) if a >= start and b <= end]
        return WordVectors(
            tuple(self.words[k] for k in keep),
            tuple(self.spans[k] for k in keep),
            self.vectors[keep] if keep else self.vectors[:0],
        )


def join(a: WordVectors, b: WordVectors) -> WordVectors:
    """The words of two texts (two adjacent sentences) as one."""
    return WordVectors(a.words + b.words, a.spans + b.spans, np.concatenate([a.vectors, b.vectors]))


def is_content(word: str) -> bool:
    """A word that carries content: letters (or digits), not a stopword, over one letter."""
    return len(word) > 1 and word.isalnum() and word not in STOPWORDS


def content_words(tv: Any, text: str, offset: int = 0) -> WordVectors:
    """The content words of ``text`` from its token vectors (``TokenVectors``): the pieces
    of a word averaged into one vector. ``offset`` is added to the spans (a sentence cut
    out of a document keeps the document's offsets)."""
    groups: dict[int, list[int]] = {}
    for k, w in enumerate(tv.word_ids):
        if w >= 0:
            groups.setdefault(w, []).append(k)
    words, spans, rows = [], [], []
    for _, ks in sorted(groups.items()):
        a, b = tv.offsets[ks[0]][0], tv.offsets[ks[-1]][1]
        word = text[a:b].lower().replace("\u2019", "'")
        if not is_content(word):
            continue
        v = tv.vectors[ks].mean(axis=0)
        words.append(word)
        spans.append((a + offset, b + offset))
        rows.append(v / max(float(np.linalg.norm(v)), 1e-12))
    dim = tv.vectors.shape[1] if tv.vectors.ndim == 2 else 0
    vectors = np.asarray(rows, dtype=np.float32).reshape(len(rows), dim)
    return WordVectors(tuple(words), tuple(spans), vectors)


@dataclass(frozen=True)
class WordScores:
    """How well two texts' words correspond: ``recall`` (the quote's words found in the
    sentence, rarity-weighted), ``precision`` (the sentence's words found in the quote),
    ``f`` (their harmonic mean); each rescaled so that unrelated words score about 0."""

    recall: float
    precision: float
    f: float


NO_SCORES = WordScores(0.0, 0.0, 0.0)


def rescale(x: float, baseline: float = BASELINE) -> float:
    return (x - baseline) / (1.0 - baseline)


def greedy_scores(
    q: np.ndarray,
    s: np.ndarray,
    q_weights: np.ndarray | None = None,
    s_weights: np.ndarray | None = None,
    *,
    baseline: float = BASELINE,
) -> WordScores:
    """Greedy max-cosine matching of unit rows ``q`` (the quote's words) to unit rows ``s``
    (the sentence's): recall averages each quote word's best cosine, precision each
    sentence word's, weighted by ``q_weights`` / ``s_weights`` (uniform if None)."""
    if len(q) == 0 or len(s) == 0:
        return NO_SCORES
    sim = q @ s.T
    qw = np.ones(len(q)) if q_weights is None else np.asarray(q_weights, dtype=np.float64)
    sw = np.ones(len(s)) if s_weights is None else np.asarray(s_weights, dtype=np.float64)
    recall = rescale(float(sim.max(axis=1) @ qw / max(qw.sum(), 1e-12)), baseline)
    precision = rescale(float(sim.max(axis=0) @ sw / max(sw.sum(), 1e-12)), baseline)
    f = 2 * recall * precision / (recall + precision) if recall > 0 and precision > 0 else 0.0
    return WordScores(recall, precision, f)


def word_weights(words: tuple[str, ...], idf: dict[str, float] | None) -> np.ndarray | None:
    """Each word's idf (words the table lacks get its highest value); None without a table."""
    if not idf:
        return None
    top = max(idf.values(), default=1.0)
    return np.asarray([idf.get(w, top) for w in words], dtype=np.float64)
