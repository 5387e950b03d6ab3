"""The workbench's ASGI app: server-rendered pages and a JSON API over the library.

Handlers parse the request, make one library call (through verify.web.workbench) and render.
``create_app`` builds the state (``verify.web.context.WebState``: workbench, guard, settings,
templates) into ``app.state.web``, and includes the routers of ``verify.web.routes``:

Pages (routes.pages, routes.reviews)    JSON API (OpenAPI at /openapi.json, overview at /api)
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
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from verify import config
from verify.config import Settings
from verify.errors import VerifyError
from verify.web.context import (
    WebState,
    error_json,
    error_page,
    is_api,
    load_static,
    make_templates,
)
from verify.web.routes import ROUTERS
from verify.web.security import LOOPBACK_HOSTS, Guard, SecurityMiddleware
from verify.web.workbench import NO_CORPUS, NO_CORPUS_HINT, Workbench

log = logging.getLogger("verify.web")
DESCRIPTION = (
    "Check quotes against official transcripts, check whole articles, review the "
    "verdicts and export them as schema.org ClaimReview. Errors are JSON "
    '`{"error": message, "hint": what to do}`. Writes are JSON bodies '
    "(Content-Type: application/json); when the server was started with "
    "--allow-remote they need `Authorization: Bearer TOKEN`."
)


def create_app(
    *,
    token: str | None = None,
    remote: bool = False,
    workers: int | None = None,
    review_db: Path | str | None = None,
    warm: bool = True,
    embed_cache: int | None = None,
    processes: int | None = None,
    settings: Settings | None = None,
) -> FastAPI:
    """The workbench app. ``remote``: serving beyond loopback (any Host header is answered,
    and a token is then required for writes: pass it); ``workers``: Checkers in the pool
    (default 1, or VERIFY_WEB_WORKERS); ``review_db``: keep review tables in another SQLite
    file (the load test uses this; by default they live in the corpus store);
    ``warm``: load the model and indexes at startup; ``embed_cache``: how many text
    vectors to remember (0: none; see verify.web.workbench.CachedEmbedder); ``processes``:
    check quotes and articles in that many worker processes (0 or None: in this process,
    with ``workers`` threads); ``settings``: default ``config.settings()`` now."""
    if remote and not token:
        raise VerifyError(
            "Serving beyond loopback needs a token for writes.",
            "Pass --token (or set VERIFY_TOKEN).",
        )
    settings = settings or config.settings()
    wb = Workbench(
        workers=workers,
        review_db=review_db,
        embed_cache=embed_cache,
        processes=processes,
        settings=settings,
    )
    guard = Guard(token, remote=remote, secret=settings.web_secret or "")
    web = WebState(
        workbench=wb,
        guard=guard,
        settings=settings,
        templates=make_templates(guard),
        static_files=load_static(),
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
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from CDNs: /api lists the routes
        redoc_url=None,
        lifespan=lifespan,
        telemetry={"tracing": False, "metrics": False, "logs": False, "auto_configure": False},
    )
    app.state.web = web
    app.state.workbench = wb
    app.state.guard = guard
    app.add_middleware(
        SecurityMiddleware, allowed_hosts=None if remote else frozenset(LOOPBACK_HOSTS)
    )
    add_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


def add_error_handlers(app: FastAPI) -> None:
    """Every error as JSON ``{error, hint}`` on the API, as a page elsewhere."""

    @app.exception_handler(VerifyError)
    async def on_verify_error(request: Request, exc: VerifyError) -> Response:
        if is_api(request):
            return error_json(exc)
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
        if is_api(request):
            return error_json(err)
        return error_page(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "Not found." if exc.status_code == 404 else str(exc.detail)
        err = VerifyError(message, "Check the address." if exc.status_code == 404 else None)
        err.http_status = exc.status_code
        if is_api(request) or request.method != "GET":
            return error_json(err)
        return error_page(request, err)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        err = VerifyError(
            "Something went wrong on the server.",
            "Try again; if it keeps failing, see the server's log.",
        )
        err.http_status = 500
        if is_api(request):
            return error_json(err)
        return error_page(request, err)


__all__ = ["create_app", "NO_CORPUS", "NO_CORPUS_HINT"]
