"""`verify serve`: the fact-checker's workbench in the browser, and its JSON API."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port"),
    allow_remote: bool = typer.Option(
        False, "--allow-remote", help="Required to bind a non-loopback address."
    ),
    token: str = typer.Option(
        None, "--token", envvar="VERIFY_TOKEN", help="Token required for writes when remote."
    ),
    workers: int = typer.Option(
        None, "--workers", help="Quote checkers per process (VERIFY_WEB_WORKERS)."
    ),
    processes: int = typer.Option(
        None,
        "--processes",
        help="Check processes (default one per core, at most 4; 0: in the server process; "
        "VERIFY_WEB_PROCESSES).",
    ),
) -> None:
    """Start the workbench: check quotes and articles, review verdicts, export ClaimReview."""
    from verify.web.server import run_server

    run_server(
        host=host,
        port=port,
        allow_remote=allow_remote,
        token=token,
        workers=workers,
        processes=processes,
    )
