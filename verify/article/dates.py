"""The days an article names: "on Tuesday", "during a May 2 briefing", "last week", "back in
December", read against the article's own date.

:func:`named_days` returns each as a date range with the words that named it. The event
resolver (:mod:`verify.article.event`) looks for the speaker's turns on those days as well as on
the article's own: a quote "she said during a May 2 briefing" in an article of May 25 comes from
the May 2 transcript. Pure functions over text and ISO dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_MONTH_RE = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)

_DAY_OF_MONTH = re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})")
_DAY_MONTH_YEAR = re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_WEEKDAY = re.compile(
    r"\b(?:on |last |this |since |late |early )?"
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
# a month alone only after words that make it a time ("in May", "back in December"): "May"
# is also a verb
_IN_MONTH = re.compile(
    r"\b(?:in|back in|earlier in|early|late|since|during|last|this past|until)\s+"
    rf"{_MONTH_RE}\b(?!\s+\d)"
)
_RELATIVE = {
    "yesterday": "yesterday",
    "last week": "last week",
    "earlier this week": "this week",
    "this week": "this week",
    "last month": "last month",
    "earlier this month": "this month",
    "this month": "this month",
}
_RELATIVE_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in _RELATIVE), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
MAX_DAYS_BACK = 400  # a named day further back than this is history, not the occasion
FUTURE_DAYS = 60  # a date this soon after the article's is ahead of it


@dataclass(frozen=True)
class NamedDay:
    """[since, until) ISO dates an article names, the words that named them, and whether
    they name one day (a weekday, a date) rather than a week or a month."""

    since: str
    until: str
    words: str
    specific: bool


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    if key in _MONTHS:
        return _MONTHS.index(key) + 1
    return _MONTH_ABBR.get(key[:4] if key.startswith("sept") else key[:3], 0)


def _month_range(year: int, month: int) -> tuple[Date, Date]:
    start = Date(year, month, 1)
    end = Date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _latest_month(month: int, today: Date) -> tuple[Date, Date]:
    """The month of that name at or before ``today`` (December, in a January article, is
    last year's)."""
    year = today.year if month <= today.month else today.year - 1
    return _month_range(year, month)


def named_days(text: str, day: str | None) -> list[NamedDay]:
    """The day ranges ``text`` names, read against the article's date ``day`` (ISO), in
    text order, without repeats. Empty when the article's date is unknown."""
    if not day:
        return []
    try:
        today = Date.fromisoformat(day[:10])
    except ValueError:
        return []
    found: list[tuple[int, NamedDay]] = []

    def add(pos: int, since: Date, until: Date, words: str, specific: bool) -> None:
        if until <= since or since > today or (today - since).days > MAX_DAYS_BACK:
            return
        found.append((pos, NamedDay(since.isoformat(), until.isoformat(), words, specific)))

    one = timedelta(days=1)
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = _month_number(m.group(1))
        try:
            d = Date(int(m.group(3)), month, int(m.group(2)))
        except ValueError:
            continue
        add(m.start(), d, d + one, m.group(0), True)
    for m in _DAY_OF_MONTH.finditer(text):
        month = _month_number(m.group(1))
        try:
            d = Date(today.year, month, int(m.group(2)))
        except ValueError:
            continue
        if d > today and (d - today).days <= FUTURE_DAYS:
            continue  # "a default on or around June 1": ahead, not an occasion
        if d > today:  # "December 5" in an article of January: last year's
            try:
                d = Date(d.year - 1, month, d.day)
            except ValueError:
                continue
        add(m.start(), d, d + one, m.group(0), True)
    for m in _WEEKDAY.finditer(text):
        wd = _WEEKDAYS.index(m.group(1).lower())
        back = (today.weekday() - wd) % 7  # the latest such day, the article's own included
        d = today - timedelta(days=back)
        add(m.start(), d, d + one, m.group(0).strip(), True)
    for m in _IN_MONTH.finditer(text):
        start, end = _latest_month(_month_number(m.group(1)), today)
        add(m.start(), start, min(end, today + one), m.group(0), False)
    for m in _RELATIVE_RE.finditer(text):
        kind = _RELATIVE[m.group(1).lower()]
        monday = today - timedelta(days=today.weekday())
        if kind == "yesterday":
            add(m.start(), today - one, today, m.group(0), True)
        elif kind == "last week":
            add(m.start(), monday - timedelta(days=7), monday, m.group(0), False)
        elif kind == "this week":
            add(m.start(), monday, today + one, m.group(0), False)
        elif kind == "last month":
            first = today.replace(day=1)
            prev = first - one
            add(m.start(), prev.replace(day=1), first, m.group(0), False)
        elif kind == "this month":
            add(m.start(), today.replace(day=1), today + one, m.group(0), False)
    out: list[NamedDay] = []
    seen: set[tuple[str, str]] = set()
    for _, nd in sorted(found, key=lambda x: x[0]):
        if (nd.since, nd.until) not in seen:
            seen.add((nd.since, nd.until))
            out.append(nd)
    return out
