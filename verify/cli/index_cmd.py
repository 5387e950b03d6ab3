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
    kind: str = typer.Option(
        None,
        "--kind",
        help="Index kind of a new index: flat or ivf-sq8 (default: by size, ivf-sq8 from "
        "1M passages).",
    ),
    as_json: bool = typer.Option(False, "--json"),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or ray."),
    address: str = typer.Option(None, "--address", help="Ray: join this cluster."),
    actors: int = typer.Option(None, "--actors", help="Ray: actors (default one per CPU)."),
) -> None:
    """Embed every passage not yet embedded and save the index (incremental)."""
    from contextlib import nullcontext

    from verify.corpus.embed import build_backend, load_embedder
    from verify.corpus.index import build as build_index
    from verify.corpus.index import read_manifest
    from verify.corpus.store import Store
    from verify.engine import check_engine

    with Store(create=False) as store:
        manifest = None if rebuild else read_manifest()
        chosen = backend or (manifest or {}).get("backend") or build_backend()
        if check_engine(engine, address=address, actors=actors) == "ray":
            from verify.engine.index import ray_embedder

            embedding = ray_embedder(chosen, address=address, actors=actors)
        else:
            embedding = nullcontext(load_embedder(backend=chosen))
        with (
            embedding as embedder,
            progress_bar("Embedding passages", None, enabled=not as_json) as (adv, set_total),
        ):
            report = build_index(
                store,
                embedder=embedder,
                rebuild=rebuild,
                kind=kind,
                on_start=set_total,
                on_progress=adv,
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
                "kind": report.kind,
            }
        )
        return
    if report.up_to_date:
        console.print(f"The index is up to date ({report.total:,} passages).")
    else:
        console.print(
            f"Embedded {report.embedded:,} passages in {report.seconds:.1f} s "
            f"({report.per_second:.0f}/s); the {report.kind} index holds {report.total:,}."
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
        f"{s['passages']:,} passages ({s.get('kind', 'flat')} index), model {s['model']} "
        f"({s['backend']}), built "
        f"{s['built_at']}; {s['pending']:,} passages not yet embedded."
    )


@app.command("check")
def check(
    quick: bool = typer.Option(False, "--quick", help="Sizes only, no checksums."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Check the index files against the manifest: each file's size and checksum."""
    from verify.corpus.index import check_files

    result = check_files(checksums=not quick)
    if as_json:
        print_json(result)
        return
    what = "sizes and checksums" if result["checksums"] else "sizes"
    console.print(f"The index files agree with the manifest ({result['files']} files, {what}).")
