"""Review items and reviewers' decisions, kept in the corpus store's SQLite file (WAL).

Every checked quote (from the quote form / ``POST /api/quote`` or from an article) becomes a
review item holding its QuoteResult JSON, where it came from (the article and the quote's
character offsets), the claimed speaker, the credited outlet and the automatic verdict. A
reviewer accepts that verdict or sets another, with a note and their name; each decision is
appended to ``review_decisions`` (the history is never rewritten) and the item carries the
latest one. The tables live next to the corpus tables, so the CLI and the server see the same
data; they are created on first use with CREATE TABLE IF NOT EXISTS.

Each call opens its own short-lived connection, and every write is one ``BEGIN IMMEDIATE``
transaction, so concurrent reviewers (threads or processes) never lose a decision.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verify.errors import InputError, NotFoundError, StoreError
from verify.models import VERDICTS, Article, ArticleReport, QuoteResult
from verify.report.review import HumanReview, with_review

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_articles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    article_key  TEXT NOT NULL UNIQUE,
    doc_id       INTEGER,
    url          TEXT,
    title        TEXT,
    outlet       TEXT,
    date         TEXT,
    origin       TEXT,
    text         TEXT NOT NULL,
    report_json  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    checked_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_items (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    item_key       TEXT NOT NULL UNIQUE,
    origin         TEXT NOT NULL,
    article_id     INTEGER REFERENCES review_articles(id),
    seq            INTEGER,
    start          INTEGER,
    end            INTEGER,
    kind           TEXT NOT NULL DEFAULT 'quote',
    quote          TEXT NOT NULL,
    speaker        TEXT,
    claimed_date   TEXT,
    outlet         TEXT,
    article_outlet TEXT,
    verdict        TEXT NOT NULL,
    score          REAL,
    result_json    TEXT NOT NULL,
    human_verdict  TEXT,
    reviewer       TEXT,
    note           TEXT,
    decided_at     TEXT,
    decisions      INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    checked_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_items_article ON review_items(article_id, seq);
CREATE INDEX IF NOT EXISTS review_items_verdict ON review_items(verdict);
CREATE TABLE IF NOT EXISTS review_decisions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id      INTEGER NOT NULL REFERENCES review_items(id),
    action       TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    auto_verdict TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    note         TEXT,
    decided_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_decisions_item ON review_decisions(item_id, id);
"""

MAX_REVIEWER = 100
MAX_NOTE = 5_000
MAX_FILTER = 200
MAX_LIMIT = 500

# the columns a queue row shows (the result JSON is loaded only for one item)
_SUMMARY = (
    "i.id, i.origin, i.article_id, i.seq, i.start, i.end, i.kind, i.quote, i.speaker,"
    " i.claimed_date, i.outlet, i.article_outlet, i.verdict, i.score, i.human_verdict,"
    " i.reviewer, i.note, i.decided_at, i.decisions, i.created_at, i.checked_at,"
    " a.title AS article_title, a.url AS article_url"
)


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _key(*parts: Any) -> str:
    raw = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _clean(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name} must be text.", f"Give {name} as a string.")
    value = value.strip()
    if len(value) > limit:
        raise InputError(
            f"{name} is {len(value):,} characters long; the limit is {limit:,}.",
            f"Shorten {name}.",
        )
    return value or None


@dataclass
class Filters:
    """What the review queue (and the ClaimReview export) shows."""

    verdict: str | None = None  # the effective verdict: the human one when there is one
    outlet: str | None = None  # credited outlet (via) or the article's outlet; substring
    speaker: str | None = None  # substring of the claimed speaker
    reviewed: bool | None = None  # True: decided; False: pending; None: both
    article_id: int | None = None

    def validate(self) -> Filters:
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise InputError(
                f"Unknown verdict {self.verdict!r}.", f"Use one of: {', '.join(VERDICTS)}."
            )
        self.outlet = _clean(self.outlet, "outlet", MAX_FILTER)
        self.speaker = _clean(self.speaker, "speaker", MAX_FILTER)
        return self

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.verdict:
            clauses.append("coalesce(i.human_verdict, i.verdict) = ?")
            args.append(self.verdict)
        if self.outlet:
            clauses.append(
                "(instr(lower(coalesce(i.outlet, '')), lower(?)) > 0"
                " OR instr(lower(coalesce(i.article_outlet, '')), lower(?)) > 0)"
            )
            args += [self.outlet, self.outlet]
        if self.speaker:
            clauses.append("instr(lower(coalesce(i.speaker, '')), lower(?)) > 0")
            args.append(self.speaker)
        if self.reviewed is True:
            clauses.append("i.human_verdict IS NOT NULL")
        elif self.reviewed is False:
            clauses.append("i.human_verdict IS NULL")
        if self.article_id is not None:
            clauses.append("i.article_id = ?")
            args.append(self.article_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


class _ReviewFile:
    """The SQLite file of the review tables: short-lived connections, one transaction per
    write."""

    path: Path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open the store {self.path}: {exc}.") from exc
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"The review tables of {self.path} could not be read or written: {exc}.",
                "Try again; if it persists, check the disk and the file's permissions.",
            ) from exc
        finally:
            db.close()

    @contextmanager
    def _write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction; the write lock is taken at BEGIN, so nothing is lost.
        ``durable``: sync to disk at commit (a reviewer's decision); automatic check results
        can be recomputed, so they use WAL's cheaper NORMAL sync, like the corpus store."""
        with self._connect() as db:
            db.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")


class ReviewStore(_ReviewFile):
    """Review items, decisions and checked articles in the SQLite file at ``path``."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if not self.path.exists():
            raise StoreError(
                f"No corpus store at {self.path}.",
                "No corpus yet. Run: make demo (or verify corpus ingest --demo).",
            )
        with self._connect() as db:
            db.executescript(SCHEMA)

    # ------------------------------------------------------------------ recording checks

    def record_quote(self, result: QuoteResult, *, outlet: str | None = None) -> int:
        """Keep one checked quote as a review item (pending); returns its id. Checking the
        same quote (same words, speaker, date and outlet) again updates that item: its
        decisions stay."""
        row = result.to_json()
        key = _key("quote", result.quote, result.claimed_speaker, result.claimed_date, outlet)
        stamp = now()
        with self._write() as db:
            return _upsert(
                db,
                key,
                origin="quote",
                article_id=None,
                seq=None,
                start=None,
                end=None,
                kind="quote",
                quote=result.quote,
                speaker=result.claimed_speaker,
                claimed_date=result.claimed_date,
                outlet=outlet,
                article_outlet=None,
                verdict=result.verdict,
                score=float(result.score),
                result_json=json.dumps(row, ensure_ascii=False),
                stamp=stamp,
            )

    def record_article(self, report: ArticleReport, key: str) -> tuple[int, list[int]]:
        """Keep a checked article and one review item per check, in one transaction;
        returns (article id, item ids in the article's order). ``key`` identifies the
        article (verify.article.runner.article_key): checking it again updates it in place."""
        a = report.article
        stamp = now()
        report_json = report.to_json()
        with self._write() as db:
            art = db.execute(
                "INSERT INTO review_articles(article_key, doc_id, url, title, outlet, date, origin,"
                " text, report_json, created_at, checked_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(article_key) DO UPDATE SET doc_id=excluded.doc_id,"
                " url=excluded.url, title=excluded.title, outlet=excluded.outlet,"
                " date=excluded.date, text=excluded.text, report_json=excluded.report_json,"
                " checked_at=excluded.checked_at RETURNING id",
                (
                    key,
                    report.doc_id,
                    a.url,
                    a.title,
                    a.outlet,
                    a.date,
                    a.origin,
                    a.text,
                    json.dumps(report_json, ensure_ascii=False),
                    stamp,
                    stamp,
                ),
            ).fetchone()
            article_id = int(art[0])
            ids = []
            for seq, check in enumerate(report.checks):
                ex, res = check.extracted, check.result
                item_key = _key("article", article_id, ex.start, ex.end, ex.kind, ex.text)
                ids.append(
                    _upsert(
                        db,
                        item_key,
                        origin="article",
                        article_id=article_id,
                        seq=seq,
                        start=ex.start,
                        end=ex.end,
                        kind=ex.kind,
                        quote=res.quote,
                        speaker=res.claimed_speaker or ex.speaker,
                        claimed_date=res.claimed_date,
                        outlet=ex.via or check.provenance.via,
                        article_outlet=a.outlet,
                        verdict=res.verdict,
                        score=float(res.score),
                        result_json=json.dumps(check.to_json(), ensure_ascii=False),
                        stamp=stamp,
                    )
                )
            # checks that a new extraction no longer finds: drop them unless decided on
            marks = ",".join("?" * len(ids)) or "NULL"
            db.execute(
                f"DELETE FROM review_items WHERE article_id=? AND decisions=0"
                f" AND id NOT IN ({marks})",
                [article_id, *ids],
            )
            return article_id, ids

    # ------------------------------------------------------------------ decisions

    def decide(
        self,
        item_id: int,
        *,
        reviewer: Any,
        verdict: Any = None,
        note: Any = None,
    ) -> dict[str, Any]:
        """Record a reviewer's decision on an item: ``verdict`` None accepts the automatic
        verdict. Appends to the history and makes it the item's current human verdict."""
        name = _clean(reviewer, "The reviewer's name", MAX_REVIEWER)
        if not name:
            raise InputError(
                "The reviewer's name is missing.", "Say who decides: give your name or initials."
            )
        text = _clean(note, "The note", MAX_NOTE)
        if verdict is not None and (not isinstance(verdict, str) or verdict not in VERDICTS):
            raise InputError(f"Unknown verdict {verdict!r}.", f"Use one of: {', '.join(VERDICTS)}.")
        stamp = now()
        with self._write(durable=True) as db:
            row = db.execute("SELECT verdict FROM review_items WHERE id=?", (item_id,)).fetchone()
            if row is None:
                raise _missing(item_id)
            auto = row["verdict"]
            chosen = verdict or auto
            action = "accept" if chosen == auto else "change"
            cur = db.execute(
                "INSERT INTO review_decisions(item_id, action, verdict, auto_verdict, reviewer,"
                " note, decided_at) VALUES (?,?,?,?,?,?,?)",
                (item_id, action, chosen, auto, name, text, stamp),
            )
            db.execute(
                "UPDATE review_items SET human_verdict=?, reviewer=?, note=?, decided_at=?,"
                " decisions=decisions+1 WHERE id=?",
                (chosen, name, text, stamp, item_id),
            )
            decision_id = cur.lastrowid
        return {
            "id": decision_id,
            "item_id": item_id,
            "action": action,
            "verdict": chosen,
            "auto_verdict": auto,
            "reviewer": name,
            "note": text,
            "decided_at": stamp,
        }

    # ------------------------------------------------------------------ reading

    def list_items(
        self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Queue rows matching ``filters`` (newest first; an article's quotes in order) and
        how many match in all."""
        f = (filters or Filters()).validate()
        limit = max(1, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        where, args = f.where()
        base = " FROM review_items i LEFT JOIN review_articles a ON a.id = i.article_id" + where
        with self._connect() as db:
            total = db.execute("SELECT count(*)" + base, args).fetchone()[0]
            rows = db.execute(
                f"SELECT {_SUMMARY}{base} ORDER BY coalesce(i.article_id, 0) DESC,"
                " i.id DESC LIMIT ? OFFSET ?"
                if f.article_id is None
                else f"SELECT {_SUMMARY}{base} ORDER BY i.seq, i.id LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
        return [_summary(r) for r in rows], int(total)

    def get_item(self, item_id: int) -> dict[str, Any]:
        """One item with its QuoteResult JSON and its decisions, oldest first."""
        with self._connect() as db:
            row = db.execute(
                f"SELECT {_SUMMARY}, i.result_json FROM review_items i"
                " LEFT JOIN review_articles a ON a.id = i.article_id WHERE i.id=?",
                (item_id,),
            ).fetchone()
            if row is None:
                raise _missing(item_id)
            history = db.execute(
                "SELECT id, action, verdict, auto_verdict, reviewer, note, decided_at"
                " FROM review_decisions WHERE item_id=? ORDER BY id",
                (item_id,),
            ).fetchall()
        out = _summary(row)
        out["result"] = json.loads(row["result_json"])
        out["history"] = [dict(h) for h in history]
        return out

    def count_decisions(self, item_id: int | None = None) -> int:
        with self._connect() as db:
            if item_id is None:
                return db.execute("SELECT count(*) FROM review_decisions").fetchone()[0]
            return db.execute(
                "SELECT count(*) FROM review_decisions WHERE item_id=?", (item_id,)
            ).fetchone()[0]

    def get_article(self, article_id: int) -> dict[str, Any]:
        with self._connect() as db:
            row = db.execute("SELECT * FROM review_articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"No checked article {article_id}.",
                "Open the list of checked articles on the start page.",
            )
        out = dict(row)
        out["report"] = json.loads(out.pop("report_json"))
        return out

    def list_articles(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT a.id, a.url, a.title, a.outlet, a.date, a.checked_at,"
                " (SELECT count(*) FROM review_items i WHERE i.article_id=a.id) AS checks,"
                " (SELECT count(*) FROM review_items i WHERE i.article_id=a.id"
                "  AND i.human_verdict IS NOT NULL) AS reviewed"
                " FROM review_articles a ORDER BY a.checked_at DESC, a.id DESC LIMIT ?",
                (max(1, min(int(limit), MAX_LIMIT)),),
            ).fetchall()
        return [dict(r) for r in rows]

    def facets(self) -> dict[str, list[str]]:
        """The speakers and outlets in the queue, for the filter lists."""
        with self._connect() as db:
            speakers = [
                r[0]
                for r in db.execute(
                    "SELECT DISTINCT speaker FROM review_items WHERE speaker IS NOT NULL"
                    " ORDER BY lower(speaker) LIMIT 200"
                )
            ]
            outlets = [
                r[0]
                for r in db.execute(
                    "SELECT o FROM (SELECT outlet AS o FROM review_items UNION"
                    " SELECT article_outlet FROM review_items) WHERE o IS NOT NULL"
                    " ORDER BY lower(o) LIMIT 200"
                )
            ]
        return {"speakers": speakers, "outlets": outlets}

    def counts(self) -> dict[str, int]:
        with self._connect() as db:
            row = db.execute("SELECT count(*), count(human_verdict) FROM review_items").fetchone()
        return {"total": row[0], "reviewed": row[1], "pending": row[0] - row[1]}

    # ------------------------------------------------------------------ export

    def export_reports(self, filters: Filters | None = None) -> list[ArticleReport]:
        """The matching items as ArticleReports (one per article, one per lone quote), each
        check carrying its latest human decision, ready for verify.report.render."""
        f = (filters or Filters()).validate()
        where, args = f.where()
        with self._connect() as db:
            rows = db.execute(
                "SELECT i.id, i.article_id, i.result_json, i.kind, i.start, i.end,"
                " i.human_verdict, i.reviewer, i.note, i.decided_at, i.outlet,"
                " a.url, a.title, a.outlet AS a_outlet, a.date, a.origin, a.doc_id"
                " FROM review_items i LEFT JOIN review_articles a ON a.id = i.article_id"
                f"{where} ORDER BY coalesce(i.article_id, 0), i.seq, i.id",
                args,
            ).fetchall()
        return _reports_from_rows(rows)


def _upsert(db: sqlite3.Connection, key: str, *, stamp: str, **f: Any) -> int:
    row = db.execute(
        "INSERT INTO review_items(item_key, origin, article_id, seq, start, end, kind, quote,"
        " speaker, claimed_date, outlet, article_outlet, verdict, score, result_json,"
        " created_at, checked_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(item_key) DO UPDATE SET seq=excluded.seq, verdict=excluded.verdict,"
        " score=excluded.score, result_json=excluded.result_json,"
        " speaker=excluded.speaker, outlet=excluded.outlet,"
        " article_outlet=excluded.article_outlet, checked_at=excluded.checked_at"
        " RETURNING id",
        (
            key,
            f["origin"],
            f["article_id"],
            f["seq"],
            f["start"],
            f["end"],
            f["kind"],
            f["quote"],
            f["speaker"],
            f["claimed_date"],
            f["outlet"],
            f["article_outlet"],
            f["verdict"],
            f["score"],
            f["result_json"],
            stamp,
            stamp,
        ),
    ).fetchone()
    return int(row[0])


def _reports_from_rows(rows: list[sqlite3.Row]) -> list[ArticleReport]:
    """Export rows as ArticleReports: one per article (its checks in order), one per lone
    quote; each check carries its latest human decision."""
    from verify.report.load import check_from_json

    reports: list[ArticleReport] = []
    by_article: dict[int, ArticleReport] = {}
    for r in rows:
        data = json.loads(r["result_json"])
        data.setdefault("kind", r["kind"])
        if r["article_id"] is None and r["outlet"]:
            data.setdefault("via", r["outlet"])
        check = check_from_json(data)
        if r["human_verdict"]:
            check = with_review(
                check,
                HumanReview(r["human_verdict"], r["reviewer"], r["note"], r["decided_at"]),
            )
        if r["article_id"] is None:
            art = Article(text="", date=check.result.claimed_date, origin=f"review:{r['id']}")
            reports.append(ArticleReport(article=art, checks=[check]))
            continue
        rep = by_article.get(r["article_id"])
        if rep is None:
            art = Article(
                text="",
                url=r["url"],
                title=r["title"],
                date=r["date"],
                outlet=r["a_outlet"],
                origin=r["origin"] or "",
            )
            rep = by_article[r["article_id"]] = ArticleReport(article=art, doc_id=r["doc_id"])
            reports.append(rep)
        rep.checks.append(check)
    return reports


def _summary(r: sqlite3.Row) -> dict[str, Any]:
    out = {k: r[k] for k in r.keys() if k != "result_json"}
    out["effective_verdict"] = out["human_verdict"] or out["verdict"]
    out["reviewed"] = out["human_verdict"] is not None
    return out


def _missing(item_id: int) -> NotFoundError:
    return NotFoundError(
        f"No review item {item_id}.", "Open the review queue to see the items there are."
    )
