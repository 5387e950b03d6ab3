"""`verify quote` (one quote) and `verify check` (a JSON-lines batch)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from verify.cli.common import err_console, print_json, progress_bar


def register(app: typer.Typer) -> None:
    app.command("quote")(quote)
    app.command("check")(check)


def quote(
    text: str = typer.Argument(..., help="The quoted words ('-' reads them from stdin)."),
    speaker: str = typer.Option(None, "--speaker", "-s", help="Who is claimed to have said it."),
    date: str = typer.Option(None, "--date", "-d", help="When it was reported (YYYY-MM-DD)."),
    top_k: int = typer.Option(5, "--top-k", help="Passages to consider per retrieval."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON contract."),
) -> None:
    """Find a quote's source passage and judge its wording, word by word."""
    from verify.check.pipeline import Checker
    from verify.cli.render import render_result
    from verify.errors import InputError

    if text == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                "The quote on stdin is not UTF-8 text.", "Convert it: iconv -f LATIN1 -t UTF-8"
            ) from None
    _check_date(date)
    checker = Checker()
    result = checker.check_quote(text, speaker=speaker, date=date, top_k=top_k)
    if as_json:
        print_json(result.to_json())
    else:
        render_result(result)


def _check_date(date: str | None) -> None:
    from datetime import date as Date

    from verify.errors import InputError

    if date is None:
        return
    try:
        Date.fromisoformat(date)
    except ValueError:
        raise InputError(f"Bad date {date!r}.", "Write it as YYYY-MM-DD.") from None


def read_jsonl_items(path: str):
    """Yield dicts (or InputError records) from a JSON-lines file or '-'."""
    from verify.errors import InputError

    if path == "-":
        raw = sys.stdin.buffer.read()
        origin = "stdin"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"No such file: {path}.", "Give a JSON-lines file, or - for stdin.")
        raw = p.read_bytes()
        origin = path
    for n, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield InputError(f"{origin}:{n}: not UTF-8 text.", "Re-encode the file as UTF-8.")
            continue
        except json.JSONDecodeError as exc:
            yield InputError(
                f"{origin}:{n}: not JSON ({exc.msg}).",
                'Each line must be an object like {"id": "1", "quote": "…"}.',
            )
            continue
        if not isinstance(item, dict) or "quote" not in item:
            yield InputError(
                f'{origin}:{n}: no "quote" key.',
                'Each line must be an object like {"id": "1", "quote": "…"}.',
            )
            continue
        yield item


def check(
    file: str = typer.Argument(..., help="JSON lines {id, quote, speaker, date}; - for stdin."),
    out: Path = typer.Option(None, "--out", "-o", help="Write results here (default stdout)."),
    workers: int = typer.Option(
        None, "--workers", "-j", help="Worker processes (default: one per core, at most 4)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or ray."),
    address: str = typer.Option(None, "--address", help="Ray: join this cluster."),
    actors: int = typer.Option(None, "--actors", help="Ray: actors (default one per CPU)."),
) -> None:
    """Check many quotes: one output line per input line, in order."""
    from verify.check.batch import check_items, default_workers
    from verify.corpus.store import Store
    from verify.engine import check_engine
    from verify.errors import InputError
    from verify.files import atomic_writer

    if check_engine(engine, address=address, actors=actors) == "ray":
        from verify.engine.quotes import check_items_ray

        def check_items(items, workers, progress):  # noqa: F811 - the Ray engine's
            return check_items_ray(items, actors=actors, address=address, progress=progress)

    items = list(read_jsonl_items(file))
    if not items:
        raise InputError(f"{file} holds no quotes.", "Give one JSON object per line.")
    Store(create=False).close()  # a missing store is reported here, once
    n_workers = workers if workers is not None else default_workers()
    n_workers = max(1, min(n_workers, len(items) // 8 or 1))
    errors = 0
    with (
        atomic_writer(out) as fh,
        progress_bar("Checking", len(items), enabled=progress) as (
            adv,
            _,
        ),
    ):
        for row in check_items(items, workers=n_workers, progress=adv):
            if row.get("error"):
                errors += 1
                err_console.print(f"[red]error[/] {row['error']}", highlight=False)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    if errors:
        err_console.print(f"{errors} of {len(items)} lines could not be checked.")
        raise typer.Exit(1)
