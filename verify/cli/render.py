"""Terminal views of results: a verdict line, the source, and a side-by-side word diff."""

from __future__ import annotations

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from verify.cli.common import console
from verify.models import QuoteResult

VERDICT_STYLE = {
    "verbatim": "bold white on green",
    "minor": "bold black on bright_green",
    "altered": "bold white on red",
    "paraphrase": "bold white on blue",
    "composite": "bold white on dark_orange3",
    "misattributed": "bold white on magenta",
    "not_found": "bold white on grey42",
}


def verdict_badge(verdict: str) -> Text:
    return Text(f" {verdict.upper().replace('_', ' ')} ", style=VERDICT_STYLE.get(verdict, "bold"))


def diff_texts(result: QuoteResult) -> tuple[Text, Text]:
    """The quote and the source span, differences highlighted."""
    q, s = Text(), Text()
    for d in result.differences:
        if d.op == "equal":
            q.append(d.quote + " ")
            s.append(d.source + " ")
        elif d.op == "elide":
            q.append(d.quote + " ", style="dim")
            if d.source:
                s.append(d.source + " ", style="dim strike")
        else:
            if d.quote:
                q.append(d.quote, style="bold black on yellow")
                q.append(" ")
            if d.source:
                s.append(d.source, style="bold black on cyan")
                s.append(" ")
    return q, s


def render_result(result: QuoteResult) -> None:
    head = Text.assemble(verdict_badge(result.verdict), f"  score {result.score:.2f}")
    console.print(head)
    console.print(result.explanation, highlight=False)
    src = result.source
    if src is not None:
        meta = Table.grid(padding=(0, 1))
        meta.add_row("[bold]Source[/]", src.title or "")
        meta.add_row("[bold]Date[/]", (src.date or "?")[:10])
        meta.add_row("[bold]Publisher[/]", f"{src.publisher or '?'} ({src.kind or '?'})")
        speaker = src.speaker or "—"
        if src.speaker_label and src.speaker_label != src.speaker:
            speaker += f"  [dim]({src.speaker_label})[/]"
        meta.add_row("[bold]Speaker[/]", speaker)
        meta.add_row("[bold]URL[/]", src.url or "")
        console.print(meta)
        if result.differences:
            q, s = diff_texts(result)
            table = Table(show_header=True, expand=True)
            table.add_column("Quote", ratio=1)
            table.add_column("Source passage", ratio=1)
            table.add_row(q, s)
            console.print(table)
        else:
            console.print(Panel(src.text, title="Source passage"))
    if result.appearances:
        table = Table(
            "date", "publisher", "kind", "verdict", "url", title="Appearances, earliest first"
        )
        for a in result.appearances:
            table.add_row(
                (a.date or "?")[:10],
                a.publisher or "",
                a.kind or "",
                a.verdict + (" (quoted)" if a.quoted else ""),
                a.url or "",
            )
        console.print(table)
