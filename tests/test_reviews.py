"""Review items and decisions in the store's SQLite file: recording, history, filters,
ClaimReview export, and no lost decisions under concurrent reviewers."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from verify.corpus.store import Store
from verify.errors import InputError, NotFoundError, StoreError
from verify.models import (
    Appearance,
    Article,
    ArticleReport,
    Difference,
    ExtractedQuote,
    Provenance,
    QuoteCheck,
    QuoteResult,
    SourceSpan,
)
from verify.web.reviews import Filters, ReviewStore


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    Store(path).close()  # a real (empty) corpus store
    return path


@pytest.fixture
def reviews(store_file: Path) -> ReviewStore:
    return ReviewStore(store_file)


def result(quote: str, verdict: str, speaker: str | None = "Dmitry Peskov") -> QuoteResult:
    src = SourceSpan(
        url="http://en.kremlin.ru/events/president/news/1",
        title="Meeting",
        date="2022-10-25",
        publisher="Kremlin",
        kind="primary",
        speaker=speaker,
        text=quote,
        start=10,
        end=10 + len(quote),
    )
    return QuoteResult(
        quote=quote,
        verdict=verdict,
        score=0.9,
        explanation="because",
        claimed_speaker=speaker,
        claimed_date="2022-11-01",
        source=src if verdict != "not_found" else None,
        differences=[Difference("equal", quote, quote)],
        appearances=[
            Appearance(src.url, src.date, "Kremlin", "primary", verdict, "Meeting", speaker, 1)
        ],
    )


def article_report(quotes: list[tuple[str, str, str | None]], text: str) -> ArticleReport:
    art = Article(text=text, title="An article", date="2022-11-01", outlet="Tasnim")
    checks = []
    for q, verdict, via in quotes:
        start = text.index(q)
        ex = ExtractedQuote("quote", q, start, start + len(q), speaker="Dmitry Peskov", via=via)
        checks.append(QuoteCheck(ex, result(q, verdict), Provenance(statement="s", via=via)))
    return ArticleReport(article=art, checks=checks, doc_id=42)


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        ReviewStore(tmp_path / "nothing.sqlite")
    assert "make demo" in (err.value.hint or "")


def test_checked_quote_becomes_a_pending_item_with_its_result(reviews: ReviewStore) -> None:
    r = result("we are ready to talk", "verbatim")
    item_id = reviews.record_quote(r, outlet="Sputnik")
    item = reviews.get_item(item_id)
    assert item["verdict"] == "verbatim"
    assert item["human_verdict"] is None and item["reviewed"] is False
    assert item["speaker"] == "Dmitry Peskov" and item["outlet"] == "Sputnik"
    assert item["result"] == r.to_json()
    assert item["history"] == []


def test_checking_the_same_quote_again_updates_one_item_and_keeps_decisions(
    reviews: ReviewStore,
) -> None:
    first = reviews.record_quote(result("we are ready to talk", "altered"))
    reviews.decide(first, reviewer="ana", note="checked")
    again = reviews.record_quote(result("we are ready to talk", "verbatim"))
    assert again == first
    item = reviews.get_item(first)
    assert item["verdict"] == "verbatim"  # the new automatic verdict
    assert item["human_verdict"] == "altered"  # the reviewer's decision stays
    assert len(item["history"]) == 1
    assert reviews.list_items()[1] == 1


def test_decisions_accept_or_change_and_the_history_is_kept(reviews: ReviewStore) -> None:
    item_id = reviews.record_quote(result("we are ready to talk", "minor"))
    d1 = reviews.decide(item_id, reviewer="ana")
    assert d1["action"] == "accept" and d1["verdict"] == "minor"
    d2 = reviews.decide(item_id, reviewer="ben", verdict="altered", note="'ready' was 'willing'")
    assert d2["action"] == "change" and d2["auto_verdict"] == "minor"
    item = reviews.get_item(item_id)
    assert item["human_verdict"] == "altered" and item["reviewer"] == "ben"
    assert item["note"] == "'ready' was 'willing'"
    assert [(h["reviewer"], h["verdict"]) for h in item["history"]] == [
        ("ana", "minor"),
        ("ben", "altered"),
    ]
    assert item["verdict"] == "minor"  # the automatic verdict is never overwritten


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reviewer": ""},
        {"reviewer": "   "},
        {"reviewer": "ana", "verdict": "false"},
        {"reviewer": "ana", "verdict": 3},
        {"reviewer": "x" * 101},
        {"reviewer": "ana", "note": "n" * 5001},
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_written(reviews: ReviewStore, kwargs) -> None:
    item_id = reviews.record_quote(result("we are ready to talk", "minor"))
    with pytest.raises(InputError):
        reviews.decide(item_id, **kwargs)
    assert reviews.count_decisions(item_id) == 0
    assert reviews.get_item(item_id)["human_verdict"] is None


def test_unknown_item(reviews: ReviewStore) -> None:
    with pytest.raises(NotFoundError):
        reviews.get_item(999)
    with pytest.raises(NotFoundError):
        reviews.decide(999, reviewer="ana")


def test_queue_filters(reviews: ReviewStore) -> None:
    a = reviews.record_quote(result("one two three", "verbatim", "Dmitry Peskov"), outlet="TASS")
    b = reviews.record_quote(result("four five six", "altered", "Sergei Lavrov"), outlet="RIA")
    c = reviews.record_quote(result("seven eight", "not_found", "Karine Jean-Pierre"))
    reviews.decide(b, reviewer="ana", verdict="paraphrase")

    def ids(**kw) -> set[int]:
        return {i["id"] for i in reviews.list_items(Filters(**kw))[0]}

    assert ids() == {a, b, c}
    assert ids(reviewed=True) == {b}
    assert ids(reviewed=False) == {a, c}
    assert ids(verdict="paraphrase") == {b}  # the human verdict counts once there is one
    assert ids(verdict="altered") == set()
    assert ids(speaker="lavrov") == {b}
    assert ids(outlet="tass") == {a}
    with pytest.raises(InputError):
        reviews.list_items(Filters(verdict="nonsense"))


def test_article_items_keep_offsets_and_a_recheck_drops_only_undecided_leftovers(
    reviews: ReviewStore,
) -> None:
    text = 'He said "we are ready" and then "we will wait" and "no comment".'
    rep = article_report(
        [("we are ready", "verbatim", "Sputnik"), ("we will wait", "altered", None)], text
    )
    article_id, ids = reviews.record_article(rep, "key-1")
    items, total = reviews.list_items(Filters(article_id=article_id))
    assert total == 2
    for it in items:
        assert text[it["start"] : it["end"]] == it["quote"]
        assert it["article_outlet"] == "Tasnim"
    assert items[0]["outlet"] == "Sputnik"
    art = reviews.get_article(article_id)
    assert art["text"] == text and art["doc_id"] == 42
    reviews.decide(ids[1], reviewer="ana")
    # a new extraction finds a different set: the decided item stays, the pending one goes
    rep2 = article_report([("no comment", "not_found", None)], text)
    article_id2, ids2 = reviews.record_article(rep2, "key-1")
    assert article_id2 == article_id
    left = {i["id"] for i in reviews.list_items(Filters(article_id=article_id))[0]}
    assert left == {ids[1], ids2[0]}


def test_export_publishes_the_human_verdict(reviews: ReviewStore) -> None:
    from verify.report import render

    text = 'He said "we are ready" and "we will wait".'
    rep = article_report(
        [("we are ready", "verbatim", None), ("we will wait", "verbatim", None)], text
    )
    _, ids = reviews.record_article(rep, "key-2")
    lone = reviews.record_quote(result("<script>x</script> words", "not_found"))
    reviews.decide(ids[1], reviewer="ana", verdict="misattributed", note="Lavrov said it")
    out = render(reviews.export_reports(), "claimreview")
    data = json.loads(out)
    assert len(data) == 3
    ratings = {d["claimReviewed"]: d["reviewRating"]["alternateName"] for d in data}
    assert ratings["we are ready"] == "Verbatim"
    assert ratings["we will wait"] == "Misattributed"
    assert "<script>" not in out  # safe to embed in a page
    only_reviewed = render(reviews.export_reports(Filters(reviewed=True)), "claimreview")
    assert [d["claimReviewed"] for d in json.loads(only_reviewed)] == ["we will wait"]
    assert lone not in ids


def test_review_tables_live_in_the_store_file_in_wal_mode(
    reviews: ReviewStore, store_file: Path
) -> None:
    item_id = reviews.record_quote(result("we are ready to talk", "minor"))
    reviews.decide(item_id, reviewer="ana")
    db = sqlite3.connect(store_file)  # what the CLI or another process would open
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0  # corpus intact
    finally:
        db.close()
    # a second handle (another server or the CLI) sees the same decision
    assert ReviewStore(store_file).get_item(item_id)["human_verdict"] == "minor"


def test_concurrent_reviewers_lose_no_decision(reviews: ReviewStore, store_file: Path) -> None:
    items = [reviews.record_quote(result(f"quote number {i}", "verbatim")) for i in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def reviewer(n: int) -> None:
        rs = ReviewStore(store_file)  # each reviewer with its own handle
        barrier.wait()
        try:
            for k in range(20):
                rs.decide(
                    items[(n + k) % len(items)],
                    reviewer=f"reviewer-{n}",
                    verdict=["verbatim", "altered", "minor"][k % 3],
                    note=f"{n}:{k}",
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert reviews.count_decisions() == 160
    notes = set()
    total = 0
    for item_id in items:
        item = reviews.get_item(item_id)
        assert item["decisions"] == len(item["history"])  # the counter agrees with the log
        total += item["decisions"]
        notes.update(h["note"] for h in item["history"])
        # the item shows the latest decision of its history
        assert item["human_verdict"] == item["history"][-1]["verdict"]
    assert total == 160
    assert notes == {f"{n}:{k}" for n in range(8) for k in range(20)}
