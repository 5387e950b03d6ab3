"""What one check is asked: a frozen :class:`CheckRequest`, validated once.

Every stage of a check reads the request; none keeps it on ``self``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from verify.check.align import clean_quote
from verify.check.retrieve import fts_terms
from verify.errors import InputError

MAX_QUOTE_CHARS = 2000
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def validate_quote(quote: Any) -> str:
    """The quote itself, or an :class:`InputError` a person can act on."""
    if not isinstance(quote, str) or not quote.strip():
        raise InputError("The quote is empty.", 'Give the quoted words, e.g. verify quote "…".')
    if len(quote) > MAX_QUOTE_CHARS:
        raise InputError(
            f"The quote is {len(quote):,} characters long; the limit is {MAX_QUOTE_CHARS:,}.",
            "Check it in pieces: split it at sentence boundaries.",
        )
    if not fts_terms(quote):
        raise InputError("The quote has no words.", "Give the quoted words, not just punctuation.")
    return quote


@dataclass(frozen=True)
class CheckRequest:
    """One quote to check.

    ``quote``: as given; ``text``: the cleaned form every stage works on; ``speaker``: the
    claimed speaker as given; ``claimed``: that speaker's canonical name (None when no speaker
    is claimed); ``date``: the claimed date (ISO); ``exclude``: document ids that may not
    confirm the quote (the article being checked); ``publisher``: only documents of that
    publisher (an intermediary such as TASS); ``event``: ids of the transcripts of the
    occasion the quote is reported from (an article's resolved event; empty when unknown):
    a fragment is evidence there, and the claimed speaker's passages there are compared
    first; ``event_order``: the same transcripts, the likeliest occasion first (when the
    event was resolved with a ranking): of equal wording matches, the likelier occasion's
    is the source.
    """

    quote: str
    text: str
    speaker: str | None = None
    claimed: str | None = None
    date: str | None = None
    id: str | None = None
    top_k: int = 5
    exclude: frozenset[int] = field(default_factory=frozenset)
    publisher: str | None = None
    event: frozenset[int] = field(default_factory=frozenset)
    event_order: tuple[int, ...] = ()

    @property
    def n_words(self) -> int:
        """Words of the quote (a contraction is one word)."""
        return word_count(self.text)


def word_count(text: str) -> int:
    """Words of a quote as the check counts them (a contraction is one word): a fragment is
    one to four."""
    return len(_WORD.findall(text))


def make_request(
    quote: Any,
    speaker: str | None = None,
    date: str | None = None,
    *,
    id: str | None = None,
    top_k: int = 5,
    exclude: set[int] | frozenset[int] | None = None,
    publisher: str | None = None,
    canonical: Any = None,
    event: set[int] | frozenset[int] | list[int] | tuple[int, ...] | None = None,
) -> CheckRequest:
    """Validate and freeze a request. ``canonical(speaker, date)`` resolves the claimed
    speaker to the registry's name (the identity when not given). ``event`` as a list or
    tuple is ranked, the likeliest occasion first; as a set, unranked."""
    validate_quote(quote)
    claimed = None
    if speaker and speaker.strip():
        claimed = canonical(speaker, date) if canonical else speaker.strip()
    return CheckRequest(
        quote=quote,
        text=clean_quote(quote),
        speaker=speaker,
        claimed=claimed,
        date=date,
        id=id,
        top_k=top_k,
        exclude=frozenset(exclude or ()),
        publisher=publisher,
        event=frozenset(event or ()),
        event_order=tuple(event) if isinstance(event, (list, tuple)) else (),
    )
