"""Checking many quotes: in order, one result per item, optionally over worker processes.

Each worker process (verify.workers: spawned, handed the parent's Settings) holds its own
Checker (store connection, model, index), loaded once. Items that could not be read (an
InputError from the JSON-lines reader) become error records in their place, so the output
lines up with the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from verify import config
from verify.config import Settings
from verify.errors import InputError, VerifyError
from verify.models import QuoteResult
from verify.workers import default_workers, process_pool

_CHECKER: Any = None


def _init_worker(settings: Settings | None = None, **_ignored: Any) -> None:
    """Set up this process's Checker, with ``settings`` when given (None: the settings in
    force here). ``process_pool`` has already taken on the worker's settings."""
    global _CHECKER
    if settings is not None:
        config.use(settings)
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
    settings: Settings | None = None,
) -> Iterator[dict[str, Any]]:
    """Results (the JSON contract, plus "error" for lines that could not be checked), in
    input order. ``workers`` > 1 spreads the quotes over that many processes, each given
    ``settings`` (default: this process's, with one model thread each)."""
    items = [_as_item(i) for i in items]
    if workers <= 1:
        with config.using(settings):
            _init_worker()
            for item in items:
                yield _check_one(item)
                if progress:
                    progress()
        return
    from concurrent.futures.process import BrokenProcessPool

    from verify.workers import worker_settings

    with process_pool(workers, _init_worker, settings=worker_settings(settings)) as pool:
        try:
            for out in pool.map(_check_one, items, chunksize=4):
                yield out
                if progress:
                    progress()
        except BrokenProcessPool:
            raise VerifyError(
                "A worker process stopped unexpectedly (it could not load the checker, or "
                "ran out of memory).",
                "Run again with --workers 1 to see why.",
            ) from None


__all__ = ["check_items", "default_workers", "QuoteResult"]
