"""`verify corpus …`: ingest, list, show and fetch corpus documents."""

from __future__ import annotations

from datetime import date as Date

import typer

from verify.cli.common import (
    console,
    err_console,
    parse_map,
    print_json,
    print_json_line,
    progress_bar,
)

app = typer.Typer(help="Ingest, list and inspect the corpus of transcripts.", no_args_is_help=True)


def _store():
    from verify.corpus.store import Store

    return Store()


def _print_ingest(report, *, as_json: bool) -> None:
    if as_json:
        print_json(report.to_json())
        return
    console.print(
        f"{report.documents:,} documents ({report.added:,} added, {report.new_versions:,} new "
        f"versions, {report.unchanged:,} unchanged), {report.turns:,} turns, "
        f"{report.passages:,} passages in {report.seconds:.1f} s."
    )
    if report.skipped:
        console.print(f"{len(report.skipped)} skipped (not documents).")
    if report.errors:
        err_console.print(f"[red]{len(report.errors)} problem(s); those inputs were skipped.[/]")


def _on_event(advance):
    def handle(kind: str, payload: object) -> None:
        if kind == "document":
            advance(1)
        elif kind == "error":
            err_console.print(f"[red]skipped[/] {payload.message}", highlight=False)
            if getattr(payload, "hint", None):
                err_console.print(f"  {payload.hint}", highlight=False)
        elif kind == "skipped":
            err_console.print(f"[yellow]not a document[/] {payload.origin}: {payload.reason}")

    return handle


@app.command("add")
def add(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or globs."),
    publisher: str = typer.Option(..., "--publisher", help="Who published them, e.g. Kremlin."),
    kind: str = typer.Option(..., "--kind", help="primary (official) or secondary (media)."),
    fmt: str = typer.Option("auto", "--format", help="auto|csv|jsonl|parquet|markdown|html"),
    mapping: list[str] = typer.Option(
        None, "--map", help="Column mapping for tables: text=body,url=link,title=headline,date=date"
    ),
    language: str = typer.Option("en", "--language"),
    original_language: str = typer.Option(
        None, "--original-language", help="If the texts translate speech in another language."
    ),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad file or row."),
    as_json: bool = typer.Option(False, "--json", help="Print the ingest summary as JSON."),
) -> None:
    """Add documents to the corpus store (re-adding unchanged documents changes nothing)."""
    from verify.corpus.ingest import ingest_paths, validate_kind
    from verify.corpus.sources import FORMATS

    validate_kind(kind)
    if fmt not in FORMATS:
        from verify.errors import InputError

        raise InputError(f"Unknown format {fmt!r}.", f"Use one of: {', '.join(FORMATS)}.")
    with _store() as store, progress_bar("Ingesting", None, enabled=not as_json) as (adv, _):
        report = ingest_paths(
            paths,
            store,
            fmt=fmt,
            mapping=parse_map(mapping),
            publisher=publisher,
            kind=kind,
            language=language,
            strict=strict,
            on_event=_on_event(adv),
            original_language=original_language,
        )
    _print_ingest(report, as_json=as_json)
    if report.errors:
        raise typer.Exit(1)


@app.command("ingest")
def ingest(
    names: list[str] = typer.Argument(None, help="Source names from corpora/sources.toml."),
    demo: bool = typer.Option(False, "--demo", help="Only each source's demo selection."),
    strict: bool = typer.Option(False, "--strict"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ingest the sources declared in corpora/sources.toml (all, or the ones named)."""
    from verify.corpus.ingest import ingest_sources

    failed = False
    with _store() as store, progress_bar("Ingesting", None, enabled=not as_json) as (adv, _):
        reports = ingest_sources(
            store, names=names or None, demo=demo, strict=strict, on_event=_on_event(adv)
        )
    for name, report in reports.items():
        if not as_json:
            console.print(f"[bold]{name}[/]: ", end="")
        _print_ingest(report, as_json=as_json)
        failed = failed or bool(report.errors)
    if failed:
        raise typer.Exit(1)


@app.command("sources")
def sources(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the sources declared in corpora/sources.toml."""
    from rich.table import Table

    from verify.corpus.sourcelist import load_sources

    srcs = load_sources()
    if as_json:
        for s in srcs:
            print_json_line(
                {
                    "name": s.name,
                    "publisher": s.publisher,
                    "kind": s.kind,
                    "language": s.language,
                    "format": s.format,
                    "location": str(s.location),
                }
            )
        return
    table = Table("name", "publisher", "kind", "format", "location")
    for s in srcs:
        table.add_row(s.name, s.publisher, s.kind, s.format, str(s.location))
    console.print(table)


@app.command("list")
def list_(
    publisher: str = typer.Option(None, "--publisher"),
    kind: str = typer.Option(None, "--kind"),
    since: str = typer.Option(None, "--since", help="YYYY-MM-DD"),
    until: str = typer.Option(None, "--until", help="YYYY-MM-DD"),
    limit: int = typer.Option(None, "--limit"),
    all_versions: bool = typer.Option(False, "--all-versions", help="Include superseded ones."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines, one document a line."),
) -> None:
    """List stored documents, oldest first."""
    from rich.table import Table

    from verify.corpus.store import Store

    with Store(create=False) as store:
        rows = store.list_documents(
            publisher=publisher,
            kind=kind,
            since=since,
            until=until,
            limit=limit,
            all_versions=all_versions,
        )
        if as_json:
            for row in rows:
                print_json_line(row)
            return
        table = Table("id", "date", "publisher", "kind", "turns", "title", "url")
        n = 0
        for row in rows:
            n += 1
            table.add_row(
                str(row["id"]),
                (row["date"] or "")[:10],
                row["publisher"] or "",
                row["kind"] or "",
                str(row["turns"]),
                (row["title"] or "")[:60],
                row["url"] or "",
            )
        console.print(table)
        console.print(f"{n:,} documents")


@app.command("show")
def show(
    doc: str = typer.Argument(..., help="A document id or URL."),
    version: int = typer.Option(None, "--version", help="An earlier version."),
    as_json: bool = typer.Option(False, "--json"),
    full: bool = typer.Option(False, "--full", help="Show whole turns, not their openings."),
) -> None:
    """Show a document's metadata, then its speaker turns."""
    from rich.table import Table

    from verify.corpus.store import Store

    with Store(create=False) as store:
        d = store.get_document(doc, version=version)
        versions = store.versions(str(d.id))
    if as_json:
        out = d.summary()
        out["versions"] = versions
        out["turns"] = [
            {
                "seq": i,
                "start": t.start,
                "body_start": t.body_start,
                "end": t.end,
                "label": t.label,
                "speaker": t.speaker,
                "is_question": t.is_question,
                "text": d.text[t.body_start : t.end],
            }
            for i, t in enumerate(d.turns)
        ]
        print_json(out)
        return
    console.print(f"[bold]{d.title or '(untitled)'}[/]")
    console.print(
        f"id {d.id} · version {d.version} of {len(versions)} · {d.date or 'no date'} · "
        f"{d.publisher or '?'} ({d.kind or '?'}) · {d.language}"
    )
    if d.url:
        console.print(d.url)
    table = Table("#", "speaker", "label", "q?", "text", show_lines=False)
    for i, t in enumerate(d.turns):
        body = d.text[t.body_start : t.end].strip()
        if not full and len(body) > 110:
            body = body[:107] + "…"
        table.add_row(
            str(i), t.speaker or "—", (t.label or "")[:40], "Q" if t.is_question else "", body
        )
    console.print(table)
    console.print(f"{len(d.turns)} turns")


@app.command("stats")
def stats(as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts of documents, turns and passages, and the store's size."""
    from verify.corpus.store import Store

    with Store(create=False) as store:
        s = store.stats()
    if as_json:
        print_json(s)
        return
    console.print(
        f"{s['documents']:,} documents ({s['versions']:,} versions), {s['turns']:,} "
        f"turns, {s['sentences']:,} sentences, {s['passages']:,} passages, "
        f"{s['bytes'] / 1e6:.1f} MB"
    )
    for pub, n in s["publishers"].items():
        console.print(f"  {pub}: {n:,}")


@app.command("fetch")
def fetch(
    source: str = typer.Argument(..., help="A source name from corpora/sources.toml."),
    since: str = typer.Option(..., "--since", help="Fetch documents published since YYYY-MM-DD."),
    max_pages: int = typer.Option(20, "--max-pages", help="Listing pages to walk at most."),
    delay: float = typer.Option(
        None, "--delay", help="Seconds between requests to one host (default: sources.toml, 1)."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Fetch new documents from an official site (politely) and add them to the store."""
    from verify.corpus.fetch import fetch_source
    from verify.corpus.ingest import ingest_records
    from verify.corpus.sourcelist import get_source
    from verify.errors import InputError

    try:
        since_date = Date.fromisoformat(since)
    except ValueError:
        raise InputError(f"Bad date {since!r}.", "Write it as YYYY-MM-DD.") from None
    src = get_source(source)
    fetcher = None
    if delay is not None:
        from verify.corpus.fetch import PoliteFetcher

        fetcher = PoliteFetcher(min_interval=max(0.0, delay))
    records = fetch_source(src, since_date, max_pages=max_pages, fetcher=fetcher)
    with _store() as store, progress_bar("Fetching", None, enabled=not as_json) as (adv, _):
        report = ingest_records(
            records, store, publisher=src.publisher, kind=src.kind, on_event=_on_event(adv)
        )
    _print_ingest(report, as_json=as_json)
    if report.errors:
        raise typer.Exit(1)
