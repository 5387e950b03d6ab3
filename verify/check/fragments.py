"""A fragment in other words: a report puts one to four words in quotation marks ("serious
breakthrough", "self-purification", "no regrets") where the speaker, on the occasion
reported, said them otherwise ("an impressive breakthrough", "self-detoxification", "we
don't have regrets"): another translation of the same Russian word, or the reporter's
condensing of a sentence.

So few words are evidence only where the report says they were said (see
:mod:`verify.check.decide`), so the search is narrow: the claimed speaker's sentences in
the article's resolved event. A sentence is the fragment's source when

- one of the fragment's content words is there in some form (the *anchor*: the same stem,
  "regrets"/"regret", "breakthrough", or the very word however short, "old", in a context
  not unrelated, :data:`ANCHOR_MIN`);
- every other content word has a counterpart there whose contextual vector is close
  (:data:`WORD_MIN`: "serious"/"impressive", "purification"/"detoxification"), and none is
  an opposite of it; of three content words or more, two of them there in some form, one
  may have no close counterpart (:data:`UNMATCHED_MIN_ANCHORS`: "frank exchange of views"
  for "a sincere exchange of views"), unless it is a negation or a number;
- a negation in the fragment ("no regrets") is in the sentence before the anchor, in its
  clause ("we don't have regrets"), and one that the sentence puts there is in the fragment
  ("not fight" is not "the fighting is real", "no guarantees" not "not history, but
  security guarantees").

Only sentences holding an anchor are compared word by word, so the cost does not grow with
the length of the event's transcript. :func:`counterparts` is the pure rule;
:func:`reworded_fragment` finds the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from verify.check.differences import NEGATIONS, opposite
from verify.check.wordalign import WordVectors, content_words, is_content
from verify.text.wording import WORD_VARIANTS, spelling_key

# each content word's best contextual cosine in the sentence: unrelated words of one
# language score 0.2-0.35 (wordalign.BASELINE is 0.30). On the dev articles the fragments'
# counterparts score 0.42-0.88 ("serious"/"impressive" 0.42, "purification"/
# "detoxification" 0.45); the sentences of the event without the fragment's statement
# 0.19-0.36 for the non-anchor word.
WORD_MIN = 0.40
# a word in another form is that word unless its context makes it another one: its cosine
# at least that of unrelated words (wordalign.BASELINE; "liberation"/"liberate" 0.37)
ANCHOR_MIN = 0.30
# a stem shared by two words: a common start of at least STEM_MIN letters, of all but
# STEM_SLACK letters of the shorter word and of STEM_SHARE of the longer ("regret"/
# "regrets", "demilitarise"/"demilitarisation", "alleged"/"allegedly"; not "deceived"/
# "decent")
STEM_MIN = 4
STEM_SLACK = 3
STEM_SHARE = 0.6
# a fragment of three content words or more, two of them in the sentence in some form, may
# have one word the translator rendered by nothing close ("frank exchange of views" for "a
# sincere exchange of views": frank/sincere 0.09 as contextual vectors)
UNMATCHED_MIN_ANCHORS = 2
NEGATION_WINDOW = 4  # words before the anchor that a negation may stand at
MAX_SENTENCES = 200  # sentences with an anchor compared word by word, at most

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _negation(word: str) -> bool:
    w = word.lower().replace("\u2019", "'")
    return w in NEGATIONS or w.endswith("n't")


def shares_stem(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` forms of one word (a common start long enough, once British and
    American spellings are one: "destabilising"/"destabilizing")?"""
    a, b = a.lower(), b.lower()
    if a[:1] != b[:1]:
        # no common start; only a listed variant changes a first letter ("enquiry")
        return (a in WORD_VARIANTS or b in WORD_VARIANTS) and spelling_key(a) == spelling_key(b)
    a, b = spelling_key(a), spelling_key(b)
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    short, long = sorted((len(a), len(b)))
    return n >= STEM_MIN and n >= short - STEM_SLACK and n >= STEM_SHARE * long


def fragment_words(text: str) -> list[str]:
    """The fragment's content words, lower case (the words the search needs an anchor or a
    counterpart for)."""
    return [w.lower() for w in _WORD.findall(text) if is_content(w.lower())]


_CLAUSE_BREAK = re.compile(r"[,;:.!?()\u2013\u2014]|\s-\s")


def negated_before(text: str, end: int) -> bool:
    """Is one of the NEGATION_WINDOW words before offset ``end`` of ``text``, in the same
    clause, a negation? ("we don't have regrets"; not "not history, but security
    guarantees")."""
    before = text[max(0, end - 80) : end]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = _WORD.findall(before)
    return any(_negation(w) for w in words[-NEGATION_WINDOW:])


@dataclass(frozen=True)
class Counterpart:
    """A fragment word and the sentence word that says it (``source`` empty: none does, the
    one word a translation may leave without a counterpart)."""

    word: str
    source: str
    cosine: float
    anchor: bool  # the same word in another form


def counterparts(
    fragment: str, q: WordVectors, sentence: str, s: WordVectors
) -> list[Counterpart] | None:
    """The rule: each of the fragment's content words (``q``, from ``fragment``) with its
    counterpart among the sentence's (``s``, spans are offsets in ``sentence``), or None when the
    sentence is not the fragment's source (no anchor, a word without a close counterpart or
    with an opposite one, a negation on one side only)."""
    if not len(q) or not len(s):
        return None
    sim = q.vectors @ s.vectors.T
    out: list[Counterpart] = []
    anchor_at: int | None = None
    for i, word in enumerate(q.words):
        stems = [
            k
            for k, w in enumerate(s.words)
            if (shares_stem(word, w) or (len(word) >= 3 and word == w)) and sim[i, k] >= ANCHOR_MIN
        ]
        if stems:
            k = max(stems, key=lambda k: sim[i, k])
            out.append(Counterpart(word, s.words[k], float(sim[i, k]), True))
            if anchor_at is None:
                anchor_at = s.spans[k][0]
            continue
        k = int(sim[i].argmax())
        if opposite(word, s.words[k]):
            return None
        close = sim[i, k] >= WORD_MIN  # else no counterpart in the sentence: source ""
        out.append(Counterpart(word, s.words[k] if close else "", float(sim[i, k]), False))
    if anchor_at is None:
        return None
    anchors = sum(1 for c in out if c.anchor)
    unmatched = [c.word for c in out if not c.source]
    if unmatched and (
        len(unmatched) > 1
        or anchors < UNMATCHED_MIN_ANCHORS
        or any(_negation(w) or w.isdigit() for w in unmatched)
    ):
        return None
    negated = any(_negation(w) for w in _WORD.findall(fragment))
    if negated != negated_before(sentence, anchor_at):
        return None
    return out


@dataclass(frozen=True)
class Rewording:
    """The sentence of the event that says the fragment in other words."""

    passage_id: int
    doc_id: int
    start: int
    end: int
    pairs: tuple[Counterpart, ...]

    @property
    def same_words(self) -> bool:
        """Is each content word of the fragment there in some form (no other words), one at
        least as it is? (A single word in another form, "walking" for "walk", is a word of
        the sentence, not the fragment's wording.)"""
        return (
            len(self.pairs) > 1
            and all(p.anchor for p in self.pairs)
            and any(p.word == p.source.lower() for p in self.pairs)
        )

    @property
    def similarity(self) -> float:
        return sum(p.cosine for p in self.pairs) / len(self.pairs)


def reworded_fragment(
    res: Any, fragment: str, rows: list[tuple[int, int]], passages: dict[int, Any]
) -> Rewording | None:
    """The best sentence of these passages (``rows``: (passage_id, doc_id), the claimed
    speaker's in the resolved event) that says ``fragment`` in other words, or None."""
    from verify.text.tokens import split_sentences

    words = fragment_words(fragment)
    if not words or not rows:
        return None
    # sentences with an anchor: a word sharing a stem with one of the fragment's
    cands: list[tuple[int, int, int, int]] = []  # passage_id, doc_id, start, end
    for pid, doc_id in rows:
        p = passages.get(pid)
        if p is None:
            continue
        text = p.text
        if not any(shares_stem(w, t) for t in _WORD.findall(text) for w in words):
            continue
        doc = res.document(doc_id)
        for a, b in split_sentences(doc.text, p.start, p.end):
            if any(shares_stem(w, t) for t in _WORD.findall(doc.text[a:b]) for w in words):
                cands.append((pid, doc_id, a, b))
    cands = cands[:MAX_SENTENCES]
    if not cands:
        return None
    emb = res.embedder()
    if not hasattr(emb, "encode_tokens"):
        return None
    texts = [res.document(d).text[a:b] for _, d, a, b in cands]
    q = content_words(emb.encode_tokens([fragment])[0], fragment)
    best: Rewording | None = None
    for (pid, doc_id, a, b), text, tv in zip(cands, texts, emb.encode_tokens(texts), strict=True):
        s = content_words(tv, text)
        pairs = counterparts(fragment, q, text, s)
        if pairs is None:
            continue
        found = Rewording(pid, doc_id, a, b, tuple(pairs))
        if best is None or found.similarity > best.similarity:
            best = found
    return best
