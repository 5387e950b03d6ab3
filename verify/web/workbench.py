"""What the server keeps loaded: Checkers over the corpus store, and the review store.

Checks run either in check processes (``processes=N``, how `verify serve` runs on a machine
with several cores) or in the server process (``processes=0``).

- Check processes: a ProcessPoolExecutor (spawn) of N processes, each with its own
  Workbench and one Checker (store connection, model, index, one thread each for the model,
  faiss and BLAS), loaded and warmed up at start. A request waits for the first free
  process, so a long article check holds up one process only. Results (QuoteResult,
  ArticleReport) and VerifyErrors come back pickled; review items are written here, in the
  server process. The checks are Python work, so one process runs one check at a time: on
  2 cores, two processes answered 8 load-test clients at p95 0.20 s where two Checker
  threads in the server process managed 0.39 s.
- In the server process: a pool of ``workers`` Checkers (each with its own Store
  connection, sharing one registry, model and index), one per thread at a time.

Paths and knobs come from one verify.config.Settings (VERIFY_HOME, VERIFY_WEB_*), like every
other command; check processes are verify.workers' pool, handed those Settings. Nothing is loaded
when there is no corpus yet: pages then say "No corpus yet. Run: make demo", and the first
request after the store appears loads it.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from verify import config
from verify.config import Settings
from verify.errors import InputError, StoreError, VerifyError
from verify.web.reviews import ReviewStore
from verify.workers import process_pool, worker_settings

NO_CORPUS = "No corpus yet."
NO_CORPUS_HINT = "Run: make demo (or verify corpus ingest --demo, then verify index build)."
DEFAULT_WORKERS = 2  # a long article check does not hold up quote checks
DEFAULT_EMBED_CACHE = 20_000  # vectors (1.5 KB each)
EMBED_THREADS = 1  # onnxruntime threads per embedding call
SEARCH_THREADS = 1  # faiss (OpenMP) threads per search
ORIGIN = "verify serve"  # the origin recorded for articles sent to the workbench


class CachedEmbedder:
    """An embedder that remembers the vectors of texts it has embedded (LRU, thread-safe).

    The Checker re-embeds sentence windows of the passages closest to a quote; in a
    long-running server the same corpus windows come back for many quotes on the same
    statement, and a vector depends on its text only, so answers are unchanged. The load
    test reports latency with and without it (``embed_cache=0``)."""

    def __init__(self, inner: Any, maxsize: int = 20_000):
        self.inner = inner
        self.name = inner.name
        self.backend = getattr(inner, "backend", None)
        self.dimension = inner.dimension
        self.maxsize = maxsize
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def encode(self, texts: Any, **kwargs: Any) -> Any:
        import numpy as np

        texts = list(texts)
        out: list[Any] = [None] * len(texts)
        todo: dict[str, list[int]] = {}
        with self._lock:
            for i, t in enumerate(texts):
                vec = self._cache.get(t)
                if vec is None:
                    todo.setdefault(t, []).append(i)
                else:
                    self._cache.move_to_end(t)
                    out[i] = vec
            self.hits += len(texts) - sum(len(v) for v in todo.values())
            self.misses += sum(len(v) for v in todo.values())
        if todo:
            fresh = self.inner.encode(list(todo), **kwargs)
            with self._lock:
                for (t, where), vec in zip(todo.items(), fresh, strict=True):
                    vec = np.array(vec, dtype="float32", copy=True)
                    vec.setflags(write=False)
                    self._cache[t] = vec
                    for i in where:
                        out[i] = vec
                while len(self._cache) > self.maxsize:
                    self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        return np.stack(out)


def _limit_blas_threads(n: int) -> None:
    """numpy's BLAS threads spin between the small products a check makes (the claimed
    speaker's vectors times the quote's): measured here, a second BLAS thread burnt a third
    of a core and made nothing faster."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency
        return
    threadpool_limits(limits=n, user_api="blas")


class NoCorpusError(StoreError):
    http_status = 503

    def __init__(self) -> None:
        super().__init__(NO_CORPUS, NO_CORPUS_HINT)


class CheckProcessError(VerifyError):
    http_status = 503

    def __init__(self) -> None:
        super().__init__(
            "A check process stopped unexpectedly; it is being restarted.",
            "Send the request again. If it keeps happening, see the server's log.",
        )


def checker_threads(settings: Settings | None = None) -> int:
    """Checkers (threads) per process: VERIFY_WEB_WORKERS, else DEFAULT_WORKERS."""
    value = (settings or config.settings()).web_workers
    return max(1, value) if value is not None else DEFAULT_WORKERS


def default_embed_cache(settings: Settings | None = None) -> int:
    """VERIFY_WEB_EMBED_CACHE (0: no vector cache), else DEFAULT_EMBED_CACHE."""
    value = (settings or config.settings()).web_embed_cache
    return value if value is not None else DEFAULT_EMBED_CACHE


def default_review_db(settings: Settings | None = None) -> Path | None:
    """VERIFY_REVIEW_DB: keep review tables in another SQLite file (None: the corpus store)."""
    return (settings or config.settings()).review_db


class Workbench:
    """The server's long-lived state. Thread-safe; methods raise VerifyError.

    ``settings`` (default: ``config.settings()`` now) say where the store is, the defaults
    of the other arguments, and what the check processes are handed."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        review_db: Path | str | None = None,
        embed_cache: int | None = None,
        processes: int | None = None,
        settings: Settings | None = None,
    ):
        self.settings = settings or config.settings()
        self.workers = max(1, int(workers or checker_threads(self.settings)))
        self.processes = max(0, int(processes or 0))
        self._executor: Any = None
        self._child_status: dict[str, Any] | None = None
        self._review_db = (
            Path(review_db) if review_db is not None else default_review_db(self.settings)
        )
        self.embed_cache = (
            default_embed_cache(self.settings) if embed_cache is None else max(0, embed_cache)
        )
        self.embedder: Any = None
        self._lock = threading.Lock()
        self._pool: queue.Queue[Any] | None = None
        self._reviews: ReviewStore | None = None
        self._index_error: VerifyError | None = None

    # ------------------------------------------------------------------ paths and state

    def store_path(self) -> Path:
        return self.settings.store_path

    def has_corpus(self) -> bool:
        return self.store_path().exists()

    def status(self) -> dict[str, Any]:
        """Whether a corpus and an index are there, for the pages' notices."""
        out: dict[str, Any] = {
            "corpus": self.has_corpus(),
            "index": None,
            "index_message": None,
            "index_hint": None,
        }
        if out["corpus"] and self._child_status is not None:
            out.update(self._child_status)
        elif out["corpus"] and self._pool is not None:
            out["index"] = self._index_error is None
            if self._index_error is not None:
                out["index_message"] = self._index_error.message
                out["index_hint"] = self._index_error.hint
        return out

    # ------------------------------------------------------------------ loading

    def reviews(self) -> ReviewStore:
        if self._reviews is None:
            with self._lock:
                if self._reviews is None:
                    if not self.has_corpus() and self._review_db is None:
                        raise NoCorpusError()
                    path = self._review_db or self.store_path()
                    if self._review_db is not None and not path.exists():
                        import sqlite3

                        sqlite3.connect(path).close()
                    self._reviews = ReviewStore(path)
        return self._reviews

    def _ensure_pool(self) -> queue.Queue[Any]:
        if self._pool is not None:
            return self._pool
        with self._lock:
            if self._pool is not None:
                return self._pool
            if not self.has_corpus():
                raise NoCorpusError()
            from verify.check.pipeline import Checker
            from verify.corpus.store import Store

            first_store = Store(self.store_path(), create=False)
            index, embedder = self._load_semantic(first_store)
            first = Checker(first_store, embedder=embedder, index=index)
            registry = first.resources.registry_or_none()
            checkers = [first]
            for _ in range(self.workers - 1):
                checkers.append(
                    Checker(
                        Store(self.store_path(), create=False),
                        registry=registry,
                        embedder=embedder,
                        index=index,
                    )
                )
            pool: queue.Queue[Any] = queue.Queue()
            for c in checkers:
                pool.put(c)
            self._pool = pool
            return pool

    def _load_semantic(self, store: Any) -> tuple[Any, Any]:
        """The vector index and the embedding model, shared by all Checkers; (None, None)
        when there is no usable index (lexical checks still work; the pages say why).

        Each check embeds one quote and a few dozen sentence windows and searches a flat
        index: small jobs, for which one thread each is faster than two on a small machine
        (no hand-off between threads), and which leaves the other core to a second Checker.
        """
        try:
            import faiss

            from verify.corpus.embed import load_embedder
            from verify.corpus.index import VectorIndex

            faiss.omp_set_num_threads(SEARCH_THREADS)
            _limit_blas_threads(SEARCH_THREADS)
            index = VectorIndex.load(store)
            embedder = load_embedder(backend=index.manifest.get("backend"), threads=EMBED_THREADS)
        except VerifyError as exc:
            self._index_error = exc
            return None, None
        self._index_error = None
        if self.embed_cache:
            embedder = CachedEmbedder(embedder, self.embed_cache)
        self.embedder = embedder
        return index, embedder

    def warm_up(self, *, reviews: bool = True) -> None:
        """Load the store, speaker registry, model and index (in every check process, when
        there are some), and run one check, so the first request is as fast as the rest.
        Quietly does nothing without a corpus."""
        if not self.has_corpus():
            return
        try:
            if self.processes:
                self._start_processes()
            else:
                with self.checker() as c:
                    try:  # a made-up sentence: runs the lexical and the semantic search
                        c.check_quote("the weather in the capital was pleasant on that day")
                    except VerifyError:
                        pass
            if reviews:
                self.reviews()
        except VerifyError:
            pass

    # ------------------------------------------------------------------ check processes

    def _ensure_executor(self) -> Any:
        if self._executor is not None:
            return self._executor
        with self._lock:
            if self._executor is None:
                if not self.has_corpus():
                    raise NoCorpusError()
                self._executor = process_pool(
                    self.processes, _child_init, settings=worker_settings(self.settings)
                )
        return self._executor

    def _start_processes(self) -> None:
        """Start every check process now (each loads and warms up), not on first need."""
        executor = self._ensure_executor()
        futures = [executor.submit(_child_ready) for _ in range(self.processes)]
        for f in futures:
            self._child_status = f.result()

    def _with_checker(self, fn: Any, *args: Any) -> Any:
        """``fn(checker, *args)`` with a Checker of a check process (VerifyErrors come back
        as themselves), or, without check processes, of this process's pool."""
        if not self.processes:
            with self.checker() as c:
                return fn(c, *args)
        from concurrent.futures.process import BrokenProcessPool

        executor = self._ensure_executor()
        try:
            return executor.submit(_in_child, fn, *args).result()
        except BrokenProcessPool as exc:
            with self._lock:
                if self._executor is executor:
                    self._executor = None
            executor.shutdown(wait=False, cancel_futures=True)
            raise CheckProcessError() from exc

    @contextmanager
    def checker(self) -> Iterator[Any]:
        """A Checker for the duration of one call, returned to the pool after."""
        pool = self._ensure_pool()
        c = pool.get()
        try:
            yield c
        finally:
            pool.put(c)

    # ------------------------------------------------------------------ the calls

    def check_quote(
        self,
        quote: Any,
        *,
        speaker: str | None = None,
        date: str | None = None,
        outlet: str | None = None,
        id: str | None = None,
    ) -> tuple[Any, int]:
        """Check one quote and keep it as a review item: (QuoteResult, item id)."""
        result = self._with_checker(_check_quote, quote, speaker, date, id)
        return result, self.reviews().record_quote(result, outlet=outlet)

    def check_article(
        self,
        *,
        text: str | None = None,
        html: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
        date: str | None = None,
        title: str | None = None,
    ) -> tuple[Any, int, list[int]]:
        """Read an article from its text or HTML, check it, keep it (as a secondary document
        and as review items): (ArticleReport, article id, item ids)."""
        from verify.article.inputs import article_from_html, article_from_text

        if html is not None:
            article = article_from_html(html, origin=ORIGIN, url=url)
        else:
            article = article_from_text(text or "", origin=ORIGIN, url=url)
        return self._check(article, outlet=outlet, date=date, title=title)

    def check_article_bytes(
        self,
        data: bytes,
        *,
        url: str | None = None,
        outlet: str | None = None,
        date: str | None = None,
        title: str | None = None,
    ) -> int:
        """An article as sent by the page's form (text or HTML, pasted or uploaded): the
        bytes are read in memory, never as a path. Returns the article id."""
        from verify.article.inputs import read_article

        article = read_article(ORIGIN, data=data)
        if url and not article.url:
            article.url = url
        return self._check(article, outlet=outlet, date=date, title=title)[1]

    def _check(
        self, article: Any, *, outlet: str | None, date: str | None, title: str | None
    ) -> tuple[Any, int, list[int]]:
        from verify.article.runner import article_key

        if outlet:
            article.outlet = outlet
        if date:
            article.date = date
        if title:
            article.title = title
        reviews = self.reviews()
        report = self._with_checker(_check_article, article)
        if report.errors and not report.checks:
            raise InputError(report.errors[0], "Give an article with quoted statements.")
        article_id, ids = reviews.record_article(report, article_key(article))
        return report, article_id, ids

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:  # each check process finishes its check and exits
            executor.shutdown(wait=True, cancel_futures=True)
        pool, self._pool = self._pool, None
        if pool is None:
            return
        while True:
            try:
                c = pool.get_nowait()
            except queue.Empty:
                break
            try:
                c.store.close()
            except Exception:  # pragma: no cover - closing best effort
                pass


# ---------------------------------------------------------------------- in a check process

_CHILD: Workbench | None = None


def _child_init() -> None:
    """A check process (verify.workers has handed it the server's Settings and watches the
    server): its own Workbench (one Checker, one thread for the model, faiss and BLAS),
    loaded and warmed up before the first request."""
    global _CHILD
    _CHILD = Workbench(workers=1, processes=0)
    _CHILD.warm_up(reviews=False)


def _child_ready() -> dict[str, Any]:
    import time

    time.sleep(0.2)  # so that each of the first submissions lands in a process of its own
    assert _CHILD is not None
    return {k: v for k, v in _CHILD.status().items() if k != "corpus"}


def _in_child(fn: Any, *args: Any) -> Any:
    assert _CHILD is not None
    with _CHILD.checker() as c:
        return fn(c, *args)


# ---------------------------------------------------------------------- the checks


def _check_quote(c: Any, quote: Any, speaker: str | None, date: str | None, id: str | None) -> Any:
    return c.check_quote(quote, speaker=speaker, date=date, id=id)


def _check_article(c: Any, article: Any) -> Any:
    from verify.article.runner import ArticleRunner

    return ArticleRunner(c).check_article(article)
