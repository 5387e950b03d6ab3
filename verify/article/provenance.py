"""Provenance: where a quote's words appear, earliest first, and what that says about the
route the article claims (primary source -> credited outlet -> article).
"""

from __future__ import annotations

from collections.abc import Callable

from verify.check.appearances import earliest_primary
from verify.models import Appearance, Article, ExtractedQuote, Provenance, QuoteResult

# check(text, speaker, date, publisher, exclude) -> QuoteResult: a quote checked against
# one publisher's documents only (the credited outlet's)
CheckFn = Callable[[str, str | None, str | None, str, set[int] | None], QuoteResult]

# Other spellings an article may use for an outlet stored under one publisher name.
OUTLET_ALIASES = {
    "ria": "RIA Novosti",
    "ria novosti": "RIA Novosti",
    "tass": "TASS",
    "itar-tass": "TASS",
    "sputnik": "Sputnik",
    "sputnik news": "Sputnik",
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "interfax": "Interfax",
    "rt": "RT",
    "cnn": "CNN",
}


def outlet_name(via: str | None) -> str | None:
    if not via:
        return None
    return OUTLET_ALIASES.get(via.strip().lower(), via.strip())


def _when(date: str | None) -> str:
    return (date or "undated")[:10]


def describe(a: Appearance) -> str:
    title = a.title or a.url or "a document"
    return f"{a.publisher or 'unknown publisher'}, {_when(a.date)} (\u201c{title}\u201d)"


def trace(
    check: CheckFn,
    publisher_indexed: Callable[[str], bool],
    extracted: ExtractedQuote,
    result: QuoteResult,
    article: Article,
    *,
    exclude: set[int] | None = None,
) -> Provenance:
    """The provenance of one checked quote of ``article``.

    ``check`` checks the quote against the credited outlet's documents; ``publisher_indexed``
    says whether a publisher has documents in the store."""
    appearances = list(result.appearances)
    if not appearances and result.source is not None and result.verdict != "not_found":
        s = result.source
        appearances = [
            Appearance(
                s.url, s.date, s.publisher, s.kind, result.verdict, s.title, s.speaker, s.doc_id
            )
        ]
    earliest = result.earliest_primary or earliest_primary(appearances)
    via = outlet_name(extracted.via)
    parts: list[str] = []
    if earliest is not None:
        parts.append(f"Earliest primary: {describe(earliest)}.")
    else:
        parts.append("No primary source found in the indexed sources.")
    via_indexed = False
    via_published: bool | None = None
    predates: bool | None = None
    via_result: QuoteResult | None = None
    if via is None:
        parts.append("The article credits no outlet.")
    else:
        via_indexed = bool(publisher_indexed(via))
        if not via_indexed:
            parts.append(f"Credited to {via}; {via} is not in the indexed sources.")
        else:
            via_result = check(extracted.text, extracted.speaker, article.date, via, exclude)
            via_published = via_result.verdict not in ("not_found",)
            if via_published and via_result.source is not None:
                vdate = via_result.source.date
                parts.append(
                    f"Credited to {via}: {via} published it on {_when(vdate)} "
                    f"({via_result.verdict} against the quote)."
                )
                if earliest is not None:
                    d = (earliest.date or "")[:10]
                    predates = bool(d and vdate and d <= vdate[:10])
                    if predates:
                        parts.append(f"The primary source predates {via}'s report.")
            else:
                parts.append(f"Credited to {via}, but no {via} document in the store has it.")
    if via_result is not None and via_published:
        changed_primary = result.verdict in ("altered", "composite", "paraphrase")
        same_as_via = via_result.verdict in ("verbatim", "minor")
        if changed_primary and same_as_via:
            parts.append(
                f"The wording changed between the primary source and {via}'s report; "
                f"the article follows {via}."
            )
        elif changed_primary:
            parts.append(f"The article's wording differs from {via}'s report as well.")
    return Provenance(
        statement=" ".join(parts),
        appearances=appearances,
        earliest_primary=earliest,
        via=via,
        via_indexed=via_indexed,
        via_published=via_published,
        primary_predates_via=predates,
        via_result=via_result,
    )
