"""`verify serve`: the fact-checker's workbench in the browser, and its JSON API."""

from __future__ import annotations

import typer

from .common import err_console


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
) -> None:
    """Start the workbench: a review queue in the browser and a JSON API."""
    from ..web.server import run_server

    err_console.print(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
    run_server(host=host, port=port, allow_remote=allow_remote, token=token)
