"""The HTML pages: checking a quote or an article, the article and quote views, login,
the API overview, and the static files."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from verify.errors import InputError
from verify.factcheck.match import prior_fact_checks
from verify.models import VERDICTS
from verify.report.common import safe_url, verdict_label
from verify.web import views
from verify.web.context import ForbiddenError, WebState, form_write, render, state
from verify.web.fields import MAX_FIELD, check_date, opt, safe_next, short
from verify.web.reviews import Filters
from verify.web.security import AUTH_COOKIE, CSRF_COOKIE, CSRF_FIELD, TOKEN_FIELD

router = APIRouter(include_in_schema=False)
QUOTE_FIELDS = ("quote", "speaker", "date", "outlet")


@router.get("/static/{name}")
def static(name: str, web: WebState = Depends(state)) -> Response:
    hit = web.static_files.get(name)
    if hit is None:
        raise StarletteHTTPException(404)
    body, media = hit
    return Response(body, media_type=media, headers={"cache-control": "max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, web: WebState = Depends(state)) -> HTMLResponse:
    recent, articles, counts = [], [], None
    wb = web.workbench
    if wb.has_corpus():
        rs = wb.reviews()
        recent, _ = rs.list_items(Filters(), limit=8)
        articles = rs.list_articles(limit=8)
        counts = rs.counts()
    return render(
        request,
        "index.html",
        {
            "title": "Check a quote",
            "recent": recent,
            "articles": articles,
            "counts": counts,
            "form": dict.fromkeys(QUOTE_FIELDS, ""),
            "error": None,
        },
    )


@router.post("/check")
async def check_form(request: Request, web: WebState = Depends(state)) -> Response:
    form = await form_write(request)
    values = {k: form.get(k) if isinstance(form.get(k), str) else "" for k in QUOTE_FIELDS}
    try:
        _result, item_id = await run_in_threadpool(
            web.workbench.check_quote,
            form.get("quote"),
            speaker=opt(form.get("speaker")),
            date=check_date(opt(form.get("date"), 40)),
            outlet=opt(form.get("outlet")),
        )
    except InputError as exc:
        return render(
            request,
            "index.html",
            {
                "title": "Check a quote",
                "recent": [],
                "articles": [],
                "counts": None,
                "form": values,
                "error": {"message": exc.message, "hint": exc.hint},
            },
            status=exc.http_status,
        )
    return RedirectResponse(f"/quotes/{item_id}", status_code=303)


@router.post("/articles")
async def article_form(request: Request, web: WebState = Depends(state)) -> Response:
    form = await form_write(request)
    text = form.get("text") if isinstance(form.get("text"), str) else ""
    upload = form.get("file")
    data: bytes | None = None
    if upload is not None and not isinstance(upload, str):
        data = await upload.read()
    if not data and text.strip():
        # browsers send a textarea's line breaks as CRLF: keep the text as pasted
        data = text.replace("\r\n", "\n").encode("utf-8")
    if not data:
        raise InputError("No article given.", "Paste the article's text or HTML, or choose a file.")
    article_id = await run_in_threadpool(
        web.workbench.check_article_bytes,
        data,
        url=opt(form.get("url"), 2000),
        outlet=opt(form.get("outlet")),
        date=check_date(opt(form.get("date"), 40)),
        title=opt(form.get("title"), 1000),
    )
    return RedirectResponse(f"/articles/{article_id}", status_code=303)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, web: WebState = Depends(state)) -> HTMLResponse:
    rs = web.workbench.reviews()
    art = rs.get_article(article_id)
    items, _ = rs.list_items(Filters(article_id=article_id), limit=500)
    marks = [
        {
            "id": it["id"],
            "start": it["start"],
            "end": it["end"],
            "kind": it["kind"],
            "verdict": it["effective_verdict"],
            "reviewed": it["reviewed"],
        }
        for it in items
    ]
    counts: dict[str, int] = {}
    for it in items:
        counts[it["effective_verdict"]] = counts.get(it["effective_verdict"], 0) + 1
    return render(
        request,
        "article.html",
        {
            "title": art["title"] or "Article",
            "article": art,
            "article_url": safe_url(art["url"]),
            "segments": views.article_segments(art["text"], marks),
            "items": items,
            "counts": [
                {"verdict": v, "label": verdict_label(v), "n": counts[v]}
                for v in VERDICTS
                if counts.get(v)
            ],
            "errors": art["report"].get("errors") or [],
        },
    )


@router.get("/quotes/{item_id}", response_class=HTMLResponse)
def quote_page(request: Request, item_id: int, web: WebState = Depends(state)) -> HTMLResponse:
    item = web.workbench.reviews().get_item(item_id)
    result = item["result"]
    prov = result.get("provenance") or {}
    appearances = prov.get("appearances") or result.get("appearances") or []
    earliest = prov.get("earliest_primary") or result.get("earliest_primary")
    source = result.get("source")
    via_result = prov.get("via_result")
    return render(
        request,
        "quote.html",
        {
            "title": "Quote: " + short(item["quote"], 60),
            "item": item,
            "result": result,
            "source": source,
            "source_url": safe_url(source.get("url")) if source else None,
            "diff": views.diff_columns(result.get("differences") or []),
            "timeline": views.timeline(
                appearances,
                reported=item["claimed_date"],
                earliest=earliest,
                reports=views.report_marks(item, via_result),
            ),
            "appearances": views.appearance_rows(appearances, earliest),
            "provenance": prov.get("statement"),
            "fact_checks": result.get("fact_checks") or prior_fact_checks(item["quote"]),
            "via_result": via_result,
            "options": views.verdict_options(item["effective_verdict"]),
            "reviewer": request.cookies.get("verify_reviewer", "")[:MAX_FIELD],
            "saved": request.query_params.get("saved") == "1",
        },
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(
        request,
        "login.html",
        {"title": "Log in", "next": safe_next(request.query_params.get("next")), "error": None},
    )


@router.post("/login")
async def login(request: Request, web: WebState = Depends(state)) -> Response:
    guard = web.guard
    form = await request.form()
    cookie = request.cookies.get(CSRF_COOKIE)
    if not guard.csrf_ok(cookie, form.get(CSRF_FIELD)):
        raise ForbiddenError("The form's security token is missing or expired.", "Reload the page.")
    nxt = safe_next(form.get("next"))
    if guard.token is None:
        return RedirectResponse(nxt, status_code=303)
    if not guard.token_matches(form.get(TOKEN_FIELD)):
        return render(
            request,
            "login.html",
            {"title": "Log in", "next": nxt, "error": "That is not this server's token."},
            status=401,
        )
    resp = RedirectResponse(nxt, status_code=303)
    resp.set_cookie(
        AUTH_COOKIE,
        guard.auth_cookie(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return resp


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    routes: list[dict[str, Any]] = []
    for path, ops in request.app.openapi().get("paths", {}).items():
        for method, op in ops.items():
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "doc": op.get("description", ""),
                }
            )
    return render(request, "api.html", {"title": "JSON API", "routes": routes})
