"""Word-by-word comparison by contextual token vectors (verify.check.wordalign): pure
functions over arrays, tested with hand-made vectors and the FakeEmbedder (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from verify.check.wordalign import (
    BASELINE,
    WordVectors,
    content_words,
    greedy_scores,
    join,
    rescale,
    word_weights,
)
from verify.corpus.embed import FakeEmbedder, TokenVectors


def _unit(*rows: list[float]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_greedy_matching_recall_precision_and_f() -> None:
    q = _unit([1, 0, 0], [0, 1, 0])  # two quote words
    s = _unit([1, 0, 0], [0, 0.6, 0.8], [0, 0, 1])  # the first matched exactly, one loosely
    sc = greedy_scores(q, s)
    # recall: best cosine of each quote word (1.0 and 0.6); precision: of each sentence word
    assert sc.recall == pytest.approx(rescale((1.0 + 0.6) / 2))
    assert sc.precision == pytest.approx(rescale((1.0 + 0.6 + 0.0) / 3))
    assert sc.f == pytest.approx(2 * sc.recall * sc.precision / (sc.recall + sc.precision))
    # identical words: 1 everywhere; weights favour the word that matched
    assert greedy_scores(q, q).recall == pytest.approx(1.0)
    weighted = greedy_scores(q, s, q_weights=np.array([3.0, 1.0]))
    assert weighted.recall > sc.recall
    # the baseline reads as zero: unrelated words score about 0 (or below), never high
    assert rescale(BASELINE) == 0.0
    assert greedy_scores(q, _unit([0, 0, 1])).recall < 0
    assert greedy_scores(q[:0], s).recall == 0.0 and greedy_scores(q, s[:0]).f == 0.0


def test_content_words_average_pieces_and_drop_stopwords_and_punctuation() -> None:
    text = "They're the dignified, relationship"
    tv = TokenVectors(
        tokens=("they", "'", "re", "the", "dign", "##ified", ",", "relationship"),
        offsets=((0, 4), (4, 5), (5, 7), (8, 11), (12, 16), (16, 21), (21, 22), (23, 35)),
        word_ids=(0, 1, 2, 3, 4, 4, 5, 6),
        vectors=_unit(*np.eye(8).tolist()),
    )
    words = content_words(tv, text, offset=100)
    assert words.words == ("dignified", "relationship")
    assert words.spans == ((112, 121), (123, 135))  # the document's offsets
    # the two pieces of "dignified" averaged into one unit vector
    np.testing.assert_allclose(words.vectors[0], _unit([0, 0, 0, 0, 1, 1, 0, 0])[0], atol=1e-6)
    assert words.within(110, 122).words == ("dignified",)
    assert len(join(words, words)) == 4


def test_a_reworded_sentence_aligns_better_than_another_on_the_topic() -> None:
    emb = FakeEmbedder(dimension=256)
    quote = "export large quantities of fertilizer if sanctions are lifted"
    source = "Russia would export substantial amounts of fertilizer if the sanctions were lifted."
    other = "The sanctions have not hurt the Russian economy as much as expected."
    q, s, o = (
        content_words(tv, t)
        for tv, t in zip(
            emb.encode_tokens([quote, source, other]), [quote, source, other], strict=True
        )
    )
    assert "if" not in q.words and "fertilizer" in q.words
    right, wrong = greedy_scores(q.vectors, s.vectors), greedy_scores(q.vectors, o.vectors)
    assert right.recall > 0.5 > wrong.recall
    assert right.recall > wrong.recall + 0.3


def test_word_weights_from_an_idf_table() -> None:
    assert word_weights(("a", "b"), None) is None
    w = word_weights(("rare", "common", "unknown"), {"rare": 5.0, "common": 1.0})
    assert w.tolist() == [5.0, 1.0, 5.0]  # a word the table lacks counts as the rarest
    assert isinstance(WordVectors((), (), np.zeros((0, 3))).within(0, 9), WordVectors)
