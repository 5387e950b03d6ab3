"""`verify quote` end to end on real transcripts with the real model (small corpus)."""

from __future__ import annotations

import pytest

from verify.check.pipeline import Checker
from verify.corpus.store import Store
from verify.errors import IndexMismatchError, IndexMissingError, InputError

pytestmark = pytest.mark.slow

CONTRACT_KEYS = {
    "id",
    "quote",
    "claimed_speaker",
    "claimed_date",
    "verdict",
    "score",
    "source",
    "differences",
    "appearances",
    "explanation",
}
SOURCE_KEYS = {"url", "title", "date", "publisher", "kind", "speaker", "text", "start", "end"}
NEWS_CONF = "http://en.kremlin.ru/events/president/news/67438"


@pytest.fixture(scope="module")
def checker(small_home):
    store = Store(small_home / "store.sqlite", create=False)
    import os

    old = os.environ.get("VERIFY_HOME")
    os.environ["VERIFY_HOME"] = str(small_home)
    ch = Checker(store)
    ch.vector_index()
    yield ch
    if old is None:
        os.environ.pop("VERIFY_HOME", None)
    else:
        os.environ["VERIFY_HOME"] = old
    store.close()


def check(checker, quote, speaker=None, date=None):
    r = checker.check_quote(quote, speaker=speaker, date=date)
    data = r.to_json()
    assert CONTRACT_KEYS <= set(data)
    assert 0.0 <= data["score"] <= 1.0
    if data["source"] is not None:
        assert SOURCE_KEYS <= set(data["source"])
    return r


def test_verbatim_quote_found_with_span_speaker_and_url(checker):
    q = "It is you who must give us guarantees, and you must do it immediately, right now"
    r = check(checker, q, "Putin", "2021-12-24")
    assert r.verdict == "verbatim"
    assert r.source.url == NEWS_CONF
    assert r.source.speaker == "Vladimir Putin"
    doc = checker.store.get_document(r.source.doc_id)
    assert doc.text[r.source.start : r.source.end] == r.source.text
    assert r.source.text.startswith("It is you who must give us guarantees")


def test_altered_quote_is_caught_and_the_change_named(checker):
    q = "It is you who must give us guarantees, and you must do it within a year"
    r = check(checker, q, "Vladimir Putin", "2021-12-24")
    assert r.verdict == "altered"
    assert "within a year" in r.explanation
    assert any(d.op == "replace" and "within a year" in d.quote for d in r.differences)


def test_another_translation_of_putins_words_is_a_paraphrase_not_an_alteration(checker):
    # the Kremlin's English translates Russian: one phrase rendered differently is another
    # translation; a changed time, number, negation or name is still an alteration
    q = "It is you who must grant us guarantees, and you must do it immediately, right now"
    r = check(checker, q, "Vladimir Putin", "2021-12-24")
    assert r.verdict == "paraphrase"
    assert "translation" in r.explanation
    q = "It is you who must give us guarantees, and you must not do it immediately, right now"
    assert check(checker, q, "Vladimir Putin", "2021-12-24").verdict == "altered"


def test_reporter_words_credited_to_the_official_are_misattributed(checker):
    doc = checker.store.get_document(NEWS_CONF)
    question = next(t for t in doc.turns if t.is_question and t.speaker)
    body = doc.text[question.body_start : question.end]
    sentence = next(s for s in body.split(". ") if len(s.split()) >= 8 and "?" not in s)
    r = check(checker, sentence, "Vladimir Putin", "2021-12-24")
    assert r.verdict == "misattributed"
    assert question.speaker in r.explanation or "reporter" in r.explanation


def test_white_house_line_lists_every_briefing_earliest_first(checker):
    r = check(checker, "nothing about Ukraine without Ukraine", "White House", "2022-11-15")
    assert r.verdict == "verbatim"
    dates = [a.date[:10] for a in r.appearances]
    assert dates == sorted(dates)
    assert {"2022-10-17", "2022-10-25", "2022-11-10"} <= set(dates)
    assert r.earliest_primary is not None
    assert r.earliest_primary.date[:10] == "2022-10-17"


def test_paraphrase_of_a_real_statement(checker):
    q = (
        "Ensuring stability and security in this region is one of the most important issues "
        "on the agenda today."
    )
    r = check(checker, q, "Vladimir Putin", "2021-12-24")
    assert r.verdict == "paraphrase"
    assert r.source.url == NEWS_CONF


def test_words_never_said_are_not_found_never_false(checker):
    q = (
        "The Kremlin sees no preconditions for a meeting between President Putin and "
        "President Biden at the G20 summit in Bali."
    )
    r = check(checker, q, "Dmitry Peskov", "2022-11-02")
    assert r.verdict == "not_found"
    assert "not found in the indexed sources" in r.explanation.lower()
    assert "false" not in r.explanation.lower()


@pytest.mark.parametrize("quote", ["", "   ", "x" * 2001, "?!..."])
def test_bad_quotes_raise_input_errors_with_hints(checker, quote):
    with pytest.raises(InputError) as exc:
        checker.check_quote(quote)
    assert exc.value.hint


def test_missing_index_says_to_build_it(tmp_path, small_home):
    import shutil

    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(small_home / "store.sqlite", home / "store.sqlite")
    with Store(home / "store.sqlite") as store:
        from verify.corpus.index import VectorIndex

        with pytest.raises(IndexMissingError) as exc:
            VectorIndex.load(store, directory=home / "vectors")
        assert "verify index build" in exc.value.hint


def test_index_of_another_model_is_rejected(small_home):
    from verify.corpus.index import VectorIndex

    with Store(small_home / "store.sqlite", create=False) as store:
        with pytest.raises(IndexMismatchError) as exc:
            VectorIndex.load(store, model="some-other-model", directory=small_home / "vectors")
        assert "--rebuild" in exc.value.hint


def test_stored_vectors_are_read_back_by_passage_id(checker):
    """The passages' own vectors, as the semantic search re-scores them: the same as each
    one read alone, and zeros for an id that is not in the index."""
    import numpy as np

    index = checker.vector_index()
    ids = [int(r[0]) for r in checker.store.db.execute("SELECT id FROM passages LIMIT 50")]
    together = index.vectors(ids)
    alone = np.stack([index.index.reconstruct(i) for i in ids])
    assert np.array_equal(together, alone)
    with_missing = index.vectors([ids[0], 10**9, ids[1]])
    assert np.array_equal(with_missing[0], alone[0]) and np.array_equal(with_missing[2], alone[1])
    assert not with_missing[1].any()
    assert index.vectors([]).shape == (0, index.index.d)
