"""What every route needs, passed explicitly: the app's ``WebState`` (workbench, settings,
guard, templates, static files) kept in ``app.state.web``, and the shared steps of a
handler: rendering a page, an error page, checking a form write or an API write.

Routes reach the state through the ``state`` dependency (or ``state_of(request)``), never
through a closure, so each router (verify.web.routes) is a plain module.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from verify.config import Settings
from verify.errors import VerifyError
from verify.models import VERDICTS
from verify.report.common import VERDICT_LABELS, verdict_label
from verify.web import views
from verify.web.security import AUTH_COOKIE, CSRF_COOKIE, CSRF_FIELD, TOKEN_FIELD, Guard
from verify.web.workbench import NoCorpusError, Workbench

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class ForbiddenError(VerifyError):
    http_status = 403


class UnauthorizedError(VerifyError):
    http_status = 401


@dataclass(frozen=True)
class WebState:
    """The long-lived state of one app."""

    workbench: Workbench
    guard: Guard
    settings: Settings
    templates: Environment
    static_files: dict[str, tuple[bytes, str]]


def make_templates(guard: Guard) -> Environment:
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
    return env


def load_static() -> dict[str, tuple[bytes, str]]:
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


def state_of(request: Request) -> WebState:
    return request.app.state.web


async def state(request: Request) -> WebState:
    """The dependency routes declare: ``web: WebState = Depends(state)`` (async: resolved
    on the event loop, with no hop to a thread)."""
    return state_of(request)


async def workbench(request: Request) -> Workbench:
    """The dependency for routes that only need the workbench."""
    return state_of(request).workbench


# ---------------------------------------------------------------------- pages


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page from its template, with the CSRF token of its forms (and the cookie it goes
    with, set when the browser has none yet)."""
    web = state_of(request)
    guard = web.guard
    cookie = request.cookies.get(CSRF_COOKIE)
    fresh = not cookie or len(cookie) > 100
    if fresh:
        cookie = guard.new_cookie()
    page = web.templates.get_template(name).render(
        csrf=guard.csrf_for(cookie),
        csrf_field=CSRF_FIELD,
        token_field=TOKEN_FIELD,
        logged_in=guard.token is None
        or guard.write_allowed(None, None, request.cookies.get(AUTH_COOKIE)),
        status=web.workbench.status(),
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


def error_json(exc: VerifyError) -> JSONResponse:
    return JSONResponse({"error": exc.message, "hint": exc.hint}, status_code=exc.http_status)


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


# ---------------------------------------------------------------------- writes


async def form_write(request: Request) -> dict[str, Any]:
    """The submitted form, once its CSRF token (and the token, if any) is checked."""
    guard = state_of(request).guard
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
    """The dependency of every API write: the bearer token, when the server has one."""
    if not state_of(request).guard.bearer_ok(request.headers.get("authorization")):
        raise UnauthorizedError(
            "This server needs its access token for writes.",
            "Send the header Authorization: Bearer TOKEN.",
        )
