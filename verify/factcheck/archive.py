"""The fact-check archive: ``VERIFY_HOME/factchecks.sqlite`` (SQLite, WAL).

Same rules as the corpus store: one transaction per record; re-adding the same check is a
no-op; a check whose content changed (same publisher and ``source_id``) becomes a new
version and the old one is kept, no longer current. The claim vectors (one per current
check and embedding model) are stored beside the checks so that matching never embeds the
archive; ``generation`` changes with every write so that the matcher's cached search
structures (``factchecks.index/``) know when to rebuild.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify import config
from verify.errors import NotFoundError, StoreError
from verify.factcheck.models import FactCheck, ReadProblem

SCHEMA_VERSION = 1
_COLUMNS = (
    "source_id",
    "claim",
    "rating",
    "rating_normalised",
    "publisher",
    "url",
    "date",
    "title",
    "claimant",
    "claim_date",
    "language",
    "origin",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS factchecks (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    current INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,
    source_id TEXT NOT NULL,
    claim TEXT NOT NULL,
    rating TEXT,
    rating_normalised TEXT NOT NULL,
    publisher TEXT,
    url TEXT,
    date TEXT,
    title TEXT,
    claimant TEXT,
    claim_date TEXT,
    language TEXT,
    origin TEXT,
    added_at TEXT NOT NULL,
    UNIQUE (key, version)
);
CREATE INDEX IF NOT EXISTS factchecks_current ON factchecks (key) WHERE current = 1;
CREATE INDEX IF NOT EXISTS factchecks_source ON factchecks (source_id);
CREATE TABLE IF NOT EXISTS vectors (
    factcheck_id INTEGER NOT NULL REFERENCES factchecks (id),
    model TEXT NOT NULL,
    field TEXT NOT NULL,  -- "claim", or "title" (the headline, when there is one)
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (factcheck_id, model, field)
);
"""


def archive_path() -> Path:
    return config.home() / "factchecks.sqlite"


@dataclass
class AddReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ReadProblem] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.to_dict() for p in self.problems],
        }


class Archive:
    """The fact-check archive. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str | None = None, *, create: bool = True):
        self.path = Path(path) if path is not None else archive_path()
        if not create and not self.path.exists():
            raise StoreError(
                f"No fact-check archive at {self.path}.",
                "Add fact checks first: verify factcheck add PATH (e.g. the CLEF file "
                "../shared/eval/clef2020-task2/verified_claims.docs.tsv).",
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
            got = self._meta("schema_version")
            if got is None:
                self._set_meta("schema_version", str(SCHEMA_VERSION))
            elif int(got) != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has archive schema {got}; this verify reads {SCHEMA_VERSION}.",
                    "Use the verify version that wrote it, or add the fact checks again "
                    "into a new VERIFY_HOME.",
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Cannot open the fact-check archive {self.path}: {exc}.",
                "If the file is damaged, move it away and add the fact checks again.",
            ) from exc

    # ------------------------------------------------------------------ basics

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def generation(self) -> int:
        return int(self._meta("generation") or 0)

    def _bump(self) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # ------------------------------------------------------------------ writing

    def add(self, fc: FactCheck) -> str:
        """Store one fact check in its own transaction: "added", "updated" or "unchanged"."""
        digest = fc.content_hash()
        key = fc.key
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        try:
            self.db.execute("BEGIN IMMEDIATE")
            row = self.db.execute(
                "SELECT id, version, content_hash FROM factchecks WHERE key = ? AND current = 1",
                (key,),
            ).fetchone()
            if row is not None and row["content_hash"] == digest:
                self.db.execute("COMMIT")
                return "unchanged"
            version = 1
            if row is not None:
                version = row["version"] + 1
                self.db.execute("UPDATE factchecks SET current = 0 WHERE id = ?", (row["id"],))
            values = [getattr(fc, c) for c in _COLUMNS]
            cols = ", ".join(_COLUMNS)
            marks = ", ".join("?" * len(_COLUMNS))
            self.db.execute(
                f"INSERT INTO factchecks (key, version, current, content_hash, {cols}, added_at)"
                f" VALUES (?, ?, 1, ?, {marks}, ?)",
                [key, version, digest, *values, now],
            )
            self._bump()
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return "added" if row is None else "updated"

    def add_all(
        self,
        items: Iterable[FactCheck | ReadProblem],
        *,
        progress: Callable[[int], None] | None = None,
    ) -> AddReport:
        report = AddReport()
        for item in items:
            if isinstance(item, ReadProblem):
                report.problems.append(item)
            else:
                outcome = self.add(item)
                setattr(report, outcome, getattr(report, outcome) + 1)
            if progress is not None:
                progress(1)
        return report

    # ------------------------------------------------------------------ vectors

    def missing_vectors(self, model: str) -> list[tuple[int, str, str]]:
        """(id, field, text) of what the current checks lack a vector for."""
        rows = self.db.execute(
            "SELECT f.id, f.claim, f.title, "
            "EXISTS (SELECT 1 FROM vectors v WHERE v.factcheck_id = f.id AND v.model = ? "
            "AND v.field = 'claim') AS has_claim, "
            "EXISTS (SELECT 1 FROM vectors v WHERE v.factcheck_id = f.id AND v.model = ? "
            "AND v.field = 'title') AS has_title "
            "FROM factchecks f WHERE f.current = 1 ORDER BY f.id",
            (model, model),
        ).fetchall()
        todo = []
        for r in rows:
            if not r["has_claim"]:
                todo.append((r["id"], "claim", r["claim"]))
            title = (r["title"] or "").strip()
            if title and title != r["claim"].strip() and not r["has_title"]:
                todo.append((r["id"], "title", title))
        return todo

    def embed_missing(
        self, embedder: Any, *, batch: int = 256, progress: Callable[[int], None] | None = None
    ) -> int:
        """Embed the current checks' claims (and headlines) that have no vector yet."""
        import numpy as np

        model = model_key(embedder)
        todo = self.missing_vectors(model)
        for start in range(0, len(todo), batch):
            part = todo[start : start + batch]
            vecs = np.asarray(embedder.encode([t for _, _, t in part]), dtype=np.float32)
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany(
                    "INSERT OR REPLACE INTO vectors (factcheck_id, model, field, dim, vector) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (i, model, f, vecs.shape[1], v.tobytes())
                        for (i, f, _), v in zip(part, vecs, strict=True)
                    ],
                )
                self._bump()
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            if progress is not None:
                progress(len(part))
        return len(todo)

    def vectors(self, model: str) -> tuple[list[int], Any, Any]:
        """(ids, claim vectors, headline vectors) of the current checks that have a claim
        vector for ``model``; a check without a headline gets its claim vector twice."""
        import numpy as np

        rows = self.db.execute(
            "SELECT v.factcheck_id, v.field, v.dim, v.vector FROM vectors v JOIN factchecks f "
            "ON f.id = v.factcheck_id WHERE f.current = 1 AND v.model = ? ORDER BY f.id",
            (model,),
        ).fetchall()
        claims = {r[0]: r[3] for r in rows if r[1] == "claim"}
        titles = {r[0]: r[3] for r in rows if r[1] == "title"}
        ids = sorted(claims)
        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32), np.zeros((0, 0), dtype=np.float32)
        dim = rows[0][2]
        c = np.frombuffer(b"".join(claims[i] for i in ids), dtype=np.float32).reshape(-1, dim)
        t = np.frombuffer(
            b"".join(titles.get(i, claims[i]) for i in ids), dtype=np.float32
        ).reshape(-1, dim)
        return ids, c, t

    # ------------------------------------------------------------------ reading

    def count(self, *, current: bool = True) -> int:
        where = " WHERE current = 1" if current else ""
        return self.db.execute(f"SELECT COUNT(*) FROM factchecks{where}").fetchone()[0]

    def iter_current(self) -> Iterator[FactCheck]:
        for row in self.db.execute("SELECT * FROM factchecks WHERE current = 1 ORDER BY id"):
            yield _row_check(row)

    def list(
        self, *, limit: int | None = None, offset: int = 0, publisher: str | None = None
    ) -> list[FactCheck]:
        sql = "SELECT * FROM factchecks WHERE current = 1"
        args: list[Any] = []
        if publisher:
            sql += " AND lower(publisher) = lower(?)"
            args.append(publisher)
        sql += " ORDER BY id LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
        return [_row_check(r) for r in self.db.execute(sql, args)]

    def get(self, ident: str | int) -> FactCheck:
        """A check by archive id (current version of it) or by source id / URL."""
        row = None
        text = str(ident).strip()
        if text.isdigit():
            row = self.db.execute("SELECT * FROM factchecks WHERE id = ?", (int(text),)).fetchone()
        if row is None:
            row = self.db.execute(
                "SELECT * FROM factchecks WHERE source_id = ? AND current = 1 ORDER BY id LIMIT 1",
                (text,),
            ).fetchone()
        if row is None:
            raise NotFoundError(
                f"No fact check {text!r} in the archive.",
                "List them with: verify factcheck list",
            )
        return _row_check(row)

    def versions(self, fc: FactCheck) -> list[FactCheck]:
        rows = self.db.execute(
            "SELECT * FROM factchecks WHERE key = ? ORDER BY version", (fc.key,)
        ).fetchall()
        return [_row_check(r) for r in rows]

    def by_ids(self, ids: Iterable[int]) -> dict[int, FactCheck]:
        ids = list(ids)
        out: dict[int, FactCheck] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            sql = f"SELECT * FROM factchecks WHERE id IN ({', '.join('?' * len(part))})"
            for row in self.db.execute(sql, part):
                out[row["id"]] = _row_check(row)
        return out


def model_key(embedder: Any) -> str:
    return f"{embedder.name}/{getattr(embedder, 'backend', '')}"


def _row_check(row: sqlite3.Row) -> FactCheck:
    keys = row.keys()
    fc = FactCheck(**{c: row[c] for c in _COLUMNS if c in keys})
    if "id" in keys:
        fc.id = row["id"]
    if "version" in keys:
        fc.version = row["version"]
    if "added_at" in keys:
        fc.added_at = row["added_at"]
    return fc
