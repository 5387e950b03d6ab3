"""Checking many quotes: in order, one result per item, optionally over worker processes.

Each worker process holds its own Checker (store connection, model, index), loaded once.
Items that could not be read (an InputError from the JSON-lines reader) become error
records in their place, so the output lines up with the input.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from verify.errors import InputError, VerifyError
from verify.models import QuoteResult

_CHECKER: Any = None


def _init_worker(home: str | None, threads: str | None = "1") -> None:
    """Set up this process's Checker (in a worker, with one model thread per process)."""
    global _CHECKER
    if home:
        os.environ["VERIFY_HOME"] = home
    if threads:
        os.environ.setdefault("VERIFY_THREADS", threads)
    from verify.check.pipeline import Checker

    _CHECKER = Checker()


def _check_one(item: dict[str, Any]) -> dict[str, Any]:
    from verify.check.pipeline import error_result

    if "__error__" in item:
        result = error_result({}, InputError(item["__error__"], item.get("hint")))
    else:
        result = next(_CHECKER.check_many([item]))
    out = result.to_json()
    if result.error:
        out["error"] = result.error
    return out


def _as_item(item: dict[str, Any] | VerifyError) -> dict[str, Any]:
    if isinstance(item, VerifyError):
        return {"__error__": item.message, "hint": item.hint}
    return item


def check_items(
    items: Iterable[dict[str, Any] | VerifyError],
    *,
    workers: int = 1,
    progress: Callable[[], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Results (the JSON contract, plus "error" for lines that could not be checked), in
    input order. ``workers`` > 1 spreads the quotes over that many processes."""
    items = [_as_item(i) for i in items]
    if workers <= 1:
        _init_worker(None, threads=None)
        for item in items:
            yield _check_one(item)
            if progress:
                progress()
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(
        workers, initializer=_init_worker, initargs=(os.environ.get("VERIFY_HOME"),)
    ) as pool:
        for out in pool.imap(_check_one, items, chunksize=4):
            yield out
            if progress:
                progress()


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


__all__ = ["check_items", "default_workers", "QuoteResult"]
