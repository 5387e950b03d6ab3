"""The fast matching path computes what the reference code computes (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from verify.corpus.embed import FakeEmbedder
from verify.factcheck.clean import clean
from verify.factcheck.features import (
    FEATURES,
    CheckTable,
    QueryInfo,
    Sets,
    Texts,
    as_matrix,
    candidate_features,
    pool_features,
)
from verify.factcheck.match import BM25, Matcher, load_reranker
from verify.factcheck.models import FactCheck

CHECKS = [
    FactCheck(
        "a", "Wind turbines kill more birds every year than domestic cats do.", date="2023-01-12"
    ),
    FactCheck(
        "b",
        'Bill Gates said "vaccines will reduce the population" by 15 percent in 2010.',
        date="2020-05-01",
        title="Did Bill Gates Say Vaccines Will Reduce Population by 15%?",
    ),
    FactCheck("c", "Drinking hot water every 15 minutes kills the coronavirus.", title="  "),
    FactCheck(
        "d", "NASA confirmed that the Sun will go dark for six days in December.", date="2017"
    ),
    FactCheck("e", "Eating carrots improves night vision dramatically.", title="Carrots and NASA"),
    FactCheck("f", "", title=None),
]

QUERIES = [
    ("Bill Gates wants vaccines to reduce the population 15 percent", "Jane Roe", "2021-03-02"),
    ('He said "vaccines will reduce the population" — 1,500 people', None, None),
    ("NASA says six days of darkness in December 2017!!", "NASA Watch", "2017-11-30"),
    ("hot water kills the coronavirus every 15 minutes", None, "2020-04-01"),
    ("nothing in common here", None, None),
    ("", None, None),
]


def _reference(q: QueryInfo, fc: FactCheck) -> list[float]:
    return candidate_features(
        q,
        fc.claim,
        fc.title,
        fc.date,
        cos=0.5,
        cos_claim=0.4,
        cos_title=0.6,
        cos_claim_rank=3,
        cos_title_rank=1,
        cos_rank=2,
        cos_best=0.7,
        cos_mean=0.2,
        cos_std=0.1,
        bm25=3.0,
        bm25_rank=4,
        bm25_best=6.0,
    )


def _pool(q: QueryInfo, table: CheckTable, positions: list[int]) -> np.ndarray:
    m = len(positions)
    return pool_features(
        q,
        table,
        np.asarray(positions),
        cos=np.full(m, 0.5, dtype=np.float32),
        cos_claim=np.full(m, 0.4, dtype=np.float32),
        cos_title=np.full(m, 0.6, dtype=np.float32),
        cos_claim_rank=np.full(m, 3),
        cos_title_rank=np.full(m, 1),
        cos_rank=np.full(m, 2),
        cos_best=0.7,
        cos_mean=0.2,
        cos_std=0.1,
        bm25=np.full(m, 3.0, dtype=np.float32),
        bm25_rank=np.full(m, 4),
        bm25_best=6.0,
    )


def _table() -> CheckTable:
    return CheckTable.build(
        [c.claim for c in CHECKS], [c.title for c in CHECKS], [c.date for c in CHECKS]
    )


@pytest.mark.parametrize("text,author,date", QUERIES)
def test_pool_features_are_the_reference_features(text, author, date):
    q = QueryInfo.of(text, author=author, date=date)
    table = _table()
    positions = [5, 0, 3, 1, 4, 2]  # any order, as a pool comes
    want = as_matrix([_reference(q, CHECKS[p]) for p in positions])
    got = _pool(q, table, positions)
    assert got.dtype == np.float32 and got.shape == (len(positions), len(FEATURES))
    assert np.array_equal(got, want)


def test_check_table_saved_and_loaded_gives_the_same_features(tmp_path):
    table = _table()
    table.save(tmp_path)
    loaded = CheckTable.load(tmp_path)
    q = QueryInfo.of(*QUERIES[0][:1], author=QUERIES[0][1], date=QUERIES[0][2])
    positions = list(range(len(CHECKS)))
    assert np.array_equal(_pool(q, table, positions), _pool(q, loaded, positions))
    assert loaded.titles[2] == CHECKS[2].claim.lower()  # no headline: the claim stands in


def test_sets_and_texts():
    s = Sets.of([[3, 1], [], [2, 2, 5]])
    flat, rows = s.gather(np.asarray([2, 0, 1]))
    assert flat.tolist() == [2, 5, 1, 3] and rows.tolist() == [0, 0, 1, 1]
    assert s.hits(np.asarray([0, 1, 2]), np.asarray([1, 5])).tolist() == [1, 0, 1]
    t = Texts.of(["é", "", "abc"])
    assert [t[i] for i in range(len(t))] == ["é", "", "abc"]


def test_flat_tree_walk_is_the_reference_walk():
    r = load_reranker()
    rng = np.random.default_rng(1)
    X = (rng.standard_normal((500, len(FEATURES))) * 3).astype(np.float32)
    X[:, 3:6] = rng.integers(1, 102, (500, 3))
    assert np.array_equal(r.predict(X), r._predict_walk(X))
    assert r.predict(X[:0]).shape == (0,)


def test_ranking_is_deterministic_and_fetches_only_the_matches():
    fetched: list[list[int]] = []
    base = Matcher.from_checks(CHECKS, FakeEmbedder())

    def get(positions):
        fetched.append(list(positions))
        return [CHECKS[p] for p in positions]

    m = Matcher(
        n=len(CHECKS),
        vectors=base.vectors.copy(),
        title_vectors=base.title_vectors.copy(),
        bm25=base.bm25,
        checks=get,
        embedder=FakeEmbedder(),
        table=base.table,
    )
    text = "Bill Gates: vaccines reduce population 15 percent — Jane Roe (@jr) May 2, 2021"
    a = m.rank(text)
    b = base.rank(text, cleaned=clean(text))
    assert [(x.position, x.probability) for x in a] == [(x.position, x.probability) for x in b]
    (res,) = m.match([text], top_k=2)
    assert fetched == [[x.position for x in a[:2]]]
    assert [x.source_id for x in res.matches] == [CHECKS[x.position].source_id for x in a[:2]]
    with pytest.raises(ValueError, match="CheckTable"):
        Matcher(n=1, vectors=base.vectors[:1], bm25=base.bm25, checks=get)


def test_bm25_scores_do_not_depend_on_the_order_of_the_words():
    rng = np.random.default_rng(2)
    words = [f"w{i}" for i in range(40)]
    docs = [list(rng.choice(words, 12)) for _ in range(300)]
    bm = BM25.build(docs)
    query = list(rng.choice(words, 15))
    first = bm.scores(query)
    for _ in range(5):
        rng.shuffle(query)
        assert np.array_equal(bm.scores(query), first)


def test_claim_and_headline_vectors_as_halves_of_one_matrix_are_not_copied():
    base = Matcher.from_checks(CHECKS, FakeEmbedder())
    n = len(CHECKS)
    both = np.concatenate([base.vectors, base.title_vectors])
    m = Matcher(
        n=n,
        vectors=both[:n],
        title_vectors=both[n:],
        bm25=base.bm25,
        checks=CHECKS,
        table=base.table,
        reranker=base.reranker,
    )
    assert m._both is both
    text = "hot water kills the coronavirus"
    v = FakeEmbedder().encode([text])[0]
    assert [(r.position, r.probability) for r in m.rank(text, vector=v)] == [
        (r.position, r.probability) for r in base.rank(text, vector=v)
    ]
