"""Matching claims against the fact-check archive.

For each claim: the text is cleaned (``clean``: tweet handles, URLs, hashtags and the
"— Name (@handle) date" tail are cues, not content), embedded once, and scored against every
archived check by BM25 (numpy postings) and by cosine (the precomputed claim vectors); the
top candidates of both lists are pooled and described by ``features``; a learned re-ranker
(``reranker.json``, gradient-boosted trees trained on CLEF CheckThat! 2020 train, evaluated
on dev: ``python -m verify.factcheck.train``) gives each the probability that it states the
same claim. Matches come best first with that probability as ``score``; the verdict is
``fact_checked`` when the best one reaches the decision threshold stored with the model
(tuned on ClaimMatchData), ``not_checked`` otherwise.

``lookup(texts)`` is the hook for article reports and the workbench: it returns, per text,
the matches that pass the threshold, and nothing (not an error) when there is no archive.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from verify import config
from verify.errors import ConfigError, InputError, StoreError
from verify.factcheck.clean import clean
from verify.factcheck.features import (
    FEATURES,
    TABLE_FILES,
    CheckTable,
    QueryInfo,
    pool_features,
    tokens,
)
from verify.factcheck.models import ClaimResult, FactCheck, Match

RERANKER_FILE = Path(__file__).with_name("reranker.json")
DEPTH = 30  # candidates taken from each retriever
INDEX_VERSION = 2  # 2: the per-check feature table (fc_*)


# --------------------------------------------------------------------------- BM25


class BM25:
    """Okapi BM25 over token lists, as numpy postings (term -> documents, weights)."""

    def __init__(
        self,
        vocab: dict[str, int],
        offsets: np.ndarray,
        docs: np.ndarray,
        weights: np.ndarray,
        n_docs: int,
    ):
        self.vocab = vocab
        self.offsets = offsets
        self.docs = docs
        self.weights = weights
        self.n_docs = n_docs

    @classmethod
    def build(cls, docs_tokens: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> BM25:
        n = len(docs_tokens)
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        lengths = np.zeros(n, dtype=np.float32)
        for d, toks in enumerate(docs_tokens):
            lengths[d] = len(toks)
            counts: dict[int, int] = {}
            for t in toks:
                i = vocab.setdefault(t, len(vocab))
                counts[i] = counts.get(i, 0) + 1
            for i, c in counts.items():
                rows.append(i)
                cols.append(d)
                tfs.append(c)
        term = np.asarray(rows, dtype=np.int64)
        doc = np.asarray(cols, dtype=np.int32)
        tf = np.asarray(tfs, dtype=np.float32)
        order = np.argsort(term, kind="stable")
        term, doc, tf = term[order], doc[order], tf[order]
        df = np.bincount(term, minlength=len(vocab)).astype(np.float32)
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        avgdl = float(lengths.mean()) if n else 1.0
        norm = k1 * (1 - b + b * lengths[doc] / max(avgdl, 1e-9))
        weights = (idf[term] * tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        return cls(vocab, offsets, doc, weights, n)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.n_docs, dtype=np.float32)
        # in a fixed order: float32 sums in set order changed with the string hash seed, so
        # scores (and rarely the ranking) differed in the last bits from one process to another
        for t in sorted(set(query_tokens)):
            i = self.vocab.get(t)
            if i is None:
                continue
            a, z = self.offsets[i], self.offsets[i + 1]
            out[self.docs[a:z]] += self.weights[a:z]  # a term occurs once per doc's postings
        return out

    def save(self, folder: Path) -> None:
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        np.save(folder / "bm25_offsets.npy", self.offsets)
        np.save(folder / "bm25_docs.npy", self.docs)
        np.save(folder / "bm25_weights.npy", self.weights)
        (folder / "bm25_vocab.txt").write_text("\n".join(terms), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> BM25:
        terms = (folder / "bm25_vocab.txt").read_text(encoding="utf-8").split("\n")
        vocab = {t: i for i, t in enumerate(terms)} if terms != [""] else {}
        return cls(
            vocab,
            np.load(folder / "bm25_offsets.npy"),
            np.load(folder / "bm25_docs.npy"),
            np.load(folder / "bm25_weights.npy"),
            n_docs,
        )


# --------------------------------------------------------------------------- re-ranker


class Reranker:
    """Gradient-boosted trees (or a logistic model) read from JSON, evaluated in numpy."""

    def __init__(self, spec: dict[str, Any]):
        if list(spec.get("features", [])) != list(FEATURES):
            raise ConfigError(
                "The re-ranker was trained on other features than this verify computes.",
                "Retrain it: python -m verify.factcheck.train",
            )
        self.spec = spec
        self.kind = spec["kind"]
        self.threshold = float(spec.get("threshold", 0.5))
        override = (config.settings().factcheck_threshold or "").strip()
        if override:
            try:
                self.threshold = float(override)
            except ValueError:
                raise ConfigError(
                    f"VERIFY_FACTCHECK_THRESHOLD={override!r} is not a number.",
                    "Set it to a probability between 0 and 1, or unset it.",
                ) from None
        if self.kind == "gbt":
            trees = spec["trees"]
            size = max(len(t["feature"]) for t in trees)

            def pad(key: str, fill: float, dtype: Any) -> np.ndarray:
                arr = np.full((len(trees), size), fill, dtype=dtype)
                for k, t in enumerate(trees):
                    arr[k, : len(t[key])] = t[key]
                return arr

            self.feature = pad("feature", 0, np.int64)
            self.thresh = pad("threshold", 0.0, np.float32)
            self.left = pad("left", -1, np.int64)
            self.right = pad("right", -1, np.int64)
            self.value = pad("value", 0.0, np.float64)
            self.depth = int(spec.get("max_depth", 8)) + 1
            self.init = float(spec["init"])
            self.rate = float(spec["learning_rate"])
            # the same trees flat, for ``predict``: node k of tree t is t * size + k, and a
            # leaf's children are itself, so that walking past a leaf stays there
            base = (np.arange(len(trees)) * size)[:, None]
            leaf = self.left < 0
            own = base + np.arange(size)[None, :]
            self._base = base.ravel()
            self._feature = self.feature.ravel()
            self._thresh = self.thresh.ravel()
            self._left = np.where(leaf, own, base + self.left).ravel()
            self._right = np.where(leaf, own, base + self.right).ravel()
            self._value = self.value.ravel()
        elif self.kind == "logistic":
            self.mean = np.asarray(spec["mean"], dtype=np.float64)
            self.scale = np.asarray(spec["scale"], dtype=np.float64)
            self.coef = np.asarray(spec["coef"], dtype=np.float64)
            self.bias = float(spec["bias"])
        else:  # pragma: no cover - a broken file
            raise ConfigError(f"Unknown re-ranker kind {self.kind!r} in {RERANKER_FILE}.")

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability that each row's candidate states the same claim."""
        if len(X) == 0:
            return np.zeros(0)
        if self.kind == "logistic":
            z = ((X - self.mean) / self.scale) @ self.coef + self.bias
        else:
            X = np.ascontiguousarray(X)
            n, t = len(X), len(self.feature)
            flat = X.ravel()
            rows = np.repeat(np.arange(n, dtype=np.int64) * X.shape[1], t)
            node = np.tile(self._base, n)
            for _ in range(self.depth):
                go_left = flat[rows + self._feature[node]] <= self._thresh[node]
                node = np.where(go_left, self._left[node], self._right[node])
            z = self.init + self.rate * self._value[node].reshape(n, t).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def _predict_walk(self, X: np.ndarray) -> np.ndarray:
        """``predict`` as first written (tree by tree over 2-D indices): the reference."""
        if len(X) == 0:
            return np.zeros(0)
        if self.kind == "logistic":
            return self.predict(X)
        else:
            n, t = len(X), len(self.feature)
            node = np.zeros((n, t), dtype=np.int64)
            cols = np.arange(t)[None, :]
            for _ in range(self.depth):
                feat = self.feature[cols, node]
                left = self.left[cols, node]
                leaf = left < 0
                if leaf.all():
                    break
                go_left = X[np.arange(n)[:, None], feat] <= self.thresh[cols, node]
                nxt = np.where(go_left, left, self.right[cols, node])
                node = np.where(leaf, node, nxt)
            z = self.init + self.rate * self.value[cols, node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def load_reranker(path: str | None = None) -> Reranker:
    """The shipped re-ranker (or the one at ``path``); ``VERIFY_FACTCHECK_THRESHOLD``
    overrides its decision threshold."""
    return _load_reranker(path, (config.settings().factcheck_threshold or ""))


@lru_cache(maxsize=4)
def _load_reranker(path: str | None, _threshold: str) -> Reranker:
    file = Path(path) if path else RERANKER_FILE
    try:
        spec = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"No re-ranker model at {file}.",
            "Train it from the CLEF train split: python -m verify.factcheck.train",
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"Cannot read the re-ranker model {file}: {exc}.",
            "Retrain it: python -m verify.factcheck.train",
        ) from exc
    return Reranker(spec)


# --------------------------------------------------------------------------- matcher


@dataclass
class Ranked:
    position: int
    probability: float
    features: np.ndarray  # the row of FEATURES the re-ranker read


class Matcher:
    """Search structures over a set of fact checks, and the re-ranker that decides.

    ``checks`` is either a list of FactCheck (position = index) or a callable that returns
    the FactChecks of given positions (the archive-backed matcher reads them from SQLite,
    only for the matches it returns). ``table`` holds what the features need of every check
    (``CheckTable``: built with the index, or here from a list of checks).
    """

    def __init__(
        self,
        *,
        n: int,
        vectors: np.ndarray,
        bm25: BM25,
        title_vectors: np.ndarray | None = None,
        checks: Sequence[FactCheck] | Callable[[Sequence[int]], list[FactCheck]],
        embedder: Any = None,
        embedder_factory: Callable[[], Any] | None = None,
        reranker: Reranker | None = None,
        table: CheckTable | None = None,
    ):
        if table is None:
            if callable(checks):
                raise ValueError("A matcher over a callable of checks needs their CheckTable.")
            table = CheckTable.build(
                [c.claim for c in checks], [c.title for c in checks], [c.date for c in checks]
            )
        self.table = table
        self.n = n
        if title_vectors is not None and title_vectors is not vectors:
            # one (2n, d) matrix: one pass over memory gives both cosines (no copy when the
            # two are already its halves, as ``open_matcher`` and the benchmark hand them)
            base = vectors.base
            if (
                base is not None
                and base is title_vectors.base
                and base.dtype == np.float32
                and base.shape == (2 * n, vectors.shape[1])
                and base[:n].__array_interface__ == vectors.__array_interface__
                and base[n:].__array_interface__ == title_vectors.__array_interface__
            ):
                both = base
            else:
                both = np.concatenate([vectors, title_vectors]).astype(np.float32, copy=False)
            self._both: np.ndarray | None = both
            self.vectors, self.title_vectors = both[:n], both[n:]
        else:
            self._both = None
            self.vectors = self.title_vectors = vectors
        self.bm25 = bm25
        self._checks = checks
        self._embedder = embedder
        self._embedder_factory = embedder_factory
        self._embedder_lock = threading.Lock()
        self.reranker = reranker if reranker is not None else load_reranker()

    # ------------------------------------------------------------ construction

    @classmethod
    def from_checks(
        cls,
        checks: Sequence[FactCheck],
        embedder: Any,
        *,
        vectors: np.ndarray | None = None,
        title_vectors: np.ndarray | None = None,
        reranker: Reranker | None = None,
    ) -> Matcher:
        """A matcher over checks held in memory (tests, evaluation)."""
        checks = list(checks)
        if vectors is None:
            vectors = embedder.encode([c.claim for c in checks])
        vectors = np.asarray(vectors, dtype=np.float32)
        if title_vectors is None:
            with_title = [i for i, c in enumerate(checks) if _has_title(c)]
            title_vectors = vectors.copy()
            if with_title:
                title_vectors[with_title] = embedder.encode([checks[i].title for i in with_title])
        bm25 = BM25.build([tokens(c.match_text()) for c in checks])
        return cls(
            n=len(checks),
            vectors=vectors,
            title_vectors=np.asarray(title_vectors, dtype=np.float32),
            bm25=bm25,
            checks=checks,
            embedder=embedder,
            reranker=reranker,
        )

    @property
    def embedder(self) -> Any:
        with self._embedder_lock:
            if self._embedder is None:
                factory = self._embedder_factory
                if factory is None:
                    from verify.corpus.embed import load_embedder

                    factory = load_embedder
                self._embedder = factory()
            return self._embedder

    def _get(self, positions: Sequence[int]) -> list[FactCheck]:
        if callable(self._checks):
            return self._checks(positions)
        return [self._checks[p] for p in positions]

    # ------------------------------------------------------------ ranking

    def rank(
        self,
        text: str,
        *,
        vector: np.ndarray | None = None,
        date: str | None = None,
        depth: int = DEPTH,
        cleaned: Any = None,
        exclude: Sequence[int] = (),
    ) -> list[Ranked]:
        """Candidates for ``text``, most probably the same claim first."""
        if self.n == 0:
            return []
        c = cleaned if cleaned is not None else clean(text)
        qtext = c.query_text or text
        if vector is None:
            vector = self.embedder.encode([qtext])[0]
        qv = np.asarray(vector, dtype=np.float32)
        if self._both is not None:
            both = self._both @ qv
            cos_claim, cos_title = both[: self.n], both[self.n :]
        else:
            cos_claim = cos_title = self.vectors @ qv
        cos = (cos_claim + cos_title) * 0.5
        bm = self.bm25.scores(tokens(qtext))
        if len(exclude):  # evaluation: as if these checks were not in the archive
            ex = np.asarray(list(exclude), dtype=np.int64)
            for arr in {id(a): a for a in (cos, cos_claim, cos_title)}.values():
                arr[ex] = -2.0
            bm[ex] = 0.0
        k = min(self.n, max(depth, 1))
        wide = min(self.n, 100)
        top_cos = _top(cos, wide)
        top_bm = _top(bm, wide)
        cos_rank = {int(p): r + 1 for r, p in enumerate(top_cos)}
        claim_rank = {int(p): r + 1 for r, p in enumerate(_top(cos_claim, wide))}
        title_rank = {int(p): r + 1 for r, p in enumerate(_top(cos_title, wide))}
        bm_rank = {int(p): r + 1 for r, p in enumerate(top_bm) if bm[p] > 0}
        pool = list(
            dict.fromkeys([int(p) for p in top_cos[:k]] + [int(p) for p in top_bm[:k] if bm[p] > 0])
        )
        if len(exclude):
            dropped = set(int(x) for x in exclude)
            pool = [p for p in pool if p not in dropped]
        head = cos[top_cos]
        cos_best, cos_mean, cos_std = float(head[0]), float(head.mean()), float(head.std())
        bm_best = float(bm[top_bm[0]]) if len(top_bm) else 0.0
        q = QueryInfo.of(c.text or text, author=c.author, date=c.date or date)
        P = np.asarray(pool, dtype=np.int64)
        X = pool_features(
            q,
            self.table,
            P,
            cos=cos[P],
            cos_claim=cos_claim[P],
            cos_title=cos_title[P],
            cos_claim_rank=_ranks(P, claim_rank, wide + 1),
            cos_title_rank=_ranks(P, title_rank, wide + 1),
            cos_rank=_ranks(P, cos_rank, wide + 1),
            cos_best=cos_best,
            cos_mean=cos_mean,
            cos_std=cos_std,
            bm25=bm[P],
            bm25_rank=_ranks(P, bm_rank, wide + 1),
            bm25_best=bm_best,
        )
        probs = self.reranker.predict(X)
        ranked = [
            Ranked(p, float(pr), X[i]) for i, (p, pr) in enumerate(zip(pool, probs, strict=True))
        ]
        ranked.sort(key=lambda x: (-x.probability, -float(x.features[0])))
        return ranked

    def match(
        self,
        texts: Sequence[str],
        *,
        ids: Sequence[Any] | None = None,
        top_k: int = 5,
        dates: Sequence[str | None] | None = None,
    ) -> list[ClaimResult]:
        """One ClaimResult per text, in order (texts embedded in one batch)."""
        if top_k < 1:
            raise InputError(f"--top-k must be at least 1, not {top_k}.")
        texts = list(texts)
        cleaned = [clean(t) for t in texts]
        vectors = None
        if self.n and texts:
            vectors = self.embedder.encode(
                [c.query_text or t for c, t in zip(cleaned, texts, strict=True)]
            )
        out = []
        for i, text in enumerate(texts):
            ranked = self.rank(
                text,
                vector=vectors[i] if vectors is not None else None,
                cleaned=cleaned[i],
                date=dates[i] if dates else None,
            )[:top_k]
            checks = self._get([r.position for r in ranked])
            matches = [_match(r, fc) for r, fc in zip(ranked, checks, strict=True)]
            verdict = (
                "fact_checked"
                if ranked and ranked[0].probability >= self.reranker.threshold
                else "not_checked"
            )
            out.append(
                ClaimResult(id=ids[i] if ids else None, text=text, verdict=verdict, matches=matches)
            )
        return out


def _match(r: Ranked, fc: FactCheck) -> Match:
    return Match(
        source_id=fc.source_id,
        claim=fc.claim,
        rating=fc.rating,
        rating_normalised=fc.rating_normalised,
        publisher=fc.publisher,
        date=fc.date,
        url=fc.url,
        score=r.probability,
        id=fc.id,
        title=fc.title,
    )


def _ranks(positions: np.ndarray, rank: dict[int, int], missing: int) -> np.ndarray:
    return np.asarray([rank.get(p, missing) for p in positions.tolist()], dtype=np.int64)


def _has_title(fc: FactCheck) -> bool:
    return bool(fc.title and fc.title.strip() and fc.title.strip() != fc.claim.strip())


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


# --------------------------------------------------------------------------- archive-backed


def index_dir() -> Path:
    return config.home() / "factchecks.index"


def open_matcher(archive: Any = None, *, embedder: Any = None, progress=None) -> Matcher:
    """A matcher over the archive's current checks; builds or refreshes the cached search
    structures (``VERIFY_HOME/factchecks.index``) when the archive has changed, embedding
    any check that has no vector yet."""
    from verify.factcheck.archive import Archive, model_key

    own = archive is None
    archive = archive if archive is not None else Archive(create=False)
    try:
        loading = None
        if embedder is None:
            # the model loads in the background while the index is read (fresh processes)
            loading = _background(_default_embedder)
        model = _model_key_for(embedder)
        folder = index_dir()
        meta = _read_meta(folder)
        fresh = (
            meta is not None
            and meta.get("version") == INDEX_VERSION
            and meta.get("generation") == archive.generation()
            and meta.get("model") == model
            and meta.get("archive") == str(archive.path.resolve())
            and all((folder / f).exists() for f in TABLE_FILES)
        )
        if not fresh:
            if archive.count() == 0:
                raise StoreError(
                    "The fact-check archive is empty.",
                    "Add fact checks first: verify factcheck add PATH",
                )
            if embedder is None:
                embedder = loading() if loading is not None else _default_embedder()
            if archive.missing_vectors(model_key(embedder)):
                archive.embed_missing(embedder, progress=progress)
            _build_index(archive, folder, model_key(embedder))
            meta = _read_meta(folder)
        assert meta is not None
        ids = np.load(folder / "ids.npy")
        claim_file = np.load(folder / "vectors.npy", mmap_mode="r")
        both = np.empty((2 * len(ids), claim_file.shape[1]), dtype=np.float32)
        both[: len(ids)] = claim_file
        both[len(ids) :] = np.load(folder / "title_vectors.npy", mmap_mode="r")
        del claim_file
        vectors, title_vectors = both[: len(ids)], both[len(ids) :]
        bm25 = BM25.load(folder, len(ids))
        table = CheckTable.load(folder)
        fetch = _Rows(archive.path, ids)

        return Matcher(
            n=len(ids),
            vectors=vectors,
            title_vectors=title_vectors,
            bm25=bm25,
            checks=fetch,
            embedder=embedder,
            embedder_factory=loading,
            table=table,
        )
    finally:
        if own:
            archive.close()


class _Rows:
    """The archive's checks at given positions: one query on one read-only connection,
    opened on first use and kept (shared by threads, behind a lock)."""

    def __init__(self, path: Path, ids: np.ndarray):
        self.path = path
        self.ids = ids
        self._db: Any = None
        self._lock = threading.Lock()

    def __call__(self, positions: Sequence[int]) -> list[FactCheck]:
        if not len(positions):
            return []
        import sqlite3

        from verify.factcheck.archive import _row_check

        keys = [int(self.ids[p]) for p in positions]
        sql = f"SELECT * FROM factchecks WHERE id IN ({', '.join('?' * len(keys))})"
        with self._lock:
            try:
                if self._db is None:
                    db = sqlite3.connect(
                        f"file:{self.path}?mode=ro", uri=True, timeout=30, check_same_thread=False
                    )
                    db.row_factory = sqlite3.Row
                    self._db = db
                got = {row["id"]: _row_check(row) for row in self._db.execute(sql, keys)}
            except sqlite3.DatabaseError as exc:
                self._db = None
                raise StoreError(
                    f"Cannot read the fact-check archive {self.path}: {exc}.",
                    "If the file is damaged, move it away and add the fact checks again.",
                ) from exc
        return [got[k] for k in keys]


def _default_embedder() -> Any:
    from verify.corpus.embed import load_embedder

    return load_embedder()


def _background(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Start ``fn`` in a thread now; the returned callable waits for its result (or error)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, name="verify-embedder", daemon=True)
    thread.start()

    def wait() -> Any:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]

    return wait


def _model_key_for(embedder: Any) -> str:
    if embedder is not None:
        from verify.factcheck.archive import model_key

        return model_key(embedder)
    from verify.corpus import embed as E

    return f"{E.resolve_model(None).name}/{E.default_backend()}"


def _read_meta(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _build_index(archive: Any, folder: Path, model: str) -> None:
    ids, vectors, title_vectors = archive.vectors(model)
    by_id = archive.by_ids(ids)
    bm25 = BM25.build([tokens(by_id[i].match_text()) for i in ids])
    checks = [by_id[i] for i in ids]
    table = CheckTable.build(
        [c.claim for c in checks], [c.title for c in checks], [c.date for c in checks]
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".factchecks.index.", dir=folder.parent))
    try:
        np.save(tmp / "ids.npy", np.asarray(ids, dtype=np.int64))
        np.save(tmp / "vectors.npy", np.asarray(vectors, dtype=np.float32))
        np.save(tmp / "title_vectors.npy", np.asarray(title_vectors, dtype=np.float32))
        bm25.save(tmp)
        table.save(tmp)
        meta = {
            "version": INDEX_VERSION,
            "generation": archive.generation(),
            "model": model,
            "archive": str(archive.path.resolve()),
            "count": len(ids),
        }
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- hook


_HOOK: dict[str, Any] = {}


def lookup(texts: Sequence[str], *, top_k: int = 3) -> list[list[dict[str, Any]]]:
    """Prior fact checks for each text (article claims and quotes, workbench quotes): the
    matches that pass the decision threshold, as ``Match.to_dict()`` dicts. No archive, an
    empty one or any archive problem gives empty lists: this never fails a report."""
    from verify.factcheck.archive import archive_path

    texts = list(texts)
    empty: list[list[dict[str, Any]]] = [[] for _ in texts]
    path = archive_path()
    if not texts or not path.exists():
        return empty
    try:
        key = str(path.resolve())
        matcher = _HOOK.get(key)
        from verify.factcheck.archive import Archive

        with Archive(path) as archive:
            generation = archive.generation()
            if matcher is None or _HOOK.get(key + ":gen") != generation:
                matcher = open_matcher(archive)
                _HOOK[key] = matcher
                _HOOK[key + ":gen"] = generation
        results = matcher.match(texts, top_k=top_k)
    except (StoreError, ConfigError):
        return empty
    out = []
    threshold = matcher.reranker.threshold
    for res in results:
        found = []
        for m in res.matches:
            if m.score >= threshold:
                d = m.to_dict() | {"id": m.id}
                if not (d["url"] or "").startswith(("http://", "https://")):
                    d["url"] = None  # only web links are shown as links
                found.append(d)
        out.append(found)
    return out


def prior_fact_checks(text: str) -> list[dict[str, Any]]:
    """The workbench's quote view: prior fact checks of one quote (empty without archive)."""
    if not text or not text.strip():
        return []
    return lookup([text])[0]


def attach(checks: Sequence[Any]) -> None:
    """Set ``fact_checks`` on article checks (QuoteCheck) from the archive, if there is one."""
    if not checks:
        return
    found = lookup([c.extracted.text for c in checks])
    for check, prior in zip(checks, found, strict=True):
        check.fact_checks = prior
