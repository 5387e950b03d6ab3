"""`verify extract`, `verify article` and `verify report`: articles in, reports out."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from verify.cli.common import console, err_console, print_json_line, progress_bar


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.command("article")(article)
    app.command("report")(report)


def _read(source: str):
    from verify.article.inputs import read_article

    data = sys.stdin.buffer.read() if source == "-" else None
    return read_article(source, data=data)


def extract(
    source: str = typer.Argument(..., help="An article: a file (text, HTML, WARC), a URL, or -."),
    no_claims: bool = typer.Option(False, "--no-claims", help="Direct quotes only."),
    terms: bool = typer.Option(
        False,
        "--terms",
        help="Also quoted terms: up to three words in quotation marks with no speech verb, "
        'credited to the person the report is about ("term": true; `verify article` keeps '
        "those the speaker's words hold).",
    ),
) -> None:
    """Extract every quote and reported claim with its attribution (JSON lines)."""
    from verify.article.extract import extract_quotes

    art = _read(source)
    for q in extract_quotes(art.text, claims=not no_claims, terms=terms):
        print_json_line(q.to_json())


def article(
    source: str = typer.Argument(
        ..., help="An article file (text, HTML, WARC), a URL, '-', or a folder/JSONL of many."
    ),
    fmt: str = typer.Option(
        "jsonl", "--format", "-f", help="jsonl, csv, markdown, html or claimreview."
    ),
    out: Path = typer.Option(None, "--out", "-o", help="Write the report here (default stdout)."),
    outlet: str = typer.Option(None, "--outlet", help="The publishing outlet, if not detected."),
    date: str = typer.Option(None, "--date", help="Publication date YYYY-MM-DD, if not detected."),
    url: str = typer.Option(None, "--url", help="The article's URL, if reading a file."),
    store_article: bool = typer.Option(
        True, "--store/--no-store", help="Keep the article as a secondary document."
    ),
    results: Path = typer.Option(
        None, "--results", help="Bulk runs: a JSON-lines file of finished articles (resumable)."
    ),
    no_claims: bool = typer.Option(False, "--no-claims", help="Direct quotes only."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or ray."),
    address: str = typer.Option(None, "--address", help="Ray: join this cluster."),
    actors: int = typer.Option(None, "--actors", help="Ray: actors (default one per CPU)."),
) -> None:
    """Check every quote of an article (or a batch of articles) and write a provenance report."""
    from verify.article.runner import ArticleRunner, iter_inputs
    from verify.engine import check_engine
    from verify.report import format_summary, normalize_format, summarize, write_report

    fmt = normalize_format(fmt)
    if check_engine(engine, address=address, actors=actors) == "ray":
        from verify.engine.articles import run_articles

        def stream(progress):
            return run_articles(
                source,
                outlet=outlet,
                date=date,
                url=url,
                store_article=store_article,
                claims=not no_claims,
                results=results,
                actors=actors,
                address=address,
                progress=progress,
            )

        inputs = None
    else:
        runner = ArticleRunner(store_article=store_article, claims=not no_claims)
        inputs = list(iter_inputs(source, outlet=outlet, date=date, url=url))

        def stream(progress):
            return runner.run(inputs, results=results, progress=progress)

    reports = []
    failed = 0
    bar = inputs is None or len(inputs) > 1
    with progress_bar("Articles", inputs and len(inputs), enabled=bar) as (adv, _):
        for item in stream(adv):
            if item.errors and not item.checks:
                failed += 1
                for e in item.errors:
                    err_console.print(f"[red]error[/] {item.article.origin}: {e}", highlight=False)
            reports.append(item)
    write_report(reports, fmt, out)
    if len(reports) > 1 or out is not None:
        err_console.print(format_summary(summarize(reports)), highlight=False)
    if out is not None:
        console.print(f"Report written to {out}", highlight=False)
    if failed == len(reports):
        raise typer.Exit(1)


def report(
    source: Path = typer.Argument(..., help="Saved results: a JSON-lines file or a folder."),
    fmt: str = typer.Option(
        "markdown", "--format", "-f", help="jsonl, csv, markdown, html or claimreview."
    ),
    out: Path = typer.Option(None, "--out", "-o", help="Write here (default stdout)."),
) -> None:
    """Re-render saved article results in another format."""
    from verify.report import load_reports, normalize_format, write_report

    fmt = normalize_format(fmt)
    reports = load_reports(source)
    write_report(reports, fmt, out)
