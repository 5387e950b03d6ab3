"""`verify bench …`: print measured throughput and latency tables."""

from __future__ import annotations

import typer

from .common import console, print_json

app = typer.Typer(help="Measure ingest, index and query speed.", no_args_is_help=True)


def _table(title: str, data: dict) -> None:
    from rich.table import Table

    table = Table("measure", "value", title=title)
    for k, v in data.items():
        table.add_row(k, f"{v:,}" if isinstance(v, int | float) else str(v))
    console.print(table)


@app.command("ingest")
def ingest(
    names: list[str] = typer.Argument(None, help="Source names (default: all)."),
    demo: bool = typer.Option(False, "--demo", help="Only the demo selection."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ingest the declared sources into a throwaway store: documents/turns/passages per second,
    peak memory and store size."""
    from ..bench import bench_ingest

    result = bench_ingest(names or None, demo=demo)
    if as_json:
        print_json(result)
    else:
        _table("Ingest", result)
