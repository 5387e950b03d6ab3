"""What is kept and decided: the review queue (page, form and API), review items, checked
articles, and the ClaimReview export."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from verify.web.context import api_write, form_write, render, workbench
from verify.web.fields import MAX_FIELD, DecisionIn, filters, opt
from verify.web.workbench import Workbench

router = APIRouter()
PER_PAGE = 50

# ---------------------------------------------------------------------- pages


@router.post("/quotes/{item_id}/review", include_in_schema=False)
async def review_form(
    request: Request, item_id: int, wb: Workbench = Depends(workbench)
) -> Response:
    form = await form_write(request)
    action = form.get("action")
    verdict = None if action == "accept" else (form.get("verdict") or None)
    await run_in_threadpool(
        wb.reviews().decide,
        item_id,
        reviewer=form.get("reviewer"),
        verdict=verdict,
        note=form.get("note"),
    )
    resp = RedirectResponse(f"/quotes/{item_id}?saved=1#review", status_code=303)
    name = opt(form.get("reviewer"))
    if name:
        resp.set_cookie("verify_reviewer", name, httponly=True, samesite="lax", max_age=31536000)
    return resp


@router.get("/reviews", response_class=HTMLResponse, include_in_schema=False)
def queue_page(
    request: Request,
    verdict: str | None = None,
    outlet: str | None = None,
    speaker: str | None = None,
    reviewed: str | None = None,
    page: int = Query(1, ge=1, le=100_000),
    wb: Workbench = Depends(workbench),
) -> HTMLResponse:
    f = filters(verdict, outlet, speaker, reviewed)
    rs = wb.reviews()
    items, total = rs.list_items(f, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    query = {
        k: v
        for k, v in {
            "verdict": verdict or "",
            "outlet": outlet or "",
            "speaker": speaker or "",
            "reviewed": reviewed or "",
        }.items()
        if v
    }
    return render(
        request,
        "reviews.html",
        {
            "title": "Review queue",
            "items": items,
            "total": total,
            "page": page,
            "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE),
            "filters": {
                "verdict": verdict or "",
                "outlet": outlet or "",
                "speaker": speaker or "",
                "reviewed": (reviewed or "").lower(),
            },
            "facets": rs.facets(),
            "query": urlencode(query),
            "export_url": "/api/export/claimreview" + ("?" + urlencode(query) if query else ""),
        },
    )


# ---------------------------------------------------------------------- JSON API


@router.get("/api/reviews", tags=["reviews"], summary="The review queue")
def api_reviews(
    verdict: str | None = Query(None, description="Effective verdict (human, else auto)."),
    outlet: str | None = Query(None, max_length=MAX_FIELD),
    speaker: str | None = Query(None, max_length=MAX_FIELD),
    reviewed: str | None = Query(None, description="yes / no"),
    article: int | None = Query(None, description="Items of one checked article."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
    wb: Workbench = Depends(workbench),
) -> dict[str, Any]:
    f = filters(verdict, outlet, speaker, reviewed)
    f.article_id = article
    items, total = wb.reviews().list_items(f, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/reviews/{item_id}", tags=["reviews"], summary="One review item")
def api_review(item_id: int, wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    """The item with its QuoteResult (`result`) and its decisions, oldest first
    (`history`)."""
    return wb.reviews().get_item(item_id)


@router.post(
    "/api/reviews/{item_id}",
    tags=["reviews"],
    summary="Record a reviewer's decision",
    dependencies=[Depends(api_write)],
)
def api_decide(
    item_id: int, body: DecisionIn, wb: Workbench = Depends(workbench)
) -> dict[str, Any]:
    """Accept the automatic verdict (no `verdict`) or set another, with a note. Every
    decision is kept in the item's history; the latest is the item's human verdict."""
    rs = wb.reviews()
    decision = rs.decide(item_id, reviewer=body.reviewer, verdict=body.verdict, note=body.note)
    item = rs.get_item(item_id)
    item["decision"] = decision
    return item


@router.get("/api/articles/{article_id}", tags=["check"], summary="A checked article")
def api_article_get(article_id: int, wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    return wb.reviews().get_article(article_id)


@router.get(
    "/api/export/claimreview",
    tags=["reviews"],
    summary="Export as schema.org ClaimReview (JSON-LD)",
)
def api_export(
    verdict: str | None = None,
    outlet: str | None = Query(None, max_length=MAX_FIELD),
    speaker: str | None = Query(None, max_length=MAX_FIELD),
    reviewed: str | None = None,
    wb: Workbench = Depends(workbench),
) -> Response:
    """One ClaimReview per item matching the filters; the human verdict is published
    when there is one."""
    from verify.report import render as render_report

    reports = wb.reviews().export_reports(filters(verdict, outlet, speaker, reviewed))
    text = render_report(reports, "claimreview")
    return Response(
        text,
        media_type="application/ld+json",
        headers={"content-disposition": 'inline; filename="claimreview.json"'},
    )


@router.post(
    "/api/factchecks/publish",
    tags=["reviews"],
    summary="Add the reviewed verdicts to the fact-check archive",
    dependencies=[Depends(api_write)],
)
def api_publish_factchecks(
    publisher: str | None = Query(None, max_length=MAX_FIELD, description="The desk's name."),
    wb: Workbench = Depends(workbench),
) -> dict[str, Any]:
    """The human-reviewed items, as in the ClaimReview export, go into the fact-check archive
    (VERIFY_HOME/factchecks.sqlite): `verify claim` and later checks find them."""
    from verify.factcheck.publish import publish_claimreviews
    from verify.report import render as render_report

    reports = wb.reviews().export_reports(filters(None, None, None, "yes"))
    text = render_report(reports, "claimreview")
    return publish_claimreviews(text, publisher=publisher).to_dict()
