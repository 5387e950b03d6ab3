"""The read queries of the corpus store that the check stages run: passages and turns by id,
FTS5 phrase and BM25 queries, term frequencies, a document column for many ids, the claimed
speaker's passages by date. :class:`verify.corpus.store.Store` inherits them; they need only
its ``db`` connection."""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from verify.corpus import shingles
from verify.errors import StoreError
from verify.models import Passage, Turn

# meta key: set when every passage's fingerprints are in the shingles table (a store made
# before the table existed gets them from Store.build_shingles, which an ingest runs)
SHINGLES_COMPLETE = "shingles_complete"
# a 5-gram in more passages than this is common ("thank you very much for"): it ranks only
# the passages that rarer 5-grams of the quote found, by point lookups
COMMON_SHINGLE = 500


class PassageQueries:
    """Read queries over an open store connection (``self.db``)."""

    db: sqlite3.Connection

    def turns(self, doc_id: int) -> list[Turn]:
        rows = self.db.execute("SELECT * FROM turns WHERE doc_id=? ORDER BY seq", (doc_id,))
        return [turn_from_row(r) for r in rows]

    def passages(self, ids: list[int]) -> list[Passage]:
        if not ids:
            return []
        out: dict[int, Passage] = {}
        for chunk_start in range(0, len(ids), 900):
            chunk = ids[chunk_start : chunk_start + 900]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT * FROM passages WHERE id IN ({marks})", chunk):
                out[r["id"]] = passage_from_row(r)
        return [out[i] for i in ids if i in out]

    def iter_passages(
        self, *, after_id: int = 0, current_only: bool = True, batch: int = 2000
    ) -> Iterator[Passage]:
        """Passages with id > after_id in id order (for incremental embedding)."""
        last = after_id
        join = " JOIN documents d ON d.id=p.doc_id AND d.is_current=1" if current_only else ""
        while True:
            rows = self.db.execute(
                f"SELECT p.* FROM passages p{join} WHERE p.id>? ORDER BY p.id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield passage_from_row(r)
            last = rows[-1]["id"]

    def narrated_passages(self, doc_ids: list[int]) -> list[tuple[int, int]]:
        """(passage_id, doc_id) of the narrative text (no speaker, not a question) of these
        documents: a readout's account of what was said."""
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        return self.db.execute(
            f"SELECT id, doc_id FROM passages WHERE doc_id IN ({marks}) "
            "AND speaker IS NULL AND is_question = 0",
            list(doc_ids),
        ).fetchall()

    def max_passage_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]

    def current_passage_ids(self, ids: list[int]) -> set[int]:
        """Those of ``ids`` whose document is the current version."""
        out: set[int] = set()
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            out.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT p.id FROM passages p JOIN documents d ON d.id=p.doc_id "
                    f"WHERE d.is_current=1 AND p.id IN ({marks})",
                    chunk,
                )
            )
        return out

    # ------------------------------------------------------------------ full-text search

    def fts(
        self, match: str, *, limit: int = 50, publisher: str | None = None
    ) -> list[tuple[int, int, float]]:
        """(passage_id, doc_id, bm25) for an FTS5 MATCH expression, best first.

        Only current document versions. bm25 is negated so that higher is better.
        """
        sql = (
            "SELECT p.id, p.doc_id, bm25(passages_fts) AS score FROM passages_fts"
            " JOIN passages p ON p.id = passages_fts.rowid"
            " JOIN documents d ON d.id = p.doc_id"
            " WHERE passages_fts MATCH ? AND d.is_current=1"
        )
        args: list[Any] = [match]
        if publisher:
            sql += " AND lower(d.publisher)=lower(?)"
            args.append(publisher)
        sql += " ORDER BY score LIMIT ?"
        args.append(limit)
        try:
            rows = self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:  # a malformed MATCH expression
            raise StoreError(f"Full-text query failed: {exc}") from exc
        return [(r[0], r[1], -float(r[2])) for r in rows]

    def shingles_complete(self) -> bool:
        """Has every passage its exact-wording fingerprints (the shingles table)?"""
        cached = getattr(self, "_shingles", None)
        if cached is None:
            row = self.db.execute("SELECT 1 FROM meta WHERE key=?", (SHINGLES_COMPLETE,)).fetchone()
            cached = self._shingles = row is not None
        return cached

    def shingle_hits(
        self, text: str, *, limit: int = 50, publisher: str | None = None
    ) -> list[tuple[int, int, float]]:
        """(passage_id, doc_id, score) of the passages sharing runs of five words with
        ``text``, best first: the score sums, over the quote's 5-grams a passage keeps, the
        5-gram's rarity (log of passages over its passages). Only current document
        versions. A passage sharing ``shingles.GUARANTEED_WORDS`` words in a row with the
        text is always found; one sharing fewer may be."""
        qh = list(dict.fromkeys(shingles.hashes(shingles.words(text))))
        if not qh:
            return []
        total = max(1, self.max_passage_id())
        score: dict[int, float] = defaultdict(float)
        common: list[tuple[int, list[int]]] = []
        for h in qh:
            pids = [
                r[0]
                for r in self.db.execute(
                    "SELECT passage_id FROM shingles WHERE hash=? LIMIT ?", (h, COMMON_SHINGLE + 1)
                )
            ]
            if len(pids) > COMMON_SHINGLE:
                common.append((h, pids))
                continue
            weight = math.log(1 + total / max(1, len(pids)))
            for pid in pids:
                score[pid] += weight
        weight = math.log(1 + total / (COMMON_SHINGLE + 1))
        for h, pids in common:
            if score:  # rank the passages already found
                found = list(score)
                for i in range(0, len(found), 900):
                    chunk = found[i : i + 900]
                    marks = ",".join("?" * len(chunk))
                    for r in self.db.execute(
                        f"SELECT passage_id FROM shingles WHERE hash=? AND passage_id IN ({marks})",
                        [h, *chunk],
                    ):
                        score[r[0]] += weight
            else:  # only common 5-grams: the first of their passages
                for pid in pids:
                    score[pid] += weight
        order = sorted(score, key=lambda p: (-score[p], p))
        out: list[tuple[int, int, float]] = []
        sql = (
            "SELECT p.id, p.doc_id FROM passages p JOIN documents d ON d.id = p.doc_id"
            " WHERE d.is_current = 1 AND p.id IN ({})"
        )
        args: list[Any] = []
        if publisher:
            sql += " AND lower(d.publisher) = lower(?)"
            args.append(publisher)
        step = max(limit, 100)
        for i in range(0, len(order), step):
            chunk = order[i : i + step]
            rows = dict(self.db.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *args]))
            out.extend((pid, rows[pid], score[pid]) for pid in chunk if pid in rows)
            if len(out) >= limit:
                break
        return out[:limit]

    def shingle_documents(
        self, text: str, *, publisher: str | None = None, limit: int = 300
    ) -> dict[int, list[int]]:
        """Current documents that keep every fingerprint ``text`` keeps ({doc_id: passage
        ids}): a turn holding all of ``text``'s words in order keeps them all (winnowing is
        local), so no such document is missed. The rarest fingerprint gives the candidates;
        one in more than ``COMMON_SHINGLE`` passages narrows nothing and is not read;
        more than ``limit`` candidate documents: the first ``limit`` by id."""
        fps = list(dict.fromkeys(shingles.winnow(shingles.hashes(shingles.words(text)))))
        postings = []
        for h in fps:
            pids = [
                r[0]
                for r in self.db.execute(
                    "SELECT passage_id FROM shingles WHERE hash=? LIMIT ?", (h, COMMON_SHINGLE + 1)
                )
            ]
            if not pids:
                return {}
            if len(pids) <= COMMON_SHINGLE:
                postings.append(pids)
        if not postings:
            return {}
        postings.sort(key=len)
        docs: dict[int, list[int]] | None = None
        for pids in postings:
            found: dict[int, list[int]] = {}
            for pid, doc_id in self._passage_docs(pids):
                found.setdefault(doc_id, []).append(pid)
            if docs is None:
                docs = dict(sorted(found.items())[:limit])
            else:
                docs = {d: docs[d] + found[d] for d in docs if d in found}
            if not docs:
                return {}
        keep = self._current_docs(set(docs or {}), publisher)
        return {d: ps for d, ps in (docs or {}).items() if d in keep}

    def _passage_docs(self, pids: list[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for i in range(0, len(pids), 900):
            chunk = pids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            out.extend(
                tuple(r)
                for r in self.db.execute(
                    f"SELECT id, doc_id FROM passages WHERE id IN ({marks})", chunk
                )
            )
        return out

    def _current_docs(self, doc_ids: set[int], publisher: str | None) -> set[int]:
        ids = list(doc_ids)
        out: set[int] = set()
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id FROM documents WHERE is_current=1 AND id IN ({marks})"
            args: list[Any] = list(chunk)
            if publisher:
                sql += " AND lower(publisher)=lower(?)"
                args.append(publisher)
            out.update(r[0] for r in self.db.execute(sql, args))
        return out

    def term_frequencies(self, terms: list[str]) -> dict[str, int]:
        """How many passages contain each term (FTS vocabulary, all versions)."""
        if not terms:
            return {}
        marks = ",".join("?" * len(terms))
        rows = self.db.execute(
            f"SELECT term, doc FROM passages_vocab WHERE term IN ({marks})", terms
        )
        return {r[0]: r[1] for r in rows}

    def doc_publishers(self, doc_ids: set[int]) -> dict[int, str | None]:
        return self._doc_column(doc_ids, "publisher")

    def doc_dates(self, doc_ids: set[int]) -> dict[int, str | None]:
        return self._doc_column(doc_ids, "date")

    def speaker_passages(
        self, speaker: str, since: str, until: str, *, limit: int = 6000
    ) -> list[tuple[int, int]]:
        """(passage_id, doc_id) of ``speaker``'s passages (not questions) in current documents
        dated ``since`` <= date < ``until``: the documents of those days first, by the date
        index, then their passages."""
        return self.db.execute(
            "SELECT p.id, p.doc_id FROM documents d CROSS JOIN passages p ON p.doc_id = d.id "
            "WHERE d.date >= ? AND d.date < ? AND d.is_current = 1 "
            "AND p.speaker = ? AND p.is_question = 0 LIMIT ?",
            (since, until, speaker, limit),
        ).fetchall()

    def documents_matching(self, content_hash: str, url: str | None) -> set[int]:
        """Ids of documents (any version) with this content hash or this URL."""
        return {
            r[0]
            for r in self.db.execute(
                "SELECT id FROM documents WHERE content_hash=? OR (url IS NOT NULL AND url=?)",
                (content_hash, url or "\x00"),
            )
        }

    def _doc_column(self, doc_ids: set[int], column: str) -> dict[int, Any]:
        if column not in ("publisher", "date", "kind", "url"):
            raise ValueError(column)
        ids = list(doc_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, {column} FROM documents WHERE id IN ({marks})", ids)
        return {r[0]: r[1] for r in rows}

    def has_publisher(self, name: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM documents WHERE lower(publisher)=lower(?) AND is_current=1 LIMIT 1",
            (name,),
        ).fetchone()
        return row is not None


def turn_from_row(r: sqlite3.Row) -> Turn:
    return Turn(
        start=r["start"],
        body_start=r["body_start"],
        end=r["end"],
        label=r["label"],
        speaker=r["speaker"],
        is_question=bool(r["is_question"]),
    )


def passage_from_row(r: sqlite3.Row) -> Passage:
    return Passage(
        id=r["id"],
        doc_id=r["doc_id"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        speaker=r["speaker"],
        is_question=bool(r["is_question"]),
    )
