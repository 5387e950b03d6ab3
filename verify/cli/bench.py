"""`verify bench …`: print measured throughput and latency tables."""

from __future__ import annotations

import typer

from verify.cli.common import console, print_json

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
    from verify.bench import bench_ingest

    result = bench_ingest(names or None, demo=demo)
    if as_json:
        print_json(result)
    else:
        _table("Ingest", result)


@app.command("embed")
def embed(
    sentences: int = typer.Option(1000, "--sentences", help="Real sentences timed."),
    backend: str = typer.Option(
        None, "--backend", help="Backend to compare (default: the one new indexes use)."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """An embedding backend against plain sentence-transformers, same run and sentences:
    rate, ratio, minimum cosine and top-1 passage agreement (store: VERIFY_HOME)."""
    from verify.bench import bench_embed_backends
    from verify.corpus.store import Store

    with Store(create=False, readonly=True) as store:
        result = bench_embed_backends(store, backend=backend, sentences=sentences)
    if as_json:
        print_json(result)
    else:
        _table("Embedding against sentence-transformers", result)


@app.command("all")
def all_(
    as_json: bool = typer.Option(False, "--json"),
    quick: bool = typer.Option(False, "--quick", help="Skip the full-corpus ingest and load test."),
    load_seconds: int = typer.Option(30, "--load-seconds", help="Duration of the load test."),
) -> None:
    """Everything `make bench` reports, on the current store and index (VERIFY_HOME)."""
    from verify import config
    from verify.bench import (
        bench_check,
        bench_check_parallel,
        bench_embed,
        bench_embed_backends,
        bench_ingest,
        bench_quote_process,
        bench_search,
        quote_mix,
    )
    from verify.check.batch import default_workers
    from verify.corpus.store import Store

    results: dict[str, dict] = {}
    if not quick:
        results["ingest (all sources, fresh store)"] = bench_ingest()
    with Store(create=False) as store:
        results["index build (embedding)"] = bench_embed(store)
        results["embedding against sentence-transformers"] = bench_embed_backends(store)
        results["faiss search"] = bench_search(store)
        mix = quote_mix(config.PROJECT_ROOT / "bench" / "quotes_eval.jsonl", n=300)
        results["verify check, warm, one process"] = bench_check(store, mix)
    results["verify check, worker processes"] = bench_check_parallel(mix, default_workers())
    results["verify quote, fresh process, verbatim"] = bench_quote_process(
        "It is you who must give us guarantees, and you must do it immediately, right now",
        "Vladimir Putin",
    )
    results["verify quote, fresh process, paraphrase"] = bench_quote_process(
        "Ensuring stability and security in this region is one of the most important issues "
        "on the agenda today.",
        "Vladimir Putin",
    )
    if not quick:
        from tools.loadtest import run_server_loadtest

        load = run_server_loadtest(seconds=load_seconds)
        parts = {"by set": load.pop("by_set", None), "by verdict": load.pop("by_kind", None)}
        results["web load test (8 clients)"] = load
        for name, rows in parts.items():
            results[f"web load test, {name}: requests, p50/p95 ms"] = {
                k: f"{v['requests']:>4}  {v['p50_ms']} / {v['p95_ms']}"
                for k, v in (rows or {}).items()
            }
    if as_json:
        print_json(results)
        return
    for title, data in results.items():
        _table(title, data)
