"""`verify article --engine ray`: a bulk article run on a pool of Ray actors.

Ray Data reads the articles: one row per input file (a folder's .txt, .html, .jsonl, .warc
files in name order, or the one file given), parsed in Ray tasks by the same readers as the
local engine (:func:`verify.article.runner.iter_inputs`), one row per article. A pool of
actors, each holding one :class:`~verify.article.runner.ArticleRunner` (store, model and
index loaded once per actor), checks them. This process receives each finished report as it
comes and appends it to the ``--results`` file at once (one JSON line, flushed and synced,
the same record as the local engine writes), so an actor or a node that dies loses no
finished article: Ray restarts the actor and retries the article it held, and a run that
stops altogether resumes from the results file. Articles already in it are not checked
again. The reports come back in input order, as from the local engine; only the lines of
the results file are in the order the articles finished.
"""

from __future__ import annotations

import json
import os
import pickle
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from verify.errors import VerifyError
from verify.models import Article, ArticleReport

_ARTICLE_FIELDS = ("text", "url", "title", "date", "outlet", "origin", "id")
ARTICLE_BLOCK_BYTES = 4096
_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc")


def input_files(source: str) -> list[str] | None:
    """The files Ray Data reads for ``source``: a folder's article files in name order (as
    the local reader takes them), or the one file; None for a URL or '-' (read here)."""
    if source == "-" or source.startswith(("http://", "https://")):
        return None
    path = Path(source).expanduser()
    if path.is_dir():
        return [
            str(p)
            for p in sorted(path.rglob("*"))
            if p.is_file()
            and (p.suffix.lower() in _SUFFIXES or p.name.lower().endswith(".warc.gz"))
        ]
    return [source]


def _rows(
    items: Iterable[Article | VerifyError], file: int, done: set[str] | frozenset
) -> list[dict[str, Any]]:
    """One row per article (or unreadable record) of one input file."""
    from verify.article.runner import _message, article_key

    rows = []
    for n, item in enumerate(items):
        row: dict[str, Any] = {"file": file, "item": n, "kind": "article", "key": None}
        row.update(dict.fromkeys(_ARTICLE_FIELDS))
        row["message"] = None
        if isinstance(item, VerifyError):
            row["kind"] = "error"
            row["message"] = _message(item)
            row["origin"] = getattr(item, "origin", None) or "input"
        else:
            row["key"] = article_key(item)
            if row["key"] in done:
                row["kind"] = "done"
            else:
                row.update({f: getattr(item, f) for f in _ARTICLE_FIELDS})
        rows.append(row)
    return rows


_DONE_CACHE: dict[str, frozenset] = {}


def _parse_file(
    row: dict[str, Any],
    *,
    options: dict[str, Any],
    done_ref: list[Any],
    setup: dict[str, Any],
    cwd: str,
) -> list[dict[str, Any]]:
    """A Ray Data task: the articles of one input file."""
    import ray

    from verify.article.runner import iter_inputs
    from verify.engine.cluster import take_on

    take_on(setup)
    if os.path.isdir(cwd):  # paths as given, so that origins read as in the local engine
        os.chdir(cwd)
    ref = done_ref[0]
    key = ref.hex()
    done = _DONE_CACHE.get(key)
    if done is None:
        done = _DONE_CACHE[key] = frozenset(ray.get(ref))
    return _rows(iter_inputs(row["path"], **options), int(row["file"]), done)


class ArticleActor:
    """One Ray actor: a loaded ArticleRunner, kept for every article it is handed."""

    def __init__(self, setup: dict[str, Any], store_article: bool, claims: bool):
        from verify.article.runner import ArticleRunner
        from verify.engine.cluster import take_on

        take_on(setup)
        self.runner = ArticleRunner(store_article=store_article, claims=claims)
        self.pid = os.getpid()

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        from verify.article.runner import _message

        out = {k: row[k] for k in ("file", "item", "kind", "key", "message", "origin")}
        out["pid"] = self.pid
        out["report"] = None
        if row["kind"] == "article":
            article = Article(**{f: row[f] for f in _ARTICLE_FIELDS})
            try:
                rep = self.runner.check_article(article)
            except VerifyError as exc:
                rep = ArticleReport(article=article, errors=[_message(exc)])
            out["report"] = pickle.dumps(rep, protocol=pickle.HIGHEST_PROTOCOL)
        return out


def run_articles(
    source: str,
    *,
    outlet: str | None = None,
    date: str | None = None,
    url: str | None = None,
    store_article: bool = True,
    claims: bool = True,
    results: Path | None = None,
    actors: int | None = None,
    address: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_row: Callable[[dict[str, Any]], None] | None = None,
    max_restarts: int = -1,
) -> list[ArticleReport]:
    """Check every article of ``source`` on Ray; the reports in input order.

    ``results``: a JSON-lines file of finished articles, appended to as each one finishes
    and read first to skip those already done. ``actors``: the size of the actor pool
    (default one per CPU of the cluster). ``on_row`` sees each row as it arrives (for tests
    and monitoring: it carries the actor's ``pid``). ``max_restarts``: how often Ray may
    restart a dead actor (-1, the default: without limit; 0: a dead actor ends the run).
    """
    from verify.article.runner import _load_done, iter_inputs
    from verify.corpus.store import Store
    from verify.engine.cluster import (
        READ_CPUS,
        actor_cpus,
        actor_setup,
        pool_size,
        ray_session,
        run_stopped,
    )

    Store(create=False).close()  # a missing store is reported here, once, not per actor
    results = Path(results) if results else None
    done = _load_done(results) if results else {}
    options = {"outlet": outlet, "date": date, "url": url}
    files = input_files(source) or None  # no files: the local reader says so, as an error row
    setup = actor_setup()
    collected: list[tuple[tuple[int, int], ArticleReport]] = []
    out = open(results, "a", encoding="utf-8") if results else None
    with ray_session(address) as ray:
        import ray.data

        n = pool_size(ray, actors)
        if files is None:  # a URL or standard input: read here, checked there
            rows = _rows(iter_inputs(source, **options), 0, done)
            ds = ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))
        else:
            done_ref = [ray.put(sorted(done))]
            ds = ray.data.from_items(
                [{"file": i, "path": p} for i, p in enumerate(files)],
                override_num_blocks=len(files),
            ).flat_map(
                _parse_file,
                fn_kwargs={
                    "options": options,
                    "done_ref": done_ref,
                    "setup": setup,
                    "cwd": os.getcwd(),
                },
                num_cpus=READ_CPUS,
            )
        # Ray Data restarts a dead actor and retries its article by default
        extra = {} if max_restarts < 0 else {"max_restarts": max_restarts}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = ds.map(
                ArticleActor,
                fn_constructor_kwargs={
                    "setup": setup,
                    "store_article": store_article,
                    "claims": claims,
                },
                compute=ray.data.ActorPoolStrategy(size=n),
                num_cpus=actor_cpus(ray, n),
                **extra,
            )
        # Blocks of about one article each (the readers cut their output at this size), so
        # that the articles of one JSONL or WARC file spread over every actor.
        context = ray.data.DataContext.get_current()
        block_size = context.target_max_block_size
        context.target_max_block_size = ARTICLE_BLOCK_BYTES
        try:
            for row in ds.iter_rows():
                if on_row:
                    on_row(row)
                rep = _report(row, done)
                if out is not None and row["kind"] == "article" and (rep.checks or not rep.errors):
                    line = rep.to_json()
                    line["key"] = row["key"]
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
                    out.flush()
                    os.fsync(out.fileno())
                collected.append(((int(row["file"]), int(row["item"])), rep))
                if progress:
                    progress(1)
        except (VerifyError, KeyboardInterrupt):
            raise
        except Exception as exc:  # an actor that cannot start, a node lost for good
            raise run_stopped(exc, results) from None
        finally:
            context.target_max_block_size = block_size
            if out is not None:
                out.close()
    collected.sort(key=lambda pair: pair[0])
    return [rep for _, rep in collected]


def _report(row: dict[str, Any], done: dict[str, ArticleReport]) -> ArticleReport:
    if row["kind"] == "error":
        return ArticleReport(
            article=Article(text="", origin=row["origin"]), errors=[row["message"]]
        )
    if row["kind"] == "done":
        return done[row["key"]]
    return pickle.loads(row["report"])


__all__ = ["run_articles", "input_files", "ArticleActor"]
