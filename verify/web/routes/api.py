"""The JSON API's checks: is there a corpus, check a quote, check an article. Answers are
the CLI's JSON contracts; each check is kept as a review item (see routes.reviews)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from verify.errors import InputError
from verify.web.context import api_write, workbench
from verify.web.fields import ArticleIn, QuoteIn, check_date, opt
from verify.web.workbench import Workbench

router = APIRouter()


@router.get("/api/status", tags=["status"], summary="Is there a corpus and an index?")
def api_status(wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    st = wb.status()
    if st["corpus"]:
        st["reviews"] = wb.reviews().counts()
    return st


@router.post(
    "/api/quote",
    tags=["check"],
    summary="Check one quote",
    dependencies=[Depends(api_write)],
    responses={400: {"description": "Bad input ({error, hint})"}},
)
def api_quote(
    body: QuoteIn, response: Response, wb: Workbench = Depends(workbench)
) -> dict[str, Any]:
    """The `verify quote --json` contract (QuoteResult). The quote becomes a review item
    (pending): its id is in the `X-Review-Id` header, its address in `Location`."""
    result, item_id = wb.check_quote(
        body.quote,
        speaker=opt(body.speaker),
        date=check_date(body.date),
        outlet=opt(body.outlet),
        id=body.id,
    )
    response.headers["X-Review-Id"] = str(item_id)
    response.headers["Location"] = f"/api/reviews/{item_id}"
    return result.to_json()


@router.post(
    "/api/article",
    tags=["check"],
    summary="Check every quote and claim of an article",
    dependencies=[Depends(api_write)],
)
def api_article(body: ArticleIn, wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    """Extracts the article's quotes and claims, checks each with its provenance, keeps
    the article as a secondary document and each check as a review item. The answer is
    the `verify article --format jsonl` record, plus `article.id` (this workbench's
    article id) and each check's `review_id`."""
    has_text = isinstance(body.text, str) and body.text.strip()
    has_html = isinstance(body.html, str) and body.html.strip()
    if bool(has_text) == bool(has_html):
        raise InputError(
            'Give the article as "text" or as "html" (one of them).',
            'Send {"text": "..."} or {"html": "<html>..."} with optional url, outlet, '
            "date and title.",
        )
    report, article_id, ids = wb.check_article(
        text=body.text if has_text else None,
        html=body.html if has_html else None,
        url=opt(body.url, 2000),
        outlet=opt(body.outlet),
        date=check_date(body.date),
        title=opt(body.title, 1000),
    )
    out = report.to_json()
    out["article"]["id"] = article_id
    for check, item_id in zip(out["checks"], ids, strict=True):
        check["review_id"] = item_id
    return out
