"""The article's attribution re-read from the evidence: words found in the own turn of a
person the article names next to them.

Real articles seldom put one person's words in another's mouth (of the 2,240 labelled
quotes of the real-article sets, 4 are misattributed); the attribution rules misread an
article more often ("Republicans" for the press secretary who was answering them, "a
reporter" for the official who answered the reporter). So when the check finds a quote's
words in the own turn of someone else, and the article names that person in the quote's
paragraph or the two before it (anywhere, when the rules inferred the speaker: the article
names nobody for the quote), the quote is read as theirs, unless the article named the
claimed speaker by name, closer to the quote than that person: then the article says who
spoke, and the check's verdict stands. "Found in the own turn of someone else" is

- a quote called ``misattributed`` (the source is that person's turn);
- a fragment (one to four words) called ``not_found`` because its words are only in other
  people's turns: those of them on the occasion's days (the claimed date, a few days before)
  that hold the words in their own words, not inside a quotation;
- words found in a reporter's question (``misattributed``, the turn labelled Q) where the
  article speaks of a question beside them ("for asking whether ...", "when pressed on"):
  the reporter's.

Pure: :func:`reread_speaker` takes the article text, the extracted quote, the check's result
and a function giving a person's surnames; the runner checks the quote again for the person
it returns and keeps that check when it is not ``misattributed`` or ``not_found`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from verify.check.decide import FRAGMENT_WORDS
from verify.check.lexical import OCCASION_AFTER_DAYS, OCCASION_BEFORE_DAYS
from verify.check.request import word_count
from verify.check.verdict import days_between
from verify.models import ExtractedQuote, QuoteResult

PARAGRAPHS_BEFORE = 2  # paragraphs before the quote's own where the person may be named
ASKING_CHARS = 200  # before the quote (a third of it after) where a word of asking may stand
_OWN_WORDS = ("verbatim", "minor", "misattributed")  # an appearance in the speaker's own words
_ASKING = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|question(?:s|ed|ing)?|press(?:ed|ing)|quer(?:y|ied))\b"
)


def _paragraph_window(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the paragraph PARAGRAPHS_BEFORE before the quote's to the end of
    the quote's paragraph (paragraphs: non-empty lines)."""
    lo = text.rfind("\n", 0, start) + 1
    for _ in range(PARAGRAPHS_BEFORE):
        k = lo - 1
        while k > 0 and text[k - 1] in "\n \t\r":
            k -= 1
        if k <= 0:
            lo = 0
            break
        lo = text.rfind("\n", 0, k) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def _mentions(
    text: str, names: Iterable[str], lo: int, hi: int, skip: tuple[int, int]
) -> list[int]:
    """Offsets in text[lo:hi] (outside ``skip``) where one of ``names`` is written, capitalised
    as a name."""
    out = []
    for name in names:
        if len(name) < 3:
            continue
        for m in re.finditer(rf"\b{re.escape(name)}\b", text[lo:hi]):
            at = lo + m.start()
            if not (skip[0] <= at < skip[1]) and text[at].isupper():
                out.append(at)
    return out


def _gap(quote: ExtractedQuote, at: int) -> int:
    """Characters between offset ``at`` and the quotation (0 inside it)."""
    return quote.start - at if at < quote.start else max(0, at - quote.end)


def _question_label(label: str | None) -> bool:
    return bool(label) and label.strip().rstrip(".:").upper() == "Q"


def _asking(text: str, quote: ExtractedQuote, lo: int, hi: int) -> bool:
    """Does the article speak of a question beside the quote, in its paragraph ("for asking
    if ...", "when pressed on ...", "the question was put")?"""
    a = max(lo, quote.start - ASKING_CHARS)
    b = min(hi, quote.end + ASKING_CHARS // 3)
    around = text[a : quote.start] + " \n " + text[quote.end : b]
    return bool(_ASKING.search(around.lower()))


def _owners(result: QuoteResult) -> list[str]:
    """Whose own words the check found the quote to be: the source's speaker for
    ``misattributed``; for a fragment ``not_found`` (its words are evidence only in the
    claimed speaker's turn of the occasion), the speakers of the turns on the occasion's days
    that hold it in its own words (not inside a quotation there)."""
    if result.verdict == "misattributed" and result.source is not None:
        return [result.source.speaker] if result.source.speaker else []
    if result.verdict != "not_found" or word_count(result.quote) > FRAGMENT_WORDS:
        return []
    out = []
    for a in result.appearances:
        days = days_between(a.date, result.claimed_date)
        on_days = days is not None and -OCCASION_AFTER_DAYS <= days <= OCCASION_BEFORE_DAYS
        if a.speaker and not a.quoted and on_days and a.verdict in _OWN_WORDS:
            out.append(a.speaker)
    return out


def reread_speaker(
    text: str,
    quote: ExtractedQuote,
    result: QuoteResult,
    surnames: Callable[[str], Iterable[str]],
    is_person: Callable[[str], bool] = lambda name: len(name.split()) > 1,
) -> str | None:
    """The person whose own words the quote is, when the article's attribution should be
    read as theirs (see the module docstring); None to keep the article's."""
    if quote.kind != "quote":
        return None
    claimed = result.claimed_speaker
    lo, hi = _paragraph_window(text, quote.start, quote.end)
    # an inferred speaker is the rules' guess (the article names nobody for the quote): the
    # person whose words they are may be named anywhere in the article
    mlo, mhi = (0, len(text)) if quote.speaker_inferred else (lo, hi)
    src = result.source
    if result.verdict == "misattributed" and src is not None and not src.speaker:
        if _question_label(src.speaker_label) and claimed != "reporter":
            return "reporter" if _asking(text, quote, lo, hi) else None
        return None
    best: tuple[int, str] | None = None
    for other in dict.fromkeys(_owners(result)):
        if other == claimed or other.lower() == "reporter":
            continue
        theirs = _mentions(text, surnames(other), mlo, mhi, (quote.start, quote.end))
        if theirs:
            gap = min(_gap(quote, a) for a in theirs)
            if best is None or gap < best[0]:
                best = (gap, other)
    if best is None:
        return None
    mention = quote.speaker_mention or ""
    if (
        claimed
        and is_person(claimed)
        and not quote.speaker_inferred
        and quote.speaker_start is not None
    ):
        named = any(
            re.search(rf"\b{re.escape(s)}\b", mention) for s in surnames(claimed) if len(s) >= 3
        )
        if named and _gap(quote, quote.speaker_start) <= best[0]:
            return None  # the article names who spoke, nearer than the other person
    return best[1]
