"""`verify factcheck add|list|show` (the archive of fact checks) and `verify claim`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from verify.cli.common import console, err_console, parse_map, print_json, progress_bar

app = typer.Typer(
    help="The archive of published fact checks (ClaimReview, CLEF, CSV/JSONL).",
    no_args_is_help=True,
)


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="factcheck")
    parent.command("claim")(claim)


@app.command("add")
def add(
    paths: list[str] = typer.Argument(..., help="Files or folders (recursive)."),
    fmt: str = typer.Option(
        None, "--format", "-f", help="claimreview, clef, csv or jsonl (default: by extension)."
    ),
    map_: list[str] = typer.Option(
        None, "--map", help="Columns for csv/jsonl: claim=COL,rating=COL,url=COL,source_id=COL…"
    ),
    publisher: str = typer.Option(None, "--publisher", help="The fact-checker, for every record."),
    embed: bool = typer.Option(True, "--embed/--no-embed", help="Embed the new claims now."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
) -> None:
    """Add fact checks to the archive: re-adding is a no-op, a changed check a new version."""
    from verify.factcheck.archive import Archive
    from verify.factcheck.readers import read_paths

    mapping = parse_map(map_)
    items = read_paths(paths, fmt, mapping=mapping, publisher=publisher)
    with Archive() as archive:
        with progress_bar("Adding", None, enabled=progress and not as_json) as (adv, _):
            report = archive.add_all(items, progress=adv)
        embedded = 0
        if embed and report.added + report.updated:
            from verify.corpus.embed import load_embedder

            embedder = load_embedder()
            todo = len(archive.missing_vectors(_key(embedder)))
            with progress_bar("Embedding", todo, enabled=progress and not as_json) as (adv, _):
                embedded = archive.embed_missing(embedder, progress=adv)
        total = archive.count()
    if as_json:
        print_json(report.to_dict() | {"embedded": embedded, "archive": total})
    else:
        console.print(
            f"{report.read:,} fact checks read: {report.added:,} added, {report.updated:,} new "
            f"versions, {report.unchanged:,} unchanged; {total:,} in the archive."
        )
    for p in report.problems:
        err_console.print(f"[red]skipped[/] {p.origin}: {p.message}", highlight=False)
        if p.hint:
            err_console.print(f"  {p.hint}", highlight=False)
    if report.problems and not as_json:
        err_console.print(f"{len(report.problems)} record(s) could not be read; nothing else lost.")
    if report.problems and report.read == 0:
        raise typer.Exit(1)


def _key(embedder) -> str:
    from verify.factcheck.archive import model_key

    return model_key(embedder)


@app.command("list")
def list_(
    limit: int = typer.Option(20, "--limit", "-n", help="How many (0: all)."),
    offset: int = typer.Option(0, "--offset"),
    publisher: str = typer.Option(None, "--publisher", help="Only this fact-checker's."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines, one check a line."),
) -> None:
    """List the archived fact checks (current versions)."""
    from rich.table import Table

    from verify.factcheck.archive import Archive

    with Archive(create=False) as archive:
        checks = archive.list(limit=limit or None, offset=offset, publisher=publisher)
        total = archive.count()
    if as_json:
        for fc in checks:
            sys.stdout.write(json.dumps(_public(fc), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"Fact checks ({len(checks)} of {total:,})", show_lines=False)
    for col in ("id", "source id", "claim", "rating", "fact-checker", "date"):
        table.add_column(col, overflow="fold")
    for fc in checks:
        table.add_row(
            str(fc.id),
            fc.source_id,
            _cut(fc.claim, 90),
            _rating(fc.rating, fc.rating_normalised),
            fc.publisher or "",
            fc.date or "",
        )
    console.print(table)


@app.command("show")
def show(
    ident: str = typer.Argument(..., help="Archive id, or the check's source id / URL."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """One fact check with all its fields and its versions."""
    from verify.factcheck.archive import Archive

    with Archive(create=False) as archive:
        fc = archive.get(ident)
        versions = archive.versions(fc)
    if as_json:
        print_json(_public(fc) | {"versions": [_public(v) for v in versions]})
        return
    console.print(f"[bold]{fc.claim}[/]")
    for label, value in (
        ("rating", _rating(fc.rating, fc.rating_normalised)),
        ("fact-checker", fc.publisher),
        ("published", fc.date),
        ("headline", fc.title),
        ("claimed by", fc.claimant),
        ("claim date", fc.claim_date),
        ("url", fc.url),
        ("source id", fc.source_id),
        ("archive id", f"{fc.id} (version {fc.version} of {len(versions)})"),
        ("read from", fc.origin),
    ):
        if value:
            console.print(f"  {label:>12}: {value}")


def _public(fc) -> dict:
    d = fc.to_dict()
    return {
        k: d[k]
        for k in (
            "id",
            "source_id",
            "claim",
            "rating",
            "rating_normalised",
            "publisher",
            "date",
            "url",
            "title",
            "claimant",
            "claim_date",
            "language",
            "version",
            "added_at",
            "origin",
        )
    }


def _rating(rating: str | None, norm: str) -> str:
    if rating and rating.casefold() != norm:
        return f"{rating} ({norm})"
    return rating or norm


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- verify claim


def claim(
    text: str = typer.Argument(None, help="The claim ('-' reads it from stdin)."),
    file: str = typer.Option(
        None, "--file", help='JSON lines {"id", "text"} ("-" for stdin); one output line each.'
    ),
    out: Path = typer.Option(None, "--out", "-o", help="With --file: write here (default stdout)."),
    top_k: int = typer.Option(5, "--top-k", help="Matches to list per claim."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON contract."),
) -> None:
    """Has this claim been fact-checked before? Matches it against the archive."""
    from verify.errors import InputError
    from verify.factcheck.match import open_matcher

    if (text is None) == (file is None):
        raise InputError(
            "Give a claim, or --file CLAIMS.jsonl, not both.",
            'verify claim "TEXT"  or  verify claim --file claims.jsonl --out out.jsonl',
        )
    if top_k < 1:
        raise InputError(f"--top-k must be at least 1, not {top_k}.")
    if file is not None:
        _claims_file(file, out, top_k)
        return
    if text == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("The claim on stdin is not UTF-8 text.") from None
    if not text.strip():
        raise InputError("The claim is empty.", 'Give the claim\'s words: verify claim "TEXT"')
    matcher = open_matcher()
    (result,) = matcher.match([text.strip()], top_k=top_k)
    if as_json:
        print_json(result.to_dict())
    else:
        _render(result, matcher.reranker.threshold)


def _render(result, threshold: float) -> None:
    from rich.table import Table

    if result.verdict == "fact_checked":
        best = result.matches[0]
        console.print(
            f"[bold green]Fact-checked before[/]: {_rating(best.rating, best.rating_normalised)}"
            f" — {best.publisher or 'unknown fact-checker'}"
            + (f", {best.date}" if best.date else "")
        )
        if best.url:
            console.print(f"  {best.url}")
    else:
        console.print("[bold yellow]Not checked before[/] (no archived check states this claim)")
    if not result.matches:
        return
    table = Table(title="Closest fact checks", show_lines=False)
    for col in ("score", "claim", "rating", "fact-checker", "source id"):
        table.add_column(col, overflow="fold")
    for m in result.matches:
        mark = "[green]" if m.score >= threshold else ""
        table.add_row(
            f"{mark}{m.score:.2f}",
            _cut(m.claim, 100),
            _rating(m.rating, m.rating_normalised),
            m.publisher or "",
            m.url or m.source_id,
        )
    console.print(table)


def _read_claims(path: str):
    """(line number, id, text) or (line number, id, error message) for each non-blank line."""
    if path == "-":
        raw = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if not p.is_file():
            from verify.errors import InputError

            raise InputError(f"No such file: {path}.", "Give a JSON-lines file, or - for stdin.")
        raw = p.read_bytes()
    for n, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield n, None, None, "not UTF-8 text"
            continue
        except json.JSONDecodeError as exc:
            yield n, None, None, f"not JSON ({exc.msg})"
            continue
        if not isinstance(item, dict):
            yield n, None, None, "not a JSON object"
            continue
        ident = item.get("id")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            yield n, ident, None, 'no "text" (or an empty one)'
            continue
        yield n, ident, text.strip(), None


def _claims_file(path: str, out: Path | None, top_k: int) -> None:
    from verify.errors import InputError
    from verify.factcheck.match import open_matcher
    from verify.files import atomic_writer

    rows = list(_read_claims(path))
    if not rows:
        raise InputError(f"{path} holds no claims.", 'Give one {"id", "text"} object per line.')
    good = [(i, r) for i, r in enumerate(rows) if r[3] is None]
    results: dict[int, dict] = {}
    if good:
        matcher = open_matcher()
        batch = 64
        for start in range(0, len(good), batch):
            part = good[start : start + batch]
            got = matcher.match([r[2] for _, r in part], ids=[r[1] for _, r in part], top_k=top_k)
            for (i, _), res in zip(part, got, strict=True):
                results[i] = res.to_dict()
    errors = 0
    with atomic_writer(out) as fh:
        for i, (n, ident, _text, error) in enumerate(rows):
            if error is not None:
                errors += 1
                where = "stdin" if path == "-" else path
                record = {"id": ident, "error": f"{where}:{n}: {error}"}
                err_console.print(f"[red]error[/] {record['error']}", highlight=False)
            else:
                record = results[i]
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    if errors:
        err_console.print(f"{errors} of {len(rows)} lines could not be matched.")
        raise typer.Exit(1)
