"""A fragment in other words (verify.check.fragments): the pure rule with hand-made word
vectors, the search with the FakeEmbedder, and one real case with the real model."""

from __future__ import annotations

import numpy as np
import pytest

from verify.check.fragments import (
    WORD_MIN,
    Counterpart,
    Rewording,
    counterparts,
    fragment_words,
    negated_before,
    reworded_fragment,
    shares_stem,
)
from verify.check.wordalign import WordVectors


def _words(text: str, vectors: dict[str, list[float]]) -> WordVectors:
    """The words of ``text`` that ``vectors`` names, with their spans and unit vectors."""
    import re

    words, spans, rows = [], [], []
    for m in re.finditer(r"[^\W_]+(?:'[^\W_]+)?", text):
        w = m.group().lower()
        if w in vectors:
            v = np.asarray(vectors[w], dtype=np.float32)
            words.append(w)
            spans.append((m.start(), m.end()))
            rows.append(v / np.linalg.norm(v))
    return WordVectors(tuple(words), tuple(spans), np.asarray(rows, dtype=np.float32))


def _close(cos: float) -> list[float]:
    """A vector at cosine ``cos`` to [1, 0, 0]."""
    return [cos, float(np.sqrt(1 - cos * cos)), 0.0]


A = [1.0, 0.0, 0.0]  # a word's vector
B = [0.0, 0.0, 1.0]  # an unrelated word's


def test_forms_of_one_word_share_a_stem_and_look_alikes_do_not():
    assert shares_stem("regrets", "regret")
    assert shares_stem("demilitarisation", "demilitarise")
    assert shares_stem("alleged", "allegedly")
    assert shares_stem("self", "self")
    assert not shares_stem("deceived", "decent")  # four letters in common is not a stem
    assert not shares_stem("fight", "five")
    # the Kremlin's British spelling, a reporter's American one
    assert shares_stem("destabilizing", "destabilising")
    assert shares_stem("defense", "defence")
    assert shares_stem("labeled", "labelled")
    assert fragment_words("serious breakthrough") == ["serious", "breakthrough"]
    assert fragment_words("no regrets") == ["regrets"]  # a negation is not a content word


def test_each_word_needs_its_counterpart_and_one_the_same_word():
    frag = "serious breakthrough"
    q = _words(frag, {"serious": A, "breakthrough": B})
    sentence = "We managed to make an impressive breakthrough."
    s = _words(
        sentence,
        {"impressive": _close(WORD_MIN + 0.02), "breakthrough": B, "make": [0.0, 1.0, 0.0]},
    )
    pairs = counterparts(frag, q, sentence, s)
    assert pairs is not None
    assert [(p.word, p.anchor) for p in pairs] == [("serious", False), ("breakthrough", True)]
    # no word of the fragment in any form: not its source, however close the vectors
    s2 = _words("We made a big leap.", {"big": A, "leap": B})
    assert counterparts(frag, q, "We made a big leap.", s2) is None
    # a word with no close counterpart: not its source
    far = "We managed to make a breakthrough."
    s3 = _words(far, {"managed": _close(WORD_MIN - 0.1), "breakthrough": B})
    assert counterparts(frag, q, far, s3) is None


def test_two_words_there_in_some_form_leave_room_for_one_the_translator_changed():
    # "frank exchange of views" for "a sincere exchange of views": frank/sincere far apart
    C = [0.0, 1.0, 0.0]
    frag = "frank exchange of views"
    q = _words(frag, {"frank": A, "exchange": B, "views": C})
    sentence = "The presidents had a sincere exchange of views."
    s = _words(sentence, {"sincere": _close(0.1), "exchange": B, "views": C})
    pairs = counterparts(frag, q, sentence, s)
    assert pairs is not None
    assert [(p.word, p.source) for p in pairs] == [
        ("frank", ""),
        ("exchange", "exchange"),
        ("views", "views"),
    ]
    # one word there is not enough for a word left without counterpart
    two = "frank exchange"
    q2 = _words(two, {"frank": A, "exchange": B})
    assert counterparts(two, q2, sentence, s) is None
    # nor are two words left without one
    q3 = _words("frank open exchange of views", {"frank": A, "open": A, "exchange": B, "views": C})
    assert counterparts("frank open exchange of views", q3, sentence, s) is None


def test_an_opposite_is_no_counterpart():
    frag = "largely positive"
    q = _words(frag, {"largely": A, "positive": B})
    sentence = "The largely negative response."
    s = _words(sentence, {"largely": A, "negative": B})  # contextual vectors of opposites are close
    assert counterparts(frag, q, sentence, s) is None


def test_a_negation_must_be_on_both_sides():
    q = _words("no regrets", {"regrets": A})
    said = "So, no, we don't have regrets about it."
    assert counterparts("no regrets", q, said, _words(said, {"regrets": A})) is not None
    plain = "We have regrets about it."
    assert counterparts("no regrets", q, plain, _words(plain, {"regrets": A})) is None
    q2 = _words("not fight", {"fight": A})
    other = "And the fighting has been real."
    assert counterparts("not fight", q2, other, _words(other, {"fighting": A})) is None
    # a negation the sentence puts before the word, and the fragment leaves out
    q3 = _words("fight", {"fight": A})
    neg = "They will not fight for it."
    assert counterparts("fight", q3, neg, _words(neg, {"fight": A})) is None
    assert negated_before("we don't have regrets", len("we don't have "))
    assert not negated_before("no doubt we have many regrets", len("no doubt we have many "))
    # a negation of another clause does not count
    text = "it concerns security, not history, but security guarantees"
    assert not negated_before(text, text.index("guarantees"))


def test_the_search_compares_only_sentences_with_the_word_and_finds_the_one(one_document):
    from types import SimpleNamespace

    text = (
        "We talked about the economy. So, no, we don't have regrets about communicating it. "
        "Thank you. Regrets are for others, said someone."
    )
    split = text.index("Thank you")
    passages = {
        1: SimpleNamespace(start=0, end=split - 1, text=text[: split - 1]),
        2: SimpleNamespace(start=split, end=len(text), text=text[split:]),
    }
    res = one_document(text)
    found = reworded_fragment(res, "no regrets", [(1, 9), (2, 9)], passages)
    assert found is not None and found.passage_id == 1
    assert text[found.start : found.end].startswith("So, no, we don't have regrets")
    assert [p.word for p in found.pairs] == ["regrets"]
    # no sentence holds any form of the word: nothing, and nothing embedded
    assert reworded_fragment(res, "no excuses", [(1, 9), (2, 9)], passages) is None


@pytest.fixture(scope="module")
def checker(small_home):
    import os

    from verify.check.pipeline import Checker
    from verify.corpus.store import Store

    old = os.environ.get("VERIFY_HOME")
    os.environ["VERIFY_HOME"] = str(small_home)
    store = Store(small_home / "store.sqlite", create=False)
    yield Checker(store)
    store.close()
    if old is None:
        os.environ.pop("VERIFY_HOME", None)
    else:
        os.environ["VERIFY_HOME"] = old


def _check_on_occasion(checker, fragment: str, url: str, date: str):
    from verify.check.pipeline import check
    from verify.check.request import make_request

    (doc_id,) = checker.store.documents_matching("\x00", url)
    req = make_request(
        fragment, "Vladimir Putin", date, canonical=checker.resources.canonical, event={doc_id}
    )
    return check(checker.resources, req)


NEWS_CONF = "http://en.kremlin.ru/events/president/news/67438"  # 2021-12-23


def test_a_fragment_said_otherwise_on_the_occasion_is_a_paraphrase_with_its_sentence(checker):
    # "You cheated us shamelessly: there have been five waves of NATO expansion"
    r = _check_on_occasion(checker, "shameless cheating", NEWS_CONF, "2021-12-23")
    assert r.verdict == "paraphrase"
    assert r.source is not None and r.source.text.startswith("You cheated us shamelessly")
    pairs = {(p["word"], p["source"]) for p in r.evidence["counterparts"]}
    assert pairs == {("shameless", "shamelessly"), ("cheating", "cheated")}
    assert "'cheating' for 'cheated'" in r.explanation


def test_a_negation_of_another_clause_is_not_the_fragments(checker):
    # the news conference has "not history, but security guarantees" and no "no guarantees"
    r = _check_on_occasion(checker, "no guarantees", NEWS_CONF, "2021-12-23")
    assert r.verdict == "not_found"


def test_a_rewording_of_the_same_words_in_other_forms_is_known_as_such():
    same = Rewording(1, 1, 0, 10, (Counterpart("concerning", "concerned", 0.8, True),))
    other = Rewording(
        1,
        1,
        0,
        10,
        (Counterpart("deeply", "deeply", 0.9, True), Counterpart("serious", "grave", 0.5, False)),
    )
    both = Rewording(
        1,
        1,
        0,
        10,
        (
            Counterpart("deeply", "deeply", 0.9, True),
            Counterpart("concerning", "concerned", 0.8, True),
        ),
    )
    assert both.same_words and not other.same_words
    # one word in another form is no wording of the fragment
    assert not same.same_words


def test_a_short_quote_is_looked_for_in_the_speakers_own_words_of_the_day(checker):
    # "there's more that can be done" is in hundreds of passages: the claimed speaker's own
    # passages of the claimed days are searched for it by who and when, not by rank
    from verify.check.lexical import own_short_places
    from verify.check.request import make_request

    (doc_id,) = checker.store.documents_matching("\x00", NEWS_CONF)
    canonical = checker.resources.canonical
    short = "there have been five waves of NATO expansion"  # eight words
    req = make_request(short, "Vladimir Putin", "2021-12-23", canonical=canonical)
    assert doc_id in own_short_places(checker.resources, req)
    # someone else's words of the day are not looked for there
    other = make_request(short, "Dmitry Peskov", "2021-12-23", canonical=canonical)
    assert doc_id not in own_short_places(checker.resources, other)
    # a longer quote is found by its phrases like any other
    longer = make_request(
        short + " to the east", "Vladimir Putin", "2021-12-23", canonical=canonical
    )
    assert own_short_places(checker.resources, longer) == {}
