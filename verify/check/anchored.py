"""A loose translation on the occasion reported: the claimed speaker's sentence of the
article's resolved event that shares several of the quote's content words.

An independent translation of a Russian sentence keeps some of its words ("documents",
"provocation", "transported") and renders the rest otherwise; its vector is then far from
the Kremlin's English (cosine 0.43-0.50), below what a paraphrase needs anywhere else, and
the event's closest passages by vector (:func:`verify.check.semantic.refine_event`) may not
include it. Inside the event, who and when are already known, so a sentence is the statement
when

- it shares at least :data:`MIN_SHARED` of the quote's content stems, and at least
  :data:`MIN_SHARE` of them: one word in common is a topic, three are a statement;
- its cosine to the quote (alone, or with the next sentence for a quote of several) is at
  least :data:`MIN_COSINE`: the same words in another statement point elsewhere.

Only sentences passing the first test are embedded. :func:`anchored` is the pure test;
:func:`anchored_sentence` finds the best sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verify.text.stems import content_stems

# Dev articles (make eval-articles, the claimed speaker's sentences of the event for the
# quotes over four words that were not found): the loose translations labelled paraphrase
# share 3-4 stems, 25-67 % of the quote's, at cosine 0.43-0.48; the quotes labelled
# not_found share 2-3 stems with 10-40 % of theirs, or their best such sentence is at
# cosine 0.28.
MIN_SHARED = 3
MIN_SHARE = 0.25
MIN_COSINE = 0.42
MAX_SENTENCES = 60  # sentences sharing enough stems embedded, at most (the most shared first)


def anchored(quote_stems: set[str], sentence_stems: set[str]) -> bool:
    """Does the sentence share enough of the quote's content stems?"""
    if not quote_stems:
        return False
    shared = len(quote_stems & sentence_stems)
    return shared >= MIN_SHARED and shared >= MIN_SHARE * len(quote_stems)


@dataclass(frozen=True)
class Anchored:
    """The claimed speaker's sentence (or two) of the event that says the quote."""

    passage_id: int
    doc_id: int
    start: int
    end: int
    cosine: float
    shared: tuple[str, ...]


def anchored_sentence(
    res: Any,
    plain: str,
    qvec: Any,
    rows: list[tuple[int, int]],
    passages: dict[int, Any],
    *,
    pairs: bool = False,
) -> Anchored | None:
    """The best sentence of these passages (``rows``: (passage_id, doc_id), the claimed
    speaker's in the resolved event) that shares enough of ``plain``'s content words and is
    close enough in meaning, or None. ``pairs``: also two adjacent sentences of a passage
    (a quote of several sentences)."""
    from verify.text.tokens import split_sentences

    qs = content_stems(plain)
    if len(qs) < MIN_SHARED or not rows:
        return None
    found: list[tuple[int, int, int, int, tuple[str, ...]]] = []
    for pid, doc_id in rows:
        p = passages.get(pid)
        if p is None or len(qs & content_stems(p.text)) < MIN_SHARED:
            continue
        text = res.document(doc_id).text
        sents = split_sentences(text, p.start, p.end)
        spans = list(sents)
        if pairs:
            spans += [(sents[i][0], sents[i + 1][1]) for i in range(len(sents) - 1)]
        for a, b in spans:
            ss = content_stems(text[a:b])
            if anchored(qs, ss):
                found.append((pid, doc_id, a, b, tuple(sorted(qs & ss))))
    if not found:
        return None
    found.sort(key=lambda f: -len(f[4]))
    found = found[:MAX_SENTENCES]
    vecs = res.embedder().encode([res.document(d).text[a:b] for _, d, a, b, _ in found])
    best: Anchored | None = None
    for (pid, doc_id, a, b, shared), v in zip(found, vecs, strict=True):
        cos = float(v @ qvec)
        if cos >= MIN_COSINE and (best is None or cos > best.cosine):
            best = Anchored(pid, doc_id, a, b, cos, shared)
    return best
