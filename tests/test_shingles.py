"""Exact-wording fingerprints (winnowed word 5-grams): any seven words a quote shares with a
transcript are found, across the sentence-sized passages of one turn, in current versions
and the asked publisher only; a store made before the fingerprints gets them on its next
ingest, and until then the FTS5 phrase query answers. SQLite only."""

from __future__ import annotations

import random

import pytest

from verify.check.retrieve import phrase_query, phrase_ranking
from verify.corpus import shingles
from verify.corpus.ingest import ingest_records
from verify.corpus.store import Store
from verify.models import DocumentRecord

VOCAB = [f"w{i}" for i in range(40)]  # a small vocabulary: 5-grams repeat, ties happen

SPEECH = (
    "PRESIDENT PUTIN: Good afternoon, colleagues. We have always said that security must be "
    "indivisible. It is you who must give us guarantees, and you must do it immediately, right "
    "now. We have nowhere to retreat. Our partners know this very well and they know our "
    "position on the expansion of the alliance.\n\n"
    "QUESTION: Will you meet the President of the United States?\n\n"
    "PRESIDENT PUTIN: We are open to any contacts at any level at the right time.\n"
)
READOUT = (
    "The Kremlin said in a statement on Friday that security must be indivisible and that "
    "guarantees were needed immediately, according to the readout of the call.\n"
)


def record(text, url, publisher="Kremlin", date="2021-12-23"):
    return DocumentRecord(text, url, "t", date, publisher, "primary", origin=url)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as s:
        ingest_records(
            [
                record(SPEECH, "https://k.example/1"),
                record(READOUT, "https://news.example/2", publisher="Agency"),
            ],
            s,
        )
        yield s


def test_winnowing_keeps_a_hash_of_every_seven_word_run():
    rng = random.Random(7)
    for _ in range(300):
        ws = [rng.choice(VOCAB) for _ in range(rng.randint(7, 60))]
        kept = set(shingles.winnow(shingles.hashes(ws)))
        i = rng.randint(0, len(ws) - shingles.GUARANTEED_WORDS)
        run = ws[i : i + shingles.GUARANTEED_WORDS]
        assert kept & set(shingles.hashes(run)), run
    # and keeps about half of the 5-grams, not all of them
    ws = [rng.choice(VOCAB) for _ in range(5000)]
    density = len(shingles.winnow_positions(shingles.hashes(ws))) / (len(ws) - 4)
    assert 0.4 < density < 0.6


def test_words_are_folded_as_the_full_text_index_folds_them():
    assert shingles.words("Don't — “Élysée”, 24-48") == ["don", "t", "elysee", "24", "48"]
    assert shingles.hashes(shingles.words("Nothing about UKRAINE without Ukraine")) == (
        shingles.hashes(shingles.words("nothing about Ukraine, without Ukraine!"))
    )


def test_a_quote_across_two_passages_of_a_turn_is_found(store):
    assert store.shingles_complete()
    # "...must be indivisible." ends one passage, "It is you who..." starts the next: no
    # five of these words are in one passage
    quote = "must be indivisible. It is you who"
    speech = store.get_document("https://k.example/1").id
    found = store.passages([p for p, d, _ in store.fts('"indivisible"') if d == speech])
    assert found and not any("It is you" in p.text for p in found)
    hits = phrase_ranking(quote, store)
    docs = [d for _, d, _ in hits]
    assert docs and docs[0] == speech
    # the readout shares no seven words in a row: a paraphrase is not a phrase match
    assert store.get_document("https://news.example/2").id not in docs


def test_more_shared_wording_ranks_first(store):
    hits = store.shingle_hits("It is you who must give us guarantees, and you must do it")
    assert len({pid for pid, _, _ in hits}) == len(hits)
    best = store.passages([hits[0][0]])[0]
    assert "It is you who must give us guarantees" in best.text
    assert [s for _, _, s in hits] == sorted((s for _, _, s in hits), reverse=True)


def test_publisher_and_current_version_filter_the_hits(store):
    quote = "It is you who must give us guarantees, and you must do it immediately"
    assert store.shingle_hits(quote, publisher="Agency") == []
    assert store.shingle_hits(quote, publisher="kremlin")
    # a new version of the speech without those words: the old version's passages drop out
    ingest_records(
        [record(SPEECH.replace("immediately, right now", "soon"), "https://k.example/1")], store
    )
    current = store.get_document("https://k.example/1").id
    hits = store.shingle_hits(quote)
    assert hits and {d for _, d, _ in hits} == {current}  # the unchanged words, new version
    assert store.shingle_hits("you must do it immediately, right now. We have nowhere") == []


def test_a_store_without_fingerprints_is_answered_by_fts5_then_completed(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path) as s:
        ingest_records([record(SPEECH, "https://k.example/1")], s)
        # as a store made before the table existed: no rows, not marked complete
        with s.db:
            s.db.execute("DELETE FROM shingles")
            s.db.execute("DELETE FROM meta WHERE key='shingles_complete'")
    quote = "It is you who must give us guarantees, and you must do it immediately"
    with Store(path) as s:
        assert not s.shingles_complete()
        assert s.shingle_hits(quote) == []  # the table is empty...
        fts = phrase_ranking(quote, s)  # ...so the phrase search does not use it
        assert fts == s.fts(phrase_query(quote), limit=40) and fts
        report = ingest_records([record(READOUT, "https://news.example/2", "Agency")], s)
        assert report.fingerprinted == 1 and s.shingles_complete()
        assert [p for p, _, _ in phrase_ranking(quote, s)][:1] == [fts[0][0]]
    with Store(path) as s:  # the mark is stored, not only remembered by the handle
        assert s.shingles_complete()


def test_a_short_quote_uses_the_fts5_phrase(store):
    # fewer than seven words: no guarantee from the fingerprints, so FTS5 answers
    assert phrase_ranking("nowhere to retreat", store) == store.fts(
        phrase_query("nowhere to retreat"), limit=40
    )


def test_documents_holding_the_whole_quote(store):
    quoting = "An agency wrote: It is you who must give us guarantees, and you must do it now."
    ingest_records([record(quoting, "https://news.example/3", publisher="Agency")], store)
    speech = store.get_document("https://k.example/1").id
    agency = store.get_document("https://news.example/3").id
    whole = "It is you who must give us guarantees, and you must do it"
    assert set(store.shingle_documents(whole)) == {speech, agency}
    assert set(store.shingle_documents(whole, publisher="Agency")) == {agency}
    # the speech goes on "immediately, right now"; the agency's copy does not
    longer = whole + " immediately, right now"
    assert set(store.shingle_documents(longer)) == {speech}
    passages = store.shingle_documents(longer)[speech]
    assert all(p in {x.id for x in store.passages(passages)} for p in passages)
