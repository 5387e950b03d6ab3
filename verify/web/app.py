"""The workbench's ASGI app: server-rendered pages and a JSON API over the library.

Handlers parse the request, make one library call (through verify.web.workbench) and render.

Pages                                   JSON API (OpenAPI at /openapi.json, overview at /api)
  GET  /               check a quote        POST /api/quote           {"quote","speaker","date"}
  POST /check          -> /quotes/{id}      POST /api/article         {"text"|"html", url, ...}
  POST /articles       -> /articles/{id}    GET  /api/reviews         queue, filterable
  GET  /articles/{id}  article view         GET  /api/reviews/{id}    item + decision history
  GET  /quotes/{id}    quote view + review  POST /api/reviews/{id}    record a decision
  POST /quotes/{id}/review                  GET  /api/articles/{id}   a checked article
  GET  /reviews        review queue         GET  /api/export/claimreview  ClaimReview JSON-LD
  GET  /login, POST /login (remote mode)    GET  /api/status
"""

from __future__ import annotations

import logging
import mimetypes
from contextlib import asynccontextmanager
from datetime import date as Date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from verify.errors import InputError, VerifyError
from verify.models import VERDICTS
from verify.report.common import VERDICT_LABELS, safe_url, verdict_label
from verify.web import views
from verify.web.reviews import Filters
from verify.web.security import (
    AUTH_COOKIE,
    CSRF_COOKIE,
    CSRF_FIELD,
    LOOPBACK_HOSTS,
    TOKEN_FIELD,
    Guard,
    SecurityMiddleware,
)
from verify.web.workbench import NO_CORPUS, NO_CORPUS_HINT, NoCorpusError, Workbench

log = logging.getLogger("verify.web")
HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
MAX_FIELD = 200  # speaker, outlet, url, title, reviewer


class ForbiddenError(VerifyError):
    http_status = 403


class UnauthorizedError(VerifyError):
    http_status = 401


# ---------------------------------------------------------------------- request bodies


class QuoteIn(BaseModel):
    """One quote to check: what `verify quote` takes."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "quote": "nothing about Ukraine without Ukraine",
                "speaker": "White House",
                "date": "2022-11-01",
            }
        }
    )
    quote: str = Field(description="The quoted words (at most 2,000 characters).")
    speaker: str | None = Field(None, max_length=MAX_FIELD, description="Claimed speaker.")
    date: str | None = Field(None, max_length=40, description="When it was reported, YYYY-MM-DD.")
    outlet: str | None = Field(None, max_length=MAX_FIELD, description="Who reported it.")
    id: str | None = Field(None, max_length=MAX_FIELD, description="Your id, echoed back.")


class ArticleIn(BaseModel):
    """An article to check: its text or its HTML, and what is known about it."""

    text: str | None = Field(None, description="The article's plain text.")
    html: str | None = Field(None, description="The article page's HTML (text is extracted).")
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=MAX_FIELD)
    date: str | None = Field(None, max_length=40, description="Publication date, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=1000)


class DecisionIn(BaseModel):
    """A reviewer's decision: omit ``verdict`` to accept the automatic one."""

    reviewer: str = Field(max_length=MAX_FIELD, description="Who decides (name or initials).")
    verdict: str | None = Field(None, description="One of: " + ", ".join(VERDICTS) + ".")
    note: str | None = Field(None, max_length=5000)


# ---------------------------------------------------------------------- helpers


def _check_date(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        Date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"Bad date {value!r}.", "Write it as YYYY-MM-DD.") from None
    return value


def _opt(value: Any, limit: int = MAX_FIELD) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > limit:
        raise InputError(f"A field is longer than {limit:,} characters.", "Shorten it.")
    return value or None


def _reviewed(value: str | None) -> bool | None:
    v = (value or "").strip().lower()
    if v in ("yes", "true", "1", "reviewed"):
        return True
    if v in ("no", "false", "0", "pending"):
        return False
    if v in ("", "any", "all"):
        return None
    raise InputError(f"Bad value {value!r} for reviewed.", "Use yes, no or leave it out.")


def _filters(
    verdict: str | None, outlet: str | None, speaker: str | None, reviewed: str | None
) -> Filters:
    return Filters(
        verdict=(verdict or None),
        outlet=outlet,
        speaker=speaker,
        reviewed=_reviewed(reviewed),
    ).validate()


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n].rstrip() + "…"


def _report_marks(item: dict[str, Any], via_result: dict[str, Any] | None) -> list[dict]:
    """Media-lane marks for the timeline: the credited outlet's own report (when the store
    has it) and the article (or the quote as reported), coloured by their wording verdict."""
    marks = []
    via_source = (via_result or {}).get("source") or {}
    if via_result and via_source.get("date") and via_result.get("verdict") != "not_found":
        marks.append(
            {
                "date": via_source.get("date"),
                "verdict": via_result.get("verdict"),
                "url": via_source.get("url"),
                "label": f"{item.get('outlet') or via_source.get('publisher') or 'outlet'}",
            }
        )
    if item.get("claimed_date"):
        if item.get("article_id"):
            label = f"this article ({item.get('article_outlet') or 'outlet unknown'})"
        else:
            label = item.get("outlet") or "as reported"
        marks.append(
            {
                "date": item["claimed_date"],
                "verdict": item["effective_verdict"],
                "url": item.get("article_url"),
                "label": label,
            }
        )
    return marks


def _error_json(exc: VerifyError) -> JSONResponse:
    return JSONResponse({"error": exc.message, "hint": exc.hint}, status_code=exc.http_status)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def _safe_next(value: Any) -> str:
    """A local path to go back to after login (never another site)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        if "\\" not in value and "\n" not in value and "\r" not in value:
            return value
    return "/"


def _load_static() -> dict[str, tuple[bytes, str]]:
    """The static files, read once: requests name a file, never a path."""
    files: dict[str, tuple[bytes, str]] = {}
    if STATIC.is_dir():
        for p in STATIC.iterdir():
            if p.is_file() and not p.name.startswith("."):
                media = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
                if p.suffix == ".js":
                    media = "text/javascript"
                files[p.name] = (p.read_bytes(), media)
    return files


# ---------------------------------------------------------------------- the app


def create_app(
    *,
    token: str | None = None,
    remote: bool = False,
    workers: int | None = None,
    review_db: Path | str | None = None,
    warm: bool = True,
    embed_cache: int | None = None,
    processes: int | None = None,
) -> FastAPI:
    """The workbench app. ``remote``: serving beyond loopback (any Host header is answered,
    and a token is then required for writes: pass it); ``workers``: Checkers in the pool
    (default 1, or VERIFY_WEB_WORKERS); ``review_db``: keep review tables in another SQLite
    file (the load test uses this; by default they live in the corpus store);
    ``warm``: load the model and indexes at startup; ``embed_cache``: how many text
    vectors to remember (0: none; see verify.web.workbench.CachedEmbedder); ``processes``:
    check quotes and articles in that many worker processes (0 or None: in this process,
    with ``workers`` threads)."""
    if remote and not token:
        raise VerifyError(
            "Serving beyond loopback needs a token for writes.",
            "Pass --token (or set VERIFY_TOKEN).",
        )
    wb = Workbench(
        workers=workers, review_db=review_db, embed_cache=embed_cache, processes=processes
    )
    guard = Guard(token, remote=remote)
    static_files = _load_static()
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        verdict_label=verdict_label,
        vclass=views.vclass,
        VERDICTS=VERDICTS,
        VERDICT_LABELS=VERDICT_LABELS,
        token_required=guard.token is not None,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:
            await run_in_threadpool(wb.warm_up)
        yield
        wb.close()

    app = FastAPI(
        title="verify workbench",
        version="0.1.0",
        description=(
            "Check quotes against official transcripts, check whole articles, review the "
            "verdicts and export them as schema.org ClaimReview. Errors are JSON "
            '`{"error": message, "hint": what to do}`. Writes are JSON bodies '
            "(Content-Type: application/json); when the server was started with "
            "--allow-remote they need `Authorization: Bearer TOKEN`."
        ),
        docs_url=None,  # Swagger UI and ReDoc load scripts from CDNs: /api lists the routes
        redoc_url=None,
        lifespan=lifespan,
        telemetry={"tracing": False, "metrics": False, "logs": False, "auto_configure": False},
    )
    app.state.workbench = wb
    app.state.guard = guard
    app.add_middleware(
        SecurityMiddleware, allowed_hosts=None if remote else frozenset(LOOPBACK_HOSTS)
    )

    # ------------------------------------------------------------------ rendering

    def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = not cookie or len(cookie) > 100
        if fresh:
            cookie = guard.new_cookie()
        st = wb.status()
        page = env.get_template(name).render(
            csrf=guard.csrf_for(cookie),
            csrf_field=CSRF_FIELD,
            token_field=TOKEN_FIELD,
            logged_in=guard.token is None
            or guard.write_allowed(None, None, request.cookies.get(AUTH_COOKIE)),
            status=st,
            path=request.url.path,
            **ctx,
        )
        resp = HTMLResponse(page, status_code=status)
        resp.headers["cache-control"] = "no-store"
        if fresh:
            resp.set_cookie(
                CSRF_COOKIE,
                cookie,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
                path="/",
            )
        return resp

    def error_page(request: Request, exc: VerifyError) -> HTMLResponse:
        template = "empty.html" if isinstance(exc, NoCorpusError) else "error.html"
        return render(
            request,
            template,
            {"title": exc.message, "message": exc.message, "hint": exc.hint},
            status=exc.http_status,
        )

    async def form_write(request: Request) -> dict[str, Any]:
        """The submitted form, once its CSRF token (and the token, if any) is checked."""
        form = await request.form()
        data: dict[str, Any] = {}
        for key, value in form.multi_items():
            data.setdefault(key, value)
        if not guard.csrf_ok(request.cookies.get(CSRF_COOKIE), data.get(CSRF_FIELD)):
            raise ForbiddenError(
                "The form's security token is missing or expired.",
                "Reload the page and submit the form again.",
            )
        if not guard.write_allowed(
            request.headers.get("authorization"),
            data.get(TOKEN_FIELD),
            request.cookies.get(AUTH_COOKIE),
        ):
            raise UnauthorizedError(
                "This server needs its access token for changes.",
                "Log in with the token (see /login), or fill in the token field.",
            )
        return data

    def api_write(request: Request) -> None:
        if not guard.bearer_ok(request.headers.get("authorization")):
            raise UnauthorizedError(
                "This server needs its access token for writes.",
                "Send the header Authorization: Bearer TOKEN.",
            )

    # ------------------------------------------------------------------ errors

    @app.exception_handler(VerifyError)
    async def on_verify_error(request: Request, exc: VerifyError) -> Response:
        if _is_api(request):
            return _error_json(exc)
        return error_page(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        status = 422
        for e in exc.errors()[:5]:
            if e.get("type") == "json_invalid":
                status = 400
                problems.append("the body is not valid JSON")
                continue
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
            problems.append(f"{where}: {e.get('msg', 'invalid')}")
        err = VerifyError(
            "Malformed request: " + "; ".join(problems) + ".",
            "See /api for the fields each route takes.",
        )
        err.http_status = status
        if _is_api(request):
            return _error_json(err)
        return error_page(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "Not found." if exc.status_code == 404 else str(exc.detail)
        err = VerifyError(message, "Check the address." if exc.status_code == 404 else None)
        err.http_status = exc.status_code
        if _is_api(request) or request.method != "GET":
            return _error_json(err)
        return error_page(request, err)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        err = VerifyError(
            "Something went wrong on the server.",
            "Try again; if it keeps failing, see the server's log.",
        )
        err.http_status = 500
        if _is_api(request):
            return _error_json(err)
        return error_page(request, err)

    # ------------------------------------------------------------------ static

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        hit = static_files.get(name)
        if hit is None:
            raise StarletteHTTPException(404)
        body, media = hit
        return Response(body, media_type=media, headers={"cache-control": "max-age=3600"})

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        recent, articles, counts = [], [], None
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
                "form": dict.fromkeys(("quote", "speaker", "date", "outlet"), ""),
                "error": None,
            },
        )

    @app.post("/check", include_in_schema=False)
    async def check_form(request: Request) -> Response:
        form = await form_write(request)
        values = {
            k: form.get(k) if isinstance(form.get(k), str) else ""
            for k in ("quote", "speaker", "date", "outlet")
        }
        try:
            _result, item_id = await run_in_threadpool(
                wb.check_quote,
                form.get("quote"),
                speaker=_opt(form.get("speaker")),
                date=_check_date(_opt(form.get("date"), 40)),
                outlet=_opt(form.get("outlet")),
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

    @app.post("/articles", include_in_schema=False)
    async def article_form(request: Request) -> Response:
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
            raise InputError(
                "No article given.", "Paste the article's text or HTML, or choose a file."
            )
        article_id = await run_in_threadpool(
            wb.check_article_bytes,
            data,
            url=_opt(form.get("url"), 2000),
            outlet=_opt(form.get("outlet")),
            date=_check_date(_opt(form.get("date"), 40)),
            title=_opt(form.get("title"), 1000),
        )
        return RedirectResponse(f"/articles/{article_id}", status_code=303)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        rs = wb.reviews()
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

    @app.get("/quotes/{item_id}", response_class=HTMLResponse, include_in_schema=False)
    def quote_page(request: Request, item_id: int) -> HTMLResponse:
        item = wb.reviews().get_item(item_id)
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
                "title": "Quote: " + _short(item["quote"], 60),
                "item": item,
                "result": result,
                "source": source,
                "source_url": safe_url(source.get("url")) if source else None,
                "diff": views.diff_columns(result.get("differences") or []),
                "timeline": views.timeline(
                    appearances,
                    reported=item["claimed_date"],
                    earliest=earliest,
                    reports=_report_marks(item, via_result),
                ),
                "appearances": views.appearance_rows(appearances, earliest),
                "provenance": prov.get("statement"),
                "via_result": via_result,
                "options": views.verdict_options(item["effective_verdict"]),
                "reviewer": request.cookies.get("verify_reviewer", "")[:MAX_FIELD],
                "saved": request.query_params.get("saved") == "1",
            },
        )

    @app.post("/quotes/{item_id}/review", include_in_schema=False)
    async def review_form(request: Request, item_id: int) -> Response:
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
        name = _opt(form.get("reviewer"))
        if name:
            resp.set_cookie(
                "verify_reviewer", name, httponly=True, samesite="lax", max_age=31536000
            )
        return resp

    @app.get("/reviews", response_class=HTMLResponse, include_in_schema=False)
    def queue_page(
        request: Request,
        verdict: str | None = None,
        outlet: str | None = None,
        speaker: str | None = None,
        reviewed: str | None = None,
        page: int = Query(1, ge=1, le=100_000),
    ) -> HTMLResponse:
        f = _filters(verdict, outlet, speaker, reviewed)
        rs = wb.reviews()
        per = 50
        items, total = rs.list_items(f, limit=per, offset=(page - 1) * per)
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
                "pages": max(1, (total + per - 1) // per),
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

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return render(
            request,
            "login.html",
            {
                "title": "Log in",
                "next": _safe_next(request.query_params.get("next")),
                "error": None,
            },
        )

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        cookie = request.cookies.get(CSRF_COOKIE)
        if not guard.csrf_ok(cookie, form.get(CSRF_FIELD)):
            raise ForbiddenError(
                "The form's security token is missing or expired.", "Reload the page."
            )
        nxt = _safe_next(form.get("next"))
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

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        routes = []
        for path, ops in app.openapi().get("paths", {}).items():
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

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/status", tags=["status"], summary="Is there a corpus and an index?")
    def api_status() -> dict[str, Any]:
        st = wb.status()
        if st["corpus"]:
            st["reviews"] = wb.reviews().counts()
        return st

    @app.post(
        "/api/quote",
        tags=["check"],
        summary="Check one quote",
        dependencies=[Depends(api_write)],
        responses={400: {"description": "Bad input ({error, hint})"}},
    )
    def api_quote(body: QuoteIn, response: Response) -> dict[str, Any]:
        """The `verify quote --json` contract (QuoteResult). The quote becomes a review item
        (pending): its id is in the `X-Review-Id` header, its address in `Location`."""
        result, item_id = wb.check_quote(
            body.quote,
            speaker=_opt(body.speaker),
            date=_check_date(body.date),
            outlet=_opt(body.outlet),
            id=body.id,
        )
        response.headers["X-Review-Id"] = str(item_id)
        response.headers["Location"] = f"/api/reviews/{item_id}"
        return result.to_json()

    @app.post(
        "/api/article",
        tags=["check"],
        summary="Check every quote and claim of an article",
        dependencies=[Depends(api_write)],
    )
    def api_article(body: ArticleIn) -> dict[str, Any]:
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
            url=_opt(body.url, 2000),
            outlet=_opt(body.outlet),
            date=_check_date(body.date),
            title=_opt(body.title, 1000),
        )
        out = report.to_json()
        out["article"]["id"] = article_id
        for check, item_id in zip(out["checks"], ids, strict=True):
            check["review_id"] = item_id
        return out

    @app.get("/api/reviews", tags=["reviews"], summary="The review queue")
    def api_reviews(
        verdict: str | None = Query(None, description="Effective verdict (human, else auto)."),
        outlet: str | None = Query(None, max_length=MAX_FIELD),
        speaker: str | None = Query(None, max_length=MAX_FIELD),
        reviewed: str | None = Query(None, description="yes / no"),
        article: int | None = Query(None, description="Items of one checked article."),
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        f = _filters(verdict, outlet, speaker, reviewed)
        f.article_id = article
        items, total = wb.reviews().list_items(f, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/reviews/{item_id}", tags=["reviews"], summary="One review item")
    def api_review(item_id: int) -> dict[str, Any]:
        """The item with its QuoteResult (`result`) and its decisions, oldest first
        (`history`)."""
        return wb.reviews().get_item(item_id)

    @app.post(
        "/api/reviews/{item_id}",
        tags=["reviews"],
        summary="Record a reviewer's decision",
        dependencies=[Depends(api_write)],
    )
    def api_decide(item_id: int, body: DecisionIn) -> dict[str, Any]:
        """Accept the automatic verdict (no `verdict`) or set another, with a note. Every
        decision is kept in the item's history; the latest is the item's human verdict."""
        rs = wb.reviews()
        decision = rs.decide(item_id, reviewer=body.reviewer, verdict=body.verdict, note=body.note)
        item = rs.get_item(item_id)
        item["decision"] = decision
        return item

    @app.get("/api/articles/{article_id}", tags=["check"], summary="A checked article")
    def api_article_get(article_id: int) -> dict[str, Any]:
        return wb.reviews().get_article(article_id)

    @app.get(
        "/api/export/claimreview",
        tags=["reviews"],
        summary="Export as schema.org ClaimReview (JSON-LD)",
    )
    def api_export(
        verdict: str | None = None,
        outlet: str | None = Query(None, max_length=MAX_FIELD),
        speaker: str | None = Query(None, max_length=MAX_FIELD),
        reviewed: str | None = None,
    ) -> Response:
        """One ClaimReview per item matching the filters; the human verdict is published
        when there is one."""
        from verify.report import render as render_report

        reports = wb.reviews().export_reports(_filters(verdict, outlet, speaker, reviewed))
        text = render_report(reports, "claimreview")
        return Response(
            text,
            media_type="application/ld+json",
            headers={"content-disposition": 'inline; filename="claimreview.json"'},
        )

    return app


__all__ = ["create_app", "NO_CORPUS", "NO_CORPUS_HINT"]
