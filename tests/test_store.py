"""The corpus store: versions, idempotent re-ingest, atomic writes, full-text search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from verify.corpus.chunk import chunk
from verify.corpus.ingest import ingest_records, store_record
from verify.corpus.store import Store
from verify.corpus.turns import segment
from verify.errors import NotFoundError, StoreError
from verify.models import DocumentRecord

BRIEFING = (
    "MS. JEAN-PIERRE: Good afternoon, everyone. The President has been clear: nothing about "
    "Ukraine without Ukraine. We will keep supporting Ukraine for as long as it takes.\n\n"
    "Q Thank you, Karine. Does the President plan to talk to President Putin?\n\n"
    "MS. JEAN-PIERRE: He has no plans to do so. I will leave it there."
)


def record(
    text: str = BRIEFING, url: str = "https://example.gov/briefing-1", **kw
) -> DocumentRecord:
    return DocumentRecord(
        text=text,
        url=url,
        title=kw.pop("title", "Press Briefing"),
        date=kw.pop("date", "2022-10-25"),
        publisher=kw.pop("publisher", "White House"),
        kind=kw.pop("kind", "primary"),
        origin=kw.pop("origin", "test"),
        **kw,
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as s:
        yield s


def test_store_uses_wal_and_fts5(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store_record(store, record())
    hits = store.fts('"nothing about ukraine without ukraine"')
    assert len(hits) == 1
    passage = store.passages([hits[0][0]])[0]
    assert "nothing about Ukraine without Ukraine" in passage.text
    assert passage.speaker == "Karine Jean-Pierre"


def test_document_keeps_turns_with_speakers_and_offsets(store):
    res = store_record(store, record())
    doc = store.get_document(res.doc_id)
    labels = [(t.label, t.speaker, t.is_question) for t in doc.turns]
    assert labels == [
        ("MS. JEAN-PIERRE", "Karine Jean-Pierre", False),
        ("Q", None, True),
        ("MS. JEAN-PIERRE", "Karine Jean-Pierre", False),
    ]
    q = doc.turns[1]
    assert doc.text[q.body_start : q.end].strip().startswith("Thank you, Karine.")


def test_reingesting_the_same_content_changes_nothing(store):
    first = store_record(store, record())
    before = store.stats()
    again = store_record(store, record())
    assert again.status == "unchanged"
    assert again.doc_id == first.doc_id
    assert store.stats() == before


def test_reingest_after_a_segmentation_fix_stores_the_new_turns_as_a_new_version(store):
    rec = record()
    turns = segment(rec.text, publisher=rec.publisher, date=rec.date)
    merged = [replace(turns[0], end=turns[1].end)]  # as an older parser cut them
    sentences, passages = chunk(rec.text, merged)
    first = store.add_document(rec, merged, sentences, passages)
    assert len(store.get_document(first.doc_id).turns) == 1
    again = store_record(store, rec)  # the same words, the fixed segmentation
    assert again.status == "new_version" and again.version == 2
    assert [t.is_question for t in store.get_document(again.doc_id).turns] == [
        False,
        True,
        False,
    ]
    # the fixed turns stored, a third ingest changes nothing
    assert store_record(store, rec).status == "unchanged"


def test_changed_content_becomes_a_new_version_and_keeps_the_old(store):
    first = store_record(store, record())
    changed = store_record(store, record(BRIEFING.replace("no plans", "no immediate plans")))
    assert changed.status == "new_version"
    assert changed.version == 2
    current = store.get_document("https://example.gov/briefing-1")
    assert current.id == changed.doc_id and "no immediate plans" in current.text
    old = store.get_document("https://example.gov/briefing-1", version=1)
    assert old.id == first.doc_id and "no immediate plans" not in old.text
    assert [v["version"] for v in store.versions("https://example.gov/briefing-1")] == [1, 2]
    # search sees only the current version
    hits = store.fts('"no immediate plans"')
    assert {d for _, d, _ in hits} == {changed.doc_id}
    assert store.fts('"He has no plans to do so"') == []


def test_a_failure_inside_a_document_leaves_the_store_as_it_was(store, monkeypatch):
    store_record(store, record())
    before = store.stats()
    rec = record(BRIEFING + " More words.", url="https://example.gov/briefing-2")
    turns = segment(rec.text, publisher=rec.publisher)
    sentences, passages = chunk(rec.text, turns)
    assert len(passages) >= 2
    real_execute = store.db.execute

    class Boom(Exception):
        pass

    calls = {"n": 0}

    def failing(sql, *args):
        if sql.startswith("INSERT INTO passages_fts"):
            calls["n"] += 1
            if calls["n"] == 2:
                raise Boom("disk full")
        return real_execute(sql, *args)

    db = store.db

    class Proxy:
        def __getattr__(self, name):
            return getattr(db, name)

        def execute(self, sql, *args):
            return failing(sql, *args)

    store.db = Proxy()
    with pytest.raises(Boom):
        store.add_document(rec, turns, sentences, passages)
    store.db = db
    assert store.stats() == before
    with pytest.raises(NotFoundError):
        store.get_document("https://example.gov/briefing-2")


def test_interrupted_ingest_keeps_finished_documents_and_resumes(store):
    records = [
        record(f"MS. JEAN-PIERRE: Statement number {i}.", url=f"https://x.gov/{i}")
        for i in range(5)
    ]

    def interrupted():
        for i, r in enumerate(records):
            if i == 3:
                raise KeyboardInterrupt
            yield r

    with pytest.raises(KeyboardInterrupt):
        ingest_records(interrupted(), store)
    assert store.count("documents") == 3
    report = ingest_records(records, store)
    assert (report.added, report.unchanged) == (2, 3)
    assert store.count("documents") == 5


def test_missing_store_gives_an_actionable_error(tmp_path):
    with pytest.raises(StoreError) as exc:
        Store(tmp_path / "none.sqlite", create=False)
    assert "verify corpus add" in exc.value.hint


def test_unknown_document_is_a_clear_error(store):
    with pytest.raises(NotFoundError) as exc:
        store.get_document("https://nowhere.example/1")
    assert "verify corpus list" in exc.value.hint


def test_store_survives_a_second_connection_writing(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path) as a, Store(path) as b:
        store_record(a, record(url="https://x.gov/a"))
        store_record(b, record(BRIEFING + " B.", url="https://x.gov/b"))
        assert a.count("documents") == 2
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_large_ingest_merges_the_full_text_index_and_finds_the_same(store, monkeypatch):
    from verify.corpus import ingest

    records = [
        record(
            f"MS. JEAN-PIERRE: Statement number {i} on the grain deal.", url=f"https://x.gov/{i}"
        )
        for i in range(30)
    ]
    merged = []
    real = Store.optimize_fts
    monkeypatch.setattr(Store, "optimize_fts", lambda self: merged.append(1) or real(self))
    monkeypatch.setattr(ingest, "OPTIMIZE_AFTER", 10_000)
    ingest_records(records[:10], store)
    assert merged == []  # a small ingest leaves merging to FTS5
    before = store.fts('"on the grain deal"', limit=100)
    segments = store.db.execute("SELECT count(*) FROM passages_fts_data").fetchone()[0]
    monkeypatch.setattr(ingest, "OPTIMIZE_AFTER", 5)
    report = ingest_records(records, store)
    assert report.added == 20 and merged == [1]
    after = store.fts('"on the grain deal"', limit=100)
    assert len(after) == 30 and set(before) <= set(after)
    assert store.db.execute("SELECT count(*) FROM passages_fts_data").fetchone()[0] <= segments
