"""A fact-checker's verdict on a check, carried next to the automatic one.

``QuoteCheck`` (verify/models.py) has no place for a human decision, so a reviewed check is a
``ReviewedCheck``: the same dataclass plus ``review``. Its ``to_json`` adds
``"review": {"verdict", "reviewer", "note", "decided_at"}``, which ``load_reports`` reads back.
Every writer shows both verdicts; ClaimReview publishes the human one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from verify.models import QuoteCheck


@dataclass
class HumanReview:
    verdict: str  # one of verify.models.VERDICTS
    reviewer: str | None = None
    note: str | None = None
    decided_at: str | None = None  # ISO 8601

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReviewedCheck(QuoteCheck):
    review: HumanReview | None = None

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if self.review is not None:
            out["review"] = self.review.to_json()
        return out


def with_review(check: QuoteCheck, review: HumanReview | None) -> ReviewedCheck:
    """A copy of ``check`` carrying ``review`` (None removes a previous review)."""
    return ReviewedCheck(
        extracted=check.extracted,
        result=check.result,
        provenance=check.provenance,
        fact_checks=check.fact_checks,
        review=review,
    )


def review_of(check: QuoteCheck) -> HumanReview | None:
    review = getattr(check, "review", None)
    return review if isinstance(review, HumanReview) else None


def effective_verdict(check: QuoteCheck) -> str:
    """The human verdict when there is one, else the automatic verdict."""
    review = review_of(check)
    return review.verdict if review is not None else check.result.verdict
