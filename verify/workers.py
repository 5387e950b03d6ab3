"""The one process pool: worker processes for `verify check` and for `verify serve`.

Every pool is a ``ProcessPoolExecutor`` started with ``spawn`` (never ``fork``: the callers
have threads, an event loop, open SQLite connections and thread pools of numeric libraries).
Each worker process receives the parent's ``Settings`` as an argument and takes them on
(``config.use``) before its own initialiser runs, so the parent never changes ``os.environ``
for its children; and each ends itself when its parent is gone (killed, crashed) rather
than wait for work forever holding a model and an index in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from verify import config
from verify.config import Settings

MAX_WORKERS = 4  # beyond four, checks contend for the store and memory more than they gain


def default_workers(limit: int = MAX_WORKERS) -> int:
    """Worker processes for this machine: one per core, at most ``limit``, at least one."""
    return max(1, min(limit, os.cpu_count() or 1))


def worker_settings(settings: Settings | None = None) -> Settings:
    """The settings a worker process gets: the parent's (``config.settings()`` unless
    given), with one model thread (each worker is one of several on the cores) unless
    VERIFY_THREADS says otherwise, and the home resolved (the worker may start elsewhere)."""
    s = settings or config.settings()
    return s.replace(home=s.home.resolve(), threads=s.threads or 1)


def process_pool(
    n: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    *,
    settings: Settings | None = None,
) -> Any:
    """A pool of ``n`` spawned worker processes; each takes on ``settings`` (default:
    ``worker_settings()``) and then runs ``initializer(*initargs)``."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=max(1, int(n)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(settings or worker_settings(), initializer, initargs),
    )


def _start_worker(
    settings: Settings, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """In a new worker process: its settings, the watch on the parent, its own set-up."""
    config.use(settings)
    exit_with_parent()
    if initializer is not None:
        initializer(*initargs)


def exit_with_parent(every: float = 1.0) -> None:
    """End this process when the process that started it is gone."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="verify-parent-watch", daemon=True).start()


__all__ = ["default_workers", "exit_with_parent", "process_pool", "worker_settings"]
