"""The `verify` command line: thin typer commands over the library.

Each command parses its arguments, makes one library call and renders the result.
VerifyError is caught once, here, and printed as what went wrong and what to do.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from verify.cli.common import err_console
from verify.errors import VerifyError


class VerifyGroup(TyperGroup):
    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VerifyError as exc:
            err_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
            if exc.hint:
                err_console.print(exc.hint, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print(
                "Interrupted. Work finished before the interruption is kept; run the "
                "command again to continue.",
                highlight=False,
            )
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=VerifyGroup,
    help="Verify quotes against official transcripts and trace them to their primary source.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


def _register() -> None:
    from verify.cli import article, bench, corpus, factcheck, index_cmd, quote, serve

    app.add_typer(corpus.app, name="corpus")
    app.add_typer(index_cmd.app, name="index")
    app.add_typer(bench.app, name="bench")
    quote.register(app)
    article.register(app)
    serve.register(app)
    factcheck.register(app)


_register()


def main() -> None:
    app(prog_name="verify")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
