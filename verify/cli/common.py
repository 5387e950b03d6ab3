"""Shared pieces of the CLI: consoles, JSON output, progress bars, reading inputs."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def print_json_line(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def progress_bar(description: str, total: int | None = None, *, enabled: bool = True):
    """A progress bar on stderr; yields (advance(n), set_total(n))."""
    if not enabled:
        yield (lambda n=1: None), (lambda n: None)
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            progress.advance(task, n)

        def set_total(n: int) -> None:
            progress.update(task, total=n)

        yield advance, set_total


def parse_map(values: list[str] | None) -> dict[str, str] | None:
    """--map text=body,url=link (repeatable or comma separated) -> {"text": "body", ...}."""
    from verify.errors import InputError

    if not values:
        return None
    out: dict[str, str] = {}
    for value in values:
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            if "=" not in item:
                raise InputError(
                    f"Bad --map item {item!r}.",
                    "Write FIELD=COLUMN pairs, e.g. --map text=body,url=link,title=headline",
                )
            field, column = (s.strip() for s in item.split("=", 1))
            out[field] = column
    return out
