"""The read queries of the corpus store that the check stages run: passages and turns by id,
FTS5 phrase and BM25 queries, term frequencies, a document column for many ids, the claimed
speaker's passages by date. :class:`verify.corpus.store.Store` inherits them; they need only
its ``db`` connection."""

from __future__ import annotations

import math
import re
import sqlite3
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from verify.corpus import shingles
from verify.errors import StoreError
from verify.models import Passage, Turn

# meta key: set when every passage's fingerprints are in the shingles table (a store made
# before the table existed gets them from Store.build_shingles, which an ingest runs)
SHINGLES_COMPLETE = "shingles_complete"
# meta key: set when every unlabelled document whose title names its author has its turns
# credited to them (verify.corpus.authors; a store made before gets it from an ingest)
AUTHORS_CREDITED = "authors_credited_v2"  # v2: joint authors credited too
# a 5-gram in more passages than this is common ("thank you very much for"): it ranks only
# the passages that rarer 5-grams of the quote found, by point lookups
COMMON_SHINGLE = 500
# Store.fts ranks this many matches more than it is asked for before looking them up
FTS_RANK_MARGIN = 50
# Store.phrase_fts, in an index of PHRASE_MIN_ROWS passages or more (in a smaller one FTS5's
# phrase query is the quicker): a phrase with a word in more than PHRASE_COMMON passages
# (the long doclists FTS5 reads for every passage with the others: "the", "we") is looked for
# in the passages with its other words, when they are at most PHRASE_CANDIDATES; else in its
# own passages, when they are at most PHRASE_FEW
PHRASE_MIN_ROWS = 1_000_000
PHRASE_COMMON = 20_000
PHRASE_CANDIDATES = 500
PHRASE_FEW = 1_000
# FTS5's query is quick for a phrase with a word in at most PHRASE_TINY passages; reading
# and searching one passage's text here takes about PHRASE_TEXT_S (measured at 10M, pages
# not in memory): the phrase's own passages are read only when FTS5's pass took longer
PHRASE_TINY = 100
PHRASE_TEXT_S = 30e-6
_WORD = re.compile(r"[^\W_]+")
WORD_COUNTS_KEPT = 100_000  # word counts a store keeps (then starts again)


class PassageQueries:
    """Read queries over an open store connection (``self.db``)."""

    db: sqlite3.Connection

    def turns(self, doc_id: int) -> list[Turn]:
        rows = self.db.execute("SELECT * FROM turns WHERE doc_id=? ORDER BY seq", (doc_id,))
        return [turn_from_row(r) for r in rows]

    def superseded_passage_ids(self) -> list[int]:
        """Ids of the passages of documents that have a newer version."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT p.id FROM passages p JOIN documents d ON d.id = p.doc_id "
                "WHERE d.is_current = 0"
            )
        ]

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

        Only current document versions. bm25 is negated so that higher is better. The same
        answer as :meth:`fts_plain`: the matches are ranked by FTS5 alone and only the best
        are looked up in passages and documents (looking up every match was most of the time
        of a query matching thousands of passages); when current versions or the publisher
        leave fewer than ``limit`` of them, or a publisher is asked for, the plain query
        answers."""
        if publisher:  # most matches may be another publisher's: joined as they come
            return self.fts_plain(match, limit=limit, publisher=publisher)
        first = max(2 * limit, limit + FTS_RANK_MARGIN)
        try:
            ranked = self.db.execute(  # equal scores in rowid order, as the plain query
                "SELECT r.id, p.doc_id, r.score, d.is_current FROM"
                " (SELECT rowid AS id, bm25(passages_fts) AS score FROM passages_fts"
                "  WHERE passages_fts MATCH ? ORDER BY score LIMIT ?) AS r"
                " JOIN passages p ON p.id = r.id JOIN documents d ON d.id = p.doc_id"
                " ORDER BY r.score, r.id",
                (match, first),
            ).fetchall()
        except sqlite3.OperationalError as exc:  # a malformed MATCH expression
            raise StoreError(f"Full-text query failed: {exc}") from exc
        out = [(r[0], r[1], -float(r[2])) for r in ranked if r[3] == 1]
        if len(ranked) < first or len(out) >= limit:  # every match seen, or enough kept
            return out[:limit]
        return self.fts_plain(match, limit=limit, publisher=publisher)

    def fts_plain(
        self, match: str, *, limit: int = 50, publisher: str | None = None
    ) -> list[tuple[int, int, float]]:
        """:meth:`fts` as one SQL query: every match joined with its passage and document."""
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

    def phrase_fts(
        self, words: list[str], *, limit: int = 50, publisher: str | None = None
    ) -> list[tuple[int, int, float]]:
        """The passages holding ``words`` as one phrase: the answer of
        ``fts('"w1 w2 ..."')``, bm25 and order included, without FTS5 reading the long
        doclists of the common words in it ("that", "we") for every passage with the rare
        ones, and again for bm25's count of the phrase's passages.

        Only in an index of ``PHRASE_MIN_ROWS`` passages or more, for a phrase of two words
        or more with a word in more than ``PHRASE_COMMON`` passages (without one, FTS5's own
        query is the quick one): the candidates are the passages holding its rarer words
        (as sub-phrases where they are adjacent) when they are at most
        ``PHRASE_CANDIDATES``; else the phrase's own passages, when they are at most
        ``PHRASE_FEW``. Each candidate's text
        is searched for the phrase here (an ASCII text splits into words as FTS5 splits it;
        another is split and folded as the shingles are, and its number of words checked
        against FTS5's) and scored by FTS5's bm25 formula (k1 1.2, b 0.75; the table's rows
        and tokens from its averages record, each passage's tokens from its docsize table).
        Otherwise, for non-ASCII words, or where a text's words are not what FTS5 counted:
        :meth:`fts`."""
        words = [w for w in words if w]
        match = '"' + " ".join(w.replace('"', "") for w in words) + '"'
        folded = shingles.words(" ".join(words))
        if not folded or not all(w.isascii() for w in folded):
            return self.fts(match, limit=limit, publisher=publisher)
        found = None
        if len(folded) > 1 and self._fts_totals()[0] >= PHRASE_MIN_ROWS:
            found = self._phrase_candidates(folded)
        scored = self._phrase_scores(folded, found) if found is not None else None
        if scored is None:
            return self.fts(match, limit=limit, publisher=publisher)
        order = sorted(scored, key=lambda pid: (-scored[pid], pid))
        out: list[tuple[int, int, float]] = []
        step = max(limit, 100)
        for i in range(0, len(order), step):
            chunk = order[i : i + step]
            keep = self._current_passages(chunk, publisher)
            out.extend((pid, keep[pid], scored[pid]) for pid in chunk if pid in keep)
            if len(out) >= limit:
                break
        return out[:limit]

    def _phrase_candidates(self, words: list[str]) -> list[int] | None:
        """Passage ids (any version) that include every passage holding the phrase, at most
        ``PHRASE_CANDIDATES`` of them, or the phrase's own passages; None where FTS5's own
        query is the quicker: no word of the phrase is in more than ``PHRASE_COMMON``
        passages, one is in at most ``PHRASE_TINY`` (the longest words are counted first),
        or reading its many passages' texts here would take longer than the pass FTS5 made
        to find them (bm25 makes another)."""
        counts: dict[str, int] = {}
        for w in sorted(dict.fromkeys(words), key=len, reverse=True):
            counts[w] = self._word_count(w)
            if counts[w] <= PHRASE_TINY:
                return None
        common = {w for w, n in counts.items() if n > PHRASE_COMMON}
        if not common:
            return None
        if len(common) < len(counts):
            runs: list[list[str]] = []  # the rarer words, as sub-phrases where adjacent
            for i, w in enumerate(words):
                if w in common:
                    continue
                if runs and i > 0 and words[i - 1] not in common:
                    runs[-1].append(w)
                else:
                    runs.append([w])
            expr = " AND ".join('"' + " ".join(r) + '"' for r in dict.fromkeys(map(tuple, runs)))
            ids = self._match_ids(expr, PHRASE_CANDIDATES)
            if ids is not None:
                return ids
        start = time.perf_counter()
        ids = self._match_ids('"' + " ".join(words) + '"', PHRASE_FEW)
        if ids is not None and len(ids) * PHRASE_TEXT_S > 2 * (time.perf_counter() - start):
            return None  # FTS5's two passes are quicker than reading the texts
        return ids

    def _word_count(self, word: str) -> int:
        """Passages holding ``word``, counted up to ``PHRASE_COMMON`` + 1 (at most that many
        rowids read). Kept for the store's lifetime: the count only picks how a phrase is
        searched, not what is found, so one grown since does no harm."""
        cache: dict[str, int] | None = getattr(self, "_word_counts", None)
        if cache is None or len(cache) > WORD_COUNTS_KEPT:
            cache = self._word_counts = {}
        if word not in cache:
            cache[word] = self.db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ?"
                " LIMIT ?)",
                (f'"{word}"', PHRASE_COMMON + 1),
            ).fetchone()[0]
        return cache[word]

    def _match_ids(self, match: str, most: int) -> list[int] | None:
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?",
                (match, most + 1),
            )
        ]
        return ids if len(ids) <= most else None

    def _phrase_scores(self, words: list[str], ids: list[int]) -> dict[int, float] | None:
        """{passage_id: bm25} of the candidates holding the phrase, as FTS5 scores a
        one-phrase query (None: a candidate's words are not what FTS5 counted)."""
        texts: dict[int, str] = {}
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            texts.update(
                self.db.execute(f"SELECT id, text FROM passages WHERE id IN ({marks})", chunk)
            )
        # an ASCII text splits as FTS5 splits it: letters and digits, all else between
        # words; every start of the phrase is counted, overlapping ones too, as FTS5 does
        phrase = re.compile(r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")
        n = len(words)
        freq: dict[int, int] = {}
        folded: dict[int, int] = {}  # the token counts of the other texts, to check
        for pid in ids:
            text = texts.get(pid)
            if text is None:
                return None
            if text.isascii():
                f = _starts(phrase, text.lower())
            else:
                if _compatibility_forms(text):
                    return None  # a ligature, a superscript: FTS5 may not fold it so
                ws = shingles.words(text)
                folded[pid] = len(ws)
                f = sum(1 for j, w in enumerate(ws) if w == words[0] and ws[j : j + n] == words)
            if f:
                freq[pid] = f
        sizes = self._token_counts(sorted({*freq, *folded}))
        if any(sizes.get(pid) != size for pid, size in folded.items()) or any(
            pid not in sizes for pid in freq
        ):
            return None
        if not freq:
            return {}
        rows, tokens = self._fts_totals()
        avgdl = tokens / rows
        hits = len(freq)
        idf = math.log((rows - hits + 0.5) / (hits + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        k1, b = 1.2, 0.75
        return {
            pid: 0.0
            + idf * ((float(f) * (k1 + 1.0)) / (float(f) + k1 * (1 - b + b * sizes[pid] / avgdl)))
            for pid, f in freq.items()
        }

    def _token_counts(self, ids: list[int]) -> dict[int, int]:
        """{passage_id: its number of tokens} as FTS5 counted them (its docsize table)."""
        out: dict[int, int] = {}
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for pid, sz in self.db.execute(
                f"SELECT id, sz FROM passages_fts_docsize WHERE id IN ({marks})", chunk
            ):
                out[pid] = _varint(sz)[0]
        return out

    def _fts_totals(self) -> tuple[int, int]:
        """(rows, tokens) of the full-text index: its averages record, as bm25 reads it."""
        block = self.db.execute("SELECT block FROM passages_fts_data WHERE id = 1").fetchone()[0]
        rows, at = _varint(block)
        tokens, _ = _varint(block, at)
        return rows, tokens

    def _current_passages(self, pids: list[int], publisher: str | None) -> dict[int, int]:
        """{passage_id: doc_id} of those of ``pids`` in current documents (of ``publisher``)."""
        out: dict[int, int] = {}
        for i in range(0, len(pids), 900):
            chunk = pids[i : i + 900]
            sql = (
                "SELECT p.id, p.doc_id FROM passages p JOIN documents d ON d.id = p.doc_id"
                f" WHERE d.is_current = 1 AND p.id IN ({','.join('?' * len(chunk))})"
            )
            args: list[Any] = list(chunk)
            if publisher:
                sql += " AND lower(d.publisher) = lower(?)"
                args.append(publisher)
            out.update(self.db.execute(sql, args))
        return out

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


def _compatibility_forms(text: str) -> bool:
    """Has ``text`` a word with a compatibility character (a ligature, a superscript, a
    full-width letter), which the shingles' folding (NFKD) rewrites and FTS5's may not?"""
    return any(
        unicodedata.normalize("NFKD", w) != unicodedata.normalize("NFD", w)
        for w in _WORD.findall(text)
        if not w.isascii()
    )


def _starts(phrase: re.Pattern[str], text: str) -> int:
    """How many times ``phrase`` starts at the start of a word of the ASCII ``text``."""
    n, at = 0, 0
    while (m := phrase.search(text, at)) is not None:
        start = m.start()
        if start == 0 or not text[start - 1].isalnum():
            n += 1
        at = start + 1
    return n


def _varint(data: bytes, at: int = 0) -> tuple[int, int]:
    """An SQLite varint (as FTS5 writes its records) at ``at``: (value, next offset)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


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
