"""Helpers shared by the report writers: verdict labels, safe links, dates, appearances."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from verify.models import Appearance, QuoteCheck

# Human labels for the verdicts; ClaimReview's ``alternateName`` uses exactly these.
# A quote that is not in the indexed sources is never called "false".
VERDICT_LABELS: dict[str, str] = {
    "verbatim": "Verbatim",
    "minor": "Minor wording differences",
    "altered": "Altered wording",
    "paraphrase": "Paraphrase presented as a quote",
    "composite": "Composite quote",
    "misattributed": "Misattributed",
    "not_found": "Not found in indexed sources",
}


# A reported claim ("Putin said there was no need for talks") is not a quote: its verdicts read
# as what the transcript supports, not as a judgement of quoted words.
CLAIM_LABELS: dict[str, str] = {
    "verbatim": "Supported by the transcript (its words)",
    "minor": "Supported by the transcript (its words)",
    "paraphrase": "Supported by the transcript",
    "altered": "The transcript says it differently (a detail differs)",
    "composite": "Supported by separate passages",
    "misattributed": "Said by someone else",
    "not_found": "Not found in indexed sources",
}


def verdict_label(verdict: str | None, kind: str | None = None) -> str:
    """The label a person reads; ``kind="claim"`` for a reported claim rather than a quote."""
    if not verdict:
        return ""
    labels = CLAIM_LABELS if kind == "claim" else VERDICT_LABELS
    return labels.get(verdict, verdict)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (no javascript: links)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch in url for ch in "\x00\r\n\t") or any(ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second: ``2022-10-25T14:30:00Z``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def by_date(appearances: list[Appearance]) -> list[Appearance]:
    """Appearances earliest first; undated ones last, original order kept among equals."""
    return sorted(appearances, key=lambda a: (a.date is None, a.date or ""))


def appearances_of(check: QuoteCheck) -> list[Appearance]:
    """The check's appearances, earliest first (provenance's list, else the result's)."""
    found = check.provenance.appearances or check.result.appearances
    return by_date(list(found))


def earliest_primary_of(check: QuoteCheck) -> Appearance | None:
    """The earliest primary appearance: the one provenance chose, else the result's, else
    the earliest appearance marked primary."""
    chosen = check.provenance.earliest_primary or check.result.earliest_primary
    if chosen is not None:
        return chosen
    for appearance in appearances_of(check):
        if appearance.kind == "primary":
            return appearance
    return None


def speaker_of(check: QuoteCheck) -> str | None:
    """The speaker the article attributes the quote to."""
    return check.result.claimed_speaker or check.extracted.speaker


def via_of(check: QuoteCheck) -> str | None:
    """The outlet the article credits for the quote."""
    return check.extracted.via or check.provenance.via


_NO_SPACE_BEFORE = tuple(",.;:!?)]}”’…%")


def spaced(pieces: list[str]) -> list[str]:
    """The separator to put before each piece when joining word-diff pieces: a space, except
    at the start and before closing punctuation ("leave" + ", and" -> "leave, and")."""
    return ["" if i == 0 or p.startswith(_NO_SPACE_BEFORE) else " " for i, p in enumerate(pieces)]
