"""A loose translation on the occasion (verify.check.anchored): the pure test of shared
content words, and the search over the event's sentences with the FakeEmbedder."""

from __future__ import annotations

from types import SimpleNamespace

from verify.check.anchored import MIN_COSINE, anchored, anchored_sentence
from verify.text.stems import content_stems


def test_three_shared_content_words_and_a_quarter_of_the_quotes_anchor_a_sentence():
    q = content_stems("These documents were handed over to the FSB, transported as a provocation")
    s = content_stems("He gave me documents on how the provocation was prepared and transported.")
    assert anchored(q, s)
    # one or two words in common are a topic, not a statement
    assert not anchored(q, content_stems("The documents are with the FSB."))
    # three words of a long quote's twenty are not a quarter of it
    long_q = q | {f"word{i}" for i in range(20)}
    assert not anchored(long_q, s)
    assert not anchored(set(), s)


def _passages(text: str, *cuts: int) -> dict:
    bounds = [0, *cuts, len(text)]
    return {
        k + 1: SimpleNamespace(start=a, end=b, text=text[a:b])
        for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))
    }


def test_the_sentence_sharing_the_words_and_close_in_meaning_is_found(one_document):
    text = (
        "We discussed trade. Our oil companies prepared good news about oil supplies to "
        "Europe this winter. The documents about the oil supplies are ready. Thank you."
    )
    quote = "our oil companies have good news about supplies of oil"
    res = one_document(text)
    passages = _passages(text, text.index("The documents"))
    qvec = res.embedder().encode([quote])[0]
    found = anchored_sentence(res, quote, qvec, [(1, 9), (2, 9)], passages)
    assert found is not None and found.cosine >= MIN_COSINE
    assert text[found.start : found.end].startswith("Our oil companies prepared")
    assert found.shared == ("compan", "good", "news", "oil", "suppl")
    # the next sentence shares two ("oil", "supplies"): not anchored
    # a quote sharing only two words with any sentence: nothing (and nothing embedded)
    other = "oil prices will fall next spring, analysts at the bank expect"
    assert anchored_sentence(res, other, qvec, [(1, 9), (2, 9)], passages) is None
