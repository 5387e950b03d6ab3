"""Retrieval on a tiny store: phrase chunks find fragments and quotes spanning passages, rare
words rank the right passage, reciprocal-rank fusion orders documents. SQLite only."""

from __future__ import annotations

import pytest

from verify.check.retrieve import (
    fts_terms,
    fuse,
    fuse_passages,
    keyword_query,
    lexical_rankings,
    phrase_query,
)
from verify.corpus.ingest import ingest_records
from verify.corpus.store import Store
from verify.models import DocumentRecord

BRIEFING = (
    "MS. JEAN-PIERRE:  Good afternoon. As we have said many times, there will be nothing about "
    "Ukraine without Ukraine. We will continue to support the people of Ukraine.\n\n"
    "Q  Will the President meet President Zelenskyy at the summit in Bali?\n\n"
    "MS. JEAN-PIERRE:  I don't have anything to share on his schedule at this time.\n"
)
OTHER = (
    "MR. KIRBY:  The Pentagon announced a new package of security assistance today, including "
    "artillery rounds and armoured vehicles for Ukraine.\n"
)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as s:
        recs = [
            DocumentRecord(
                BRIEFING,
                "https://wh.example/1",
                "Briefing",
                "2022-10-25",
                "White House",
                "primary",
                origin="t1",
            ),
            DocumentRecord(
                OTHER,
                "https://wh.example/2",
                "Kirby",
                "2022-10-26",
                "White House",
                "primary",
                origin="t2",
            ),
        ]
        ingest_records(recs, s)
        yield s


def doc_id(store, url):
    return store.get_document(url).id


def test_terms_are_what_fts5_sees():
    assert fts_terms("Don't — “Kyiv”, 24-48 hours!") == ["don", "t", "kyiv", "24", "48", "hours"]


def test_phrase_query_covers_a_long_quote_with_overlapping_chunks():
    q = phrase_query("one two three four five six seven eight nine ten eleven")
    parts = q.split(" OR ")
    assert parts[0] == '"one two three four five"' and parts[-1].endswith('eleven"')
    assert len(parts) >= 3
    assert phrase_query("nothing about Ukraine") == '"nothing about ukraine"'
    assert phrase_query("...") is None


def test_keyword_query_keeps_the_rare_words_the_store_has(store):
    q = keyword_query("the armoured vehicles and Zzyzx artillery", store)
    assert "zzyzx" not in q  # not in the store: no passage to find
    assert '"armoured"' in q and '"artillery"' in q
    assert '"the"' not in q  # a stopword


def test_a_word_in_many_passages_is_left_out_at_any_archive_size(store, monkeypatch):
    from verify.check import retrieve

    quote = "artillery rounds armoured vehicles Ukraine"  # "Ukraine" is in 3+ passages
    monkeypatch.setattr(retrieve, "COMMON_FRACTION", 1.0)  # as if the archive were huge
    assert '"ukraine"' in keyword_query(quote, store)
    monkeypatch.setattr(retrieve, "COMMON_MAX", 2)  # the fixed cap still leaves it out
    q = keyword_query(quote, store)
    assert '"ukraine"' not in q and '"artillery"' in q and '"vehicles"' in q


def test_a_fragment_is_found_in_its_document(store):
    rankings = lexical_rankings("nothing about Ukraine without Ukraine", store)
    cands = fuse(rankings, store)
    assert cands[0].doc_id == doc_id(store, "https://wh.example/1")
    assert "phrase" in cands[0].via
    assert cands[0].offsets  # where in the document to align


def test_rare_words_rank_the_right_document_first(store):
    cands = fuse(lexical_rankings("artillery rounds for the Pentagon", store), store)
    assert cands[0].doc_id == doc_id(store, "https://wh.example/2")


def test_publisher_filter_leaves_out_other_publishers(store):
    rankings = lexical_rankings("nothing about Ukraine without Ukraine", store, publisher="TASS")
    assert all(not r for r in rankings.values())


def test_fusion_adds_reciprocal_ranks_and_keeps_cosines():
    rankings = {
        "vector": [(10, 1, 0.9), (11, 2, 0.8)],
        "keyword": [(11, 2, 3.0), (12, 3, 2.0)],
    }
    fused = fuse_passages(rankings)
    assert fused[0][0] == 11  # found by both
    assert dict((p, c) for p, _, c in fused)[10] == 0.9
    assert dict((p, c) for p, _, c in fused)[12] is None  # not a cosine ranking
    weighted = fuse_passages(rankings, weights={"keyword": 0.01})
    assert weighted[0][0] == 10
