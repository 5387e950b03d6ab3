"""The corpus store: one SQLite database (WAL) of documents, turns, sentences and passages,
with an FTS5 full-text index over passages.

Each document is written in one transaction: an interrupted ingest leaves the store as it
was before that document. Re-adding identical content changes nothing; changed content for
the same document key (its URL, else its origin) becomes a new version and the old one is kept
(``is_current`` marks the newest).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verify import config
from verify.corpus.queries import (
    AUTHORS_CREDITED,
    SHINGLES_COMPLETE,
    PassageQueries,
    turn_from_row,
)
from verify.corpus.shingles import document_fingerprints
from verify.errors import NotFoundError, StoreError
from verify.models import Document, DocumentRecord, Turn

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_key      TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    date         TEXT,
    publisher    TEXT,
    kind         TEXT,
    language     TEXT NOT NULL DEFAULT 'en',
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL,
    is_current   INTEGER NOT NULL DEFAULT 1,
    origin       TEXT,
    meta         TEXT NOT NULL DEFAULT '{}',
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    UNIQUE (doc_key, version)
);
CREATE INDEX IF NOT EXISTS documents_url ON documents(url);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_publisher ON documents(publisher);
CREATE TABLE IF NOT EXISTS turns (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    body_start  INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    label       TEXT,
    speaker     TEXT,
    is_question INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS turns_speaker ON turns(speaker);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    turn_seq INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS passages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    turn_seq    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    speaker     TEXT,
    is_question INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, start);
CREATE INDEX IF NOT EXISTS passages_speaker ON passages(speaker, doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_vocab USING fts5vocab(passages_fts, 'row');
CREATE TABLE IF NOT EXISTS shingles (
    hash       INTEGER NOT NULL,
    passage_id INTEGER NOT NULL,
    PRIMARY KEY (hash, passage_id)
) WITHOUT ROWID;
"""


@dataclass
class AddResult:
    status: str  # "added" | "unchanged" | "new_version"
    doc_id: int
    version: int
    turns: int = 0
    passages: int = 0


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_key(record: DocumentRecord) -> str:
    """The identity of a document across versions: its URL, else its origin."""
    if record.url:
        return record.url.strip()
    if record.origin:
        return "origin:" + record.origin
    return "hash:" + content_hash(record.text)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store(PassageQueries):
    """A handle on the SQLite store. Use as a context manager or call close()."""

    def __init__(
        self, path: Path | str | None = None, *, create: bool = True, readonly: bool = False
    ):
        self.path = Path(path) if path is not None else config.store_path()
        if not self.path.exists():
            if not create or readonly:
                raise StoreError(
                    f"No corpus store at {self.path}.",
                    "Run: verify corpus add PATH --publisher NAME --kind primary "
                    "(or `make demo`), or set VERIFY_HOME to where your store lives.",
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if readonly:
                uri = f"file:{self.path}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
                # reads the header: a file that is not a database fails here, not later
                self.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            else:
                self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.executescript(SCHEMA)
                self._init_meta()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Cannot open the store {self.path}: {exc}.",
                "If the file is damaged, move it away and re-ingest the corpora (make demo).",
            ) from exc

    # ------------------------------------------------------------------ plumbing

    def _init_meta(self) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('store_id', ?)", (uuid.uuid4().hex,)
            )
            self.db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            if self.db.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is None:
                # a new store: every passage gets its fingerprints as it is added
                self.db.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES (?, '1')", (SHINGLES_COMPLETE,)
                )
                # and every document its author as it is added
                self.db.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES (?, '1')", (AUTHORS_CREDITED,)
                )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def store_id(self) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key='store_id'").fetchone()
        return row[0] if row else ""

    # ------------------------------------------------------------------ writing

    def add_document(
        self,
        record: DocumentRecord,
        turns: list[Turn],
        sentences: list[tuple[int, int, int]],
        passages: list[tuple[int, int, int]],
    ) -> AddResult:
        """Store one document atomically.

        ``sentences`` and ``passages`` are (turn_seq, start, end) spans of record.text.
        """
        key = document_key(record)
        digest = content_hash(record.text)
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT id, version, content_hash, title, date, publisher, kind, meta "
                "FROM documents WHERE doc_key=? ORDER BY version DESC LIMIT 1",
                (key,),
            ).fetchone()
            if (
                row is not None
                and row["content_hash"] == digest
                and not self._turns_changed(row["id"], turns)
            ):
                # same words: no new version, but keep the metadata current
                meta = json.dumps(record.meta, ensure_ascii=False, default=str)
                fields = (record.title, record.date, record.publisher, record.kind, meta)
                old = (row["title"], row["date"], row["publisher"], row["kind"], row["meta"])
                if fields != old:
                    db.execute(
                        "UPDATE documents SET title=?, date=?, publisher=?, kind=?, meta=? "
                        "WHERE id=?",
                        (*fields, row["id"]),
                    )
                db.execute("COMMIT")
                return AddResult("unchanged", row["id"], row["version"])
            version = 1 if row is None else row["version"] + 1
            if row is not None:
                db.execute("UPDATE documents SET is_current=0 WHERE doc_key=?", (key,))
            cur = db.execute(
                "INSERT INTO documents(doc_key, url, title, date, publisher, kind, language,"
                " content_hash, version, is_current, origin, meta, text, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?,?)",
                (
                    key,
                    record.url,
                    record.title,
                    record.date,
                    record.publisher,
                    record.kind,
                    record.language or "en",
                    digest,
                    version,
                    record.origin,
                    json.dumps(record.meta, ensure_ascii=False, default=str),
                    record.text,
                    _now(),
                ),
            )
            doc_id = cur.lastrowid
            db.executemany(
                "INSERT INTO turns(doc_id, seq, start, body_start, end, label, speaker,"
                " is_question)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        doc_id,
                        i,
                        t.start,
                        t.body_start,
                        t.end,
                        t.label,
                        t.speaker,
                        int(t.is_question),
                    )
                    for i, t in enumerate(turns)
                ],
            )
            db.executemany(
                "INSERT INTO sentences(doc_id, seq, turn_seq, start, end) VALUES (?,?,?,?,?)",
                [(doc_id, i, ts, s, e) for i, (ts, s, e) in enumerate(sentences)],
            )
            text = record.text
            spans = []
            for ts, s, e in passages:
                turn = turns[ts] if 0 <= ts < len(turns) else None
                ptext = text[s:e]
                cur = db.execute(
                    "INSERT INTO passages(doc_id, turn_seq, start, end, text, speaker, is_question)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (
                        doc_id,
                        ts,
                        s,
                        e,
                        ptext,
                        turn.speaker if turn else None,
                        int(turn.is_question) if turn else 0,
                    ),
                )
                db.execute(
                    "INSERT INTO passages_fts(rowid, text) VALUES (?, ?)", (cur.lastrowid, ptext)
                )
                spans.append((cur.lastrowid, ts, s, e))
            db.executemany(
                "INSERT OR IGNORE INTO shingles(hash, passage_id) VALUES (?, ?)",
                document_fingerprints(text, spans),
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        status = "added" if version == 1 else "new_version"
        return AddResult(status, doc_id, version, len(turns), len(passages))

    def _turns_changed(self, doc_id: int, turns: list[Turn]) -> bool:
        """Does a fresh segmentation of a document's unchanged words cut or credit its
        turns otherwise than the stored one (a parser fix: a turn it missed)? Then re-ingest
        stores a new version. A speaker the stored turn has and the new one lacks was
        credited afterwards (the title's author) and is no change."""
        old = self.turns(doc_id)
        if len(old) != len(turns):
            return True
        return any(
            (t.start, t.body_start, t.end, t.is_question)
            != (o.start, o.body_start, o.end, o.is_question)
            or (t.speaker is not None and t.speaker != o.speaker)
            for t, o in zip(turns, old, strict=True)
        )

    def optimize_fts(self) -> None:
        """Merge the full-text index's segments into one (FTS5 'optimize'), in one
        transaction. Passages added one document at a time leave many small segments, and a
        phrase query seeks through every segment of each of its words: merged, the
        phrase queries of the quote checks measured 1.3-1.6x faster on the full corpora.
        The index's content and scores do not change."""
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def build_shingles(self, *, batch: int = 500) -> int:
        """Give every passage its exact-wording fingerprints (a store made before the
        shingles table existed), document by document in transactions of ``batch``
        documents; the store is marked complete at the end (an interrupted build is run
        again from the start; no row is stored twice). Returns the number of documents
        fingerprinted (0 when the store was complete)."""
        db = self.db
        if self.shingles_complete():
            return 0
        done = 0
        last = 0
        while True:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                )
            ]
            if not ids:
                break
            try:
                db.execute("BEGIN IMMEDIATE")
                for doc_id in ids:
                    text = db.execute(
                        "SELECT text FROM documents WHERE id=?", (doc_id,)
                    ).fetchone()[0]
                    spans = db.execute(
                        "SELECT id, turn_seq, start, end FROM passages WHERE doc_id=?", (doc_id,)
                    ).fetchall()
                    db.executemany(
                        "INSERT OR IGNORE INTO shingles(hash, passage_id) VALUES (?, ?)",
                        document_fingerprints(text, [tuple(r) for r in spans]),
                    )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            done += len(ids)
            last = ids[-1]
        with db:
            db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (SHINGLES_COMPLETE,)
            )
        self._shingles = True
        return done

    def authors_credited(self) -> bool:
        """Were the unlabelled documents of this store credited to their authors?"""
        q = "SELECT 1 FROM meta WHERE key=?"
        return self.db.execute(q, (AUTHORS_CREDITED,)).fetchone() is not None

    def unlabelled_documents(self) -> list[tuple[int, str | None, str | None, str | None]]:
        """(id, title, date, publisher) of the documents with no labelled or credited turn."""
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT d.id, d.title, d.date, d.publisher FROM documents d WHERE NOT EXISTS "
                "(SELECT 1 FROM turns t WHERE t.doc_id = d.id "
                "AND (t.label IS NOT NULL OR t.speaker IS NOT NULL)) ORDER BY d.id"
            )
        ]

    def set_turn_speakers(self, speakers: dict[int, dict[int, str]], *, done: bool = False) -> int:
        """Credit turns to speakers: {doc_id: {turn_seq: speaker}}, the turns and their
        passages, in one transaction; ``done`` also marks the store credited (see
        :meth:`authors_credited`). Returns the number of turns changed."""
        db = self.db
        changed = 0
        try:
            db.execute("BEGIN IMMEDIATE")
            for doc_id, by_seq in speakers.items():
                for seq, speaker in by_seq.items():
                    cur = db.execute(
                        "UPDATE turns SET speaker=? WHERE doc_id=? AND seq=?",
                        (speaker, doc_id, seq),
                    )
                    changed += cur.rowcount
                    db.execute(
                        "UPDATE passages SET speaker=? WHERE doc_id=? AND turn_seq=?",
                        (speaker, doc_id, seq),
                    )
            if done:
                db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (AUTHORS_CREDITED,)
                )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return changed

    # ------------------------------------------------------------------ reading

    def count(self, table: str, current_only: bool = False) -> int:
        if table not in {"documents", "turns", "sentences", "passages"}:
            raise ValueError(table)
        if table == "documents":
            where = " WHERE is_current=1" if current_only else ""
            return self.db.execute(f"SELECT count(*) FROM documents{where}").fetchone()[0]
        if current_only:
            return self.db.execute(
                f"SELECT count(*) FROM {table} t JOIN documents d ON d.id=t.doc_id "
                "WHERE d.is_current=1"
            ).fetchone()[0]
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def stats(self) -> dict[str, Any]:
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return {
            "documents": self.count("documents", current_only=True),
            "versions": self.count("documents"),
            "turns": self.count("turns", current_only=True),
            "sentences": self.count("sentences", current_only=True),
            "passages": self.count("passages", current_only=True),
            "bytes": size,
            "publishers": {
                r[0]: r[1]
                for r in self.db.execute(
                    "SELECT coalesce(publisher, '?'), count(*) FROM documents WHERE is_current=1 "
                    "GROUP BY 1 ORDER BY 2 DESC"
                )
            },
        }

    def list_documents(
        self,
        *,
        publisher: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
        all_versions: bool = False,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        where, args = [], []
        if not all_versions:
            where.append("is_current=1")
        if publisher:
            where.append("lower(publisher)=lower(?)")
            args.append(publisher)
        if kind:
            where.append("kind=?")
            args.append(kind)
        if since:
            where.append("date>=?")
            args.append(since)
        if until:
            where.append("substr(date,1,10)<=?")
            args.append(until)
        sql = (
            "SELECT d.id, d.url, d.title, d.date, d.publisher, d.kind, d.language, d.version,"
            " d.content_hash, d.is_current, d.origin, length(d.text) AS chars,"
            " (SELECT count(*) FROM turns t WHERE t.doc_id=d.id) AS turns FROM documents d"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.date, d.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for row in self.db.execute(sql, args):
            out = dict(row)
            out["is_current"] = bool(out["is_current"])
            yield out

    def _doc_from_row(self, row: sqlite3.Row, with_turns: bool = True) -> Document:
        doc = Document(
            id=row["id"],
            url=row["url"],
            title=row["title"],
            date=row["date"],
            publisher=row["publisher"],
            kind=row["kind"],
            language=row["language"],
            text=row["text"],
            content_hash=row["content_hash"],
            version=row["version"],
            origin=row["origin"] or "",
            meta=json.loads(row["meta"] or "{}"),
        )
        if with_turns:
            doc.turns = self.turns(doc.id)
        return doc

    def get_document(self, ref: int | str, *, version: int | None = None) -> Document:
        """A document by id, URL or document key (current version unless ``version``)."""
        row = None
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            row = self.db.execute("SELECT * FROM documents WHERE id=?", (int(ref),)).fetchone()
        if row is None and isinstance(ref, str):
            ref_s = ref.strip()
            candidates = [ref_s]
            if ref_s.startswith("https://"):
                candidates.append("http://" + ref_s[8:])
            elif ref_s.startswith("http://"):
                candidates.append("https://" + ref_s[7:])
            candidates += [c.rstrip("/") for c in candidates] + [c + "/" for c in candidates]
            for cand in candidates:
                sql = "SELECT * FROM documents WHERE (url=? OR doc_key=?)"
                args: list[Any] = [cand, cand]
                if version is not None:
                    sql += " AND version=?"
                    args.append(version)
                else:
                    sql += " AND is_current=1"
                row = self.db.execute(sql + " ORDER BY version DESC LIMIT 1", args).fetchone()
                if row:
                    break
        if row is None:
            raise NotFoundError(
                f"No document {ref!r} in the store.",
                "List documents with: verify corpus list (a document is named by its id or URL).",
            )
        return self._doc_from_row(row)

    def get_documents(self, doc_ids: list[int]) -> dict[int, Document]:
        if not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        rows = self.db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", doc_ids)
        docs = {r["id"]: self._doc_from_row(r, with_turns=False) for r in rows}
        trows = self.db.execute(
            f"SELECT * FROM turns WHERE doc_id IN ({marks}) ORDER BY doc_id, seq", doc_ids
        )
        for t in trows:
            docs[t["doc_id"]].turns.append(turn_from_row(t))
        return docs

    def versions(self, ref: str) -> list[dict[str, Any]]:
        doc = self.get_document(ref)
        key = self.db.execute("SELECT doc_key FROM documents WHERE id=?", (doc.id,)).fetchone()[0]
        rows = self.db.execute(
            "SELECT id, version, content_hash, is_current, ingested_at FROM documents "
            "WHERE doc_key=? ORDER BY version",
            (key,),
        )
        return [dict(r) for r in rows]
