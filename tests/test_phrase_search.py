"""The quick full-text paths give the plain FTS5 query's answer: Store.fts (ranked by FTS5
alone, only the best looked up) and Store.phrase_fts (a phrase looked for in the passages of
its rarer words, or in its own, and scored by FTS5's bm25 here) against Store.fts_plain, on
a tiny store with the thresholds lowered so that every path runs. SQLite only."""

from __future__ import annotations

import pytest

from verify.check.retrieve import exact_phrase_hits, fts_terms, phrase_ranking
from verify.corpus import queries
from verify.corpus.ingest import ingest_records
from verify.corpus.store import Store
from verify.models import DocumentRecord

COMMON = "we will do what we have to do and we will see what we can do "
TEXTS = [
    COMMON + "about the pipeline. " + COMMON,
    "The pipeline talks will go on; we will do what we have to do.",
    "No, no, no: we will not stop. We will do what we have to do, no more.",
    "The café in Zürich said: we will do what we have to do.",  # not ASCII
    "We will see what we can do about the pipeline, and about the grain deal too.",
    "We have to talk about it: the grain deal, the grain deal and the pipeline.",
    "Short: we will do what we have to do.",
    COMMON * 3,
]


def record(text, url, publisher="Kremlin"):
    return DocumentRecord(text, url, "t", "2022-10-25", publisher, "primary", origin=url)


@pytest.fixture
def store(tmp_path, monkeypatch):
    # every path on a tiny store: any index is big enough, a word in over 3 passages is
    # common, at most 4 candidates and 10 phrase passages are searched here...
    monkeypatch.setattr(queries, "PHRASE_MIN_ROWS", 0)
    monkeypatch.setattr(queries, "PHRASE_COMMON", 3)
    monkeypatch.setattr(queries, "PHRASE_CANDIDATES", 4)
    monkeypatch.setattr(queries, "PHRASE_FEW", 10)
    monkeypatch.setattr(queries, "PHRASE_TINY", 0)  # no word so rare FTS5 is the quicker
    monkeypatch.setattr(queries, "PHRASE_TEXT_S", 0.0)  # texts read however quick FTS5 was
    with Store(tmp_path / "store.sqlite") as s:
        recs = [record(t, f"https://k.example/{i}") for i, t in enumerate(TEXTS)]
        recs.append(record(TEXTS[1], "https://agency.example/1", publisher="Agency"))
        ingest_records(recs, s)
        # a new version of one document: the old one's passages are no longer current
        ingest_records([record(TEXTS[6] + " Updated.", "https://k.example/6")], s)
        yield s


def same(a, b):
    assert [(p, d) for p, d, _ in a] == [(p, d) for p, d, _ in b]
    assert all(
        abs(x - y) <= 1e-9 * max(1.0, abs(y)) for (_, _, x), (_, _, y) in zip(a, b, strict=True)
    )


QUOTES = [
    "we will do what we have to do",  # only common words, many passages
    "what we have to do",  # only common words
    "about the pipeline",  # a rarer word after common ones
    "the grain deal",  # a rare run of words, twice in one passage
    "no no",  # overlapping occurrences ("No, no, no")
    "will see what we can do about",  # rare word last
    "café in zurich",  # folded, and a text that is not ASCII
    "pipeline",  # one word
    "nowhere to be found",  # in no passage
]


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize("publisher", [None, "kremlin", "Agency"])
def test_the_phrase_search_gives_the_plain_fts5_answer(store, quote, publisher):
    words = fts_terms(quote)
    plain = store.fts_plain('"' + " ".join(words) + '"', limit=5, publisher=publisher)
    same(store.phrase_fts(words, limit=5, publisher=publisher), plain)
    if publisher is None:
        assert exact_phrase_hits(quote, store, limit=5) == store.phrase_fts(words, limit=5)


def test_each_path_runs_and_agrees(store, monkeypatch):
    calls, scored = [], []
    match_ids, scores = store._match_ids, store._phrase_scores

    def spy_ids(match, most):
        calls.append((match, match_ids(match, most)))
        return calls[-1][1]

    def spy_scores(words, ids):
        scored.append((len(ids), scores(words, ids)))
        return scored[-1][1]

    monkeypatch.setattr(store, "_match_ids", spy_ids)
    monkeypatch.setattr(store, "_phrase_scores", spy_scores)
    for quote in QUOTES:
        words = fts_terms(quote)
        same(store.phrase_fts(words, limit=20), store.fts_plain(f'"{" ".join(words)}"', limit=20))
    # the passages of the rarer words ("about"), and a phrase of common words in its own
    assert any(m == '"about"' and ids for m, ids in calls)
    assert any(m == '"we will do what we have to do"' and ids for m, ids in calls)
    assert any(r is not None and 0 < len(r) < n for n, r in scored)  # candidates left out
    assert len(scored) < len(QUOTES)  # and FTS5's own query for the others


@pytest.mark.parametrize(
    "setting, quote",
    [
        (("PHRASE_TINY", 3), "about the pipeline"),  # "about" is in three passages
        (("PHRASE_TEXT_S", 1.0), "we will do what we have to do"),  # texts slower than FTS5
    ],
)
def test_where_fts5_is_the_quicker_it_answers(store, monkeypatch, setting, quote):
    monkeypatch.setattr(queries, *setting)
    monkeypatch.setattr(store, "_phrase_scores", lambda w, ids: pytest.fail("texts read"))
    words = fts_terms(quote)
    same(store.phrase_fts(words, limit=5), store.fts_plain(f'"{" ".join(words)}"', limit=5))


def test_a_text_fts5_counts_otherwise_goes_back_to_fts5(store, monkeypatch):
    # a text whose words are not what FTS5 counted: the plain query answers
    monkeypatch.setattr(store, "_token_counts", lambda ids: {i: -1 for i in ids})
    words = fts_terms("café in zurich")
    same(store.phrase_fts(words, limit=5), store.fts_plain('"cafe in zurich"', limit=5))


@pytest.mark.parametrize(
    "match", ['"pipeline" OR "grain" OR "deal"', '"we" OR "do"', '"updated"', '"no"']
)
@pytest.mark.parametrize("limit", [1, 3, 40])
def test_fts_ranks_first_and_looks_up_only_the_best(store, match, limit):
    same(store.fts(match, limit=limit), store.fts_plain(match, limit=limit))
    same(
        store.fts(match, limit=limit, publisher="Agency"),
        store.fts_plain(match, limit=limit, publisher="Agency"),
    )


def test_an_old_version_ranked_first_is_left_out(store, monkeypatch):
    monkeypatch.setattr(queries, "FTS_RANK_MARGIN", 0)
    current = store.get_document("https://k.example/6").id
    old = store.db.execute(
        "SELECT id FROM documents WHERE doc_key = ? AND is_current = 0", ("https://k.example/6",)
    ).fetchone()[0]
    ranked = store.db.execute(
        "SELECT p.doc_id FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
        " WHERE passages_fts MATCH '\"short\"' ORDER BY bm25(passages_fts)"
    ).fetchall()
    assert [r[0] for r in ranked] == [old, current]  # the shorter, old text ranks first
    hits = store.fts('"short"', limit=1)
    same(hits, store.fts_plain('"short"', limit=1))
    assert [d for _, d, _ in hits] == [current]


def test_the_short_quote_ranking_is_the_phrase_search(store):
    quote = "about the pipeline"
    assert phrase_ranking(quote, store, limit=10) == store.phrase_fts(fts_terms(quote), limit=10)


def test_a_ligature_fts5_does_not_fold_is_left_to_fts5(store):
    # "ﬁnd" (a ligature) is one FTS5 token, not "find"; the shingles' folding would read
    # "find": a text with such a character goes back to the plain query
    texts = ["We find it.", "You find it.", "They find it.", "I find it.", "We will find the deal."]
    texts.append("We will \ufb01nd the grain deal.")
    ingest_records([record(t, f"https://x.example/{i}") for i, t in enumerate(texts)], store)
    words = fts_terms("will find the grain deal")
    plain = store.fts_plain('"' + " ".join(words) + '"', limit=5)
    assert plain == []  # FTS5 does not find the ligature's text
    assert store.phrase_fts(words, limit=5) == plain
