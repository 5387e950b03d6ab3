"""Records of the fact-check archive and of matching.

A ``FactCheck`` is one published fact check as read from its source: the id it has there
(``source_id``: the CLEF ``vclaim_id``, the ClaimReview ``url``), the claim, the rating as
written and normalised, the fact-checker, dates and URL. ``Match`` is one archive entry
found for a claim; ``ClaimResult`` the answer for one claim (the JSON contract of
``verify claim``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

VERDICTS = ("fact_checked", "not_checked")


@dataclass
class FactCheck:
    source_id: str
    claim: str
    rating: str | None = None
    rating_normalised: str = "other"
    publisher: str | None = None  # the fact-checker
    url: str | None = None
    date: str | None = None  # when the fact check was published (ISO date)
    title: str | None = None  # the fact check's headline
    claimant: str | None = None  # who made the claim (itemReviewed.author)
    claim_date: str | None = None  # when the claim was made (itemReviewed.datePublished)
    language: str | None = None
    origin: str | None = None  # file (and item) it was read from; not part of the content
    # filled by the archive
    id: int | None = None
    version: int | None = None
    added_at: str | None = None

    CONTENT_FIELDS = (
        "claim",
        "rating",
        "rating_normalised",
        "publisher",
        "url",
        "date",
        "title",
        "claimant",
        "claim_date",
        "language",
    )

    @property
    def key(self) -> str:
        """What identifies the check across versions: its publisher and source id."""
        return f"{(self.publisher or '').casefold()}\x1f{self.source_id}"

    def content_hash(self) -> str:
        content = {f: getattr(self, f) for f in self.CONTENT_FIELDS}
        blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    def match_text(self) -> str:
        """The text matched against: the claim, and the headline when there is one."""
        if self.title and self.title.strip() and self.title.strip() != self.claim.strip():
            return f"{self.claim} {self.title}"
        return self.claim

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "CONTENT_FIELDS"}


@dataclass
class ReadProblem:
    """A record that could not be read: where, and why. Reported and skipped."""

    origin: str
    message: str
    hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "error": self.message, "hint": self.hint}


@dataclass
class Match:
    source_id: str
    claim: str
    rating: str | None
    rating_normalised: str
    publisher: str | None
    date: str | None
    url: str | None
    score: float
    id: int | None = None  # archive id, for `verify factcheck show`
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "claim": self.claim,
            "rating": self.rating,
            "rating_normalised": self.rating_normalised,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "score": round(float(self.score), 4),
        }


@dataclass
class ClaimResult:
    id: Any
    text: str
    verdict: str
    matches: list[Match] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "verdict": self.verdict,
            "matches": [m.to_dict() for m in self.matches],
        }
