"""schema.org ClaimReview JSON-LD: a JSON array, one ClaimReview per quote check.

https://schema.org/ClaimReview: ``claimReviewed`` is the quote; ``itemReviewed`` is a Claim
whose ``author`` is the speaker the article names, ``firstAppearance`` the earliest primary
source and ``appearance`` the credited outlet and the article; ``reviewRating`` is a Rating
whose ``alternateName`` is the verdict's label (never "false": a quote missing from the indexed
sources is "Not found in indexed sources"). A human reviewer's verdict, when present, is the one
published. Keys without a value are left out rather than written as null. ``<``, ``>`` and
``&`` are written as \\u escapes so the JSON can sit inside a <script type="application/ld+json">.
"""

from __future__ import annotations

import json
from typing import Any

from verify.models import Appearance, ArticleReport, QuoteCheck
from verify.report.common import (
    appearances_of,
    earliest_primary_of,
    safe_url,
    speaker_of,
    verdict_label,
    via_of,
)
from verify.report.review import effective_verdict, review_of

AUTHOR = {"@type": "Organization", "name": "verify"}


def _prune(value: Any) -> Any:
    """Drop None values and empty containers, recursively."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_prune(v) for v in value) if v not in (None, "", [], {})]
    return value


def _organization(name: str | None) -> dict[str, Any] | None:
    return {"@type": "Organization", "name": name} if name else None


def _work(appearance: Appearance) -> dict[str, Any]:
    return {
        "@type": "CreativeWork",
        "url": safe_url(appearance.url),
        "headline": appearance.title,
        "datePublished": appearance.date,
        "publisher": _organization(appearance.publisher),
    }


def _via_work(check: QuoteCheck) -> dict[str, Any] | None:
    """The credited outlet as a CreativeWork, with its URL and date when it is indexed."""
    via = via_of(check)
    if not via:
        return None
    key = via.casefold()
    for appearance in appearances_of(check):
        if appearance.publisher and appearance.publisher.casefold() == key:
            return _work(appearance)
    via_result = check.provenance.via_result
    if via_result is not None and via_result.source is not None:
        s = via_result.source
        return {
            "@type": "CreativeWork",
            "url": safe_url(s.url),
            "headline": s.title,
            "datePublished": s.date,
            "publisher": _organization(s.publisher or via),
        }
    return {"@type": "CreativeWork", "publisher": _organization(via)}


def _explanation(check: QuoteCheck) -> str:
    result = check.result
    review = review_of(check)
    if review is None:
        return result.explanation
    if review.verdict == result.verdict:
        note = f" Reviewer's note: {review.note}" if review.note else ""
        return f"{result.explanation} Confirmed by a human reviewer.{note}".strip()
    if review.note:
        return review.note
    return (
        f"A human reviewer set this verdict; the automatic check said "
        f"“{verdict_label(result.verdict)}”."
    )


def claim_review(report: ArticleReport, check: QuoteCheck, generated_at: str) -> dict[str, Any]:
    """One ClaimReview object for ``check`` of ``report``."""
    a = report.article
    review = review_of(check)
    primary = earliest_primary_of(check)
    speaker = speaker_of(check)
    article_work = {
        "@type": "CreativeWork",
        "url": safe_url(a.url),
        "headline": a.title,
        "datePublished": a.date,
        "publisher": _organization(a.outlet),
    }
    claim = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": speaker} if speaker else None,
        "firstAppearance": _work(primary) if primary is not None else None,
        "appearance": [_via_work(check), article_work],
    }
    return _prune(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": safe_url(a.url),
            "datePublished": (review.decided_at if review and review.decided_at else None)
            or generated_at,
            "author": AUTHOR,
            "claimReviewed": check.result.quote,
            "itemReviewed": claim,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": verdict_label(effective_verdict(check), check.extracted.kind),
                "ratingExplanation": _explanation(check),
            },
        }
    )


def claim_reviews(reports: list[ArticleReport], generated_at: str) -> list[dict[str, Any]]:
    return [claim_review(r, c, generated_at) for r in reports for c in r.checks]


def render_claimreview(reports: list[ArticleReport], generated_at: str) -> str:
    text = json.dumps(claim_reviews(reports, generated_at), ensure_ascii=False, indent=2)
    # Only inside JSON strings can these characters occur, so escaping them keeps the data.
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return text + "\n"
