"""`verify index …`: build and inspect the vector index."""

from __future__ import annotations

import typer

from verify.cli.common import console, print_json, progress_bar

app = typer.Typer(help="Build and inspect the vector index of passages.", no_args_is_help=True)


@app.command("build")
def build(
    rebuild: bool = typer.Option(False, "--rebuild", help="Start again from scratch."),
    backend: str = typer.Option(
        None, "--backend", help="Embedding backend: onnx-int8, onnx-fp32 or torch."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Embed every passage not yet embedded and save the index (incremental)."""
    from verify.corpus.embed import load_embedder
    from verify.corpus.index import build as build_index
    from verify.corpus.index import read_manifest
    from verify.corpus.store import Store

    with Store(create=False) as store:
        manifest = None if rebuild else read_manifest()
        embedder = load_embedder(backend=backend or (manifest or {}).get("backend"))
        with progress_bar("Embedding passages", None, enabled=not as_json) as (adv, set_total):
            report = build_index(
                store, embedder=embedder, rebuild=rebuild, on_start=set_total, on_progress=adv
            )
    if as_json:
        print_json(
            {
                "embedded": report.embedded,
                "total": report.total,
                "seconds": round(report.seconds, 2),
                "per_second": round(report.per_second, 1),
                "model": report.model,
                "backend": report.backend,
            }
        )
        return
    if report.up_to_date:
        console.print(f"The index is up to date ({report.total:,} passages).")
    else:
        console.print(
            f"Embedded {report.embedded:,} passages in {report.seconds:.1f} s "
            f"({report.per_second:.0f}/s); the index holds {report.total:,}."
        )


@app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Whether the index exists, which model built it, and how many passages wait."""
    from verify.corpus.index import index_status
    from verify.corpus.store import Store

    with Store(create=False) as store:
        s = index_status(store)
    if as_json:
        print_json(s)
        return
    if not s["built"]:
        console.print(f"No index yet; {s['pending']:,} passages to embed. Run: verify index build")
        return
    console.print(
        f"{s['passages']:,} passages, model {s['model']} ({s['backend']}), built "
        f"{s['built_at']}; {s['pending']:,} passages not yet embedded."
    )
