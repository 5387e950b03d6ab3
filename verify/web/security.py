"""The workbench's guards: allowed hosts, cross-site checks, body limits, CSRF and the token.

- **Binding.** ``verify serve`` binds 127.0.0.1; another address needs ``--allow-remote``,
  and then every write needs the token (see verify.web.server).
- **Host header.** On loopback only ``localhost``, ``127.0.0.1`` and ``[::1]`` are answered,
  which stops DNS-rebinding pages from reading or writing through the user's browser.
- **Cross-site writes.** A POST whose ``Origin`` is another origin (or ``Sec-Fetch-Site:
  cross-site``) is refused. JSON API writes must be ``Content-Type: application/json`` (a
  cross-site page cannot send that without a CORS preflight, which is never granted). HTML
  forms carry a CSRF token: an HMAC of a random ``verify_csrf`` cookie (HttpOnly,
  SameSite=Strict) under a per-process secret.
- **Token.** With a token set, API writes need ``Authorization: Bearer TOKEN``; form writes
  take it from the form's ``token`` field, or from the ``verify_auth`` cookie that the login
  page sets after the token was typed once.
- **Sizes.** Request bodies over ``MAX_BODY`` bytes are refused with 413 before the app
  reads them; the Checker refuses quotes over 2,000 characters.
- **Headers.** Every answer carries a Content-Security-Policy that allows only this server's
  own scripts, styles and images, nosniff, frame-ancestors 'none', and a same-origin
  referrer policy (with no-referrer, browsers send ``Origin: null`` on the pages' own
  form posts, which the cross-site check would refuse).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from verify import config

MAX_BODY = 1_000_000
CSRF_COOKIE = "verify_csrf"
AUTH_COOKIE = "verify_auth"
CSRF_FIELD = "csrf_token"
TOKEN_FIELD = "token"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Any]


def is_loopback(host: str) -> bool:
    """Is ``host`` (a name or an address, IPv6 with or without brackets) a loopback one?"""
    import ipaddress

    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(host_header: str) -> str:
    """The host of a Host header value, without the port: "[::1]:8000" -> "::1"."""
    value = host_header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """The per-process secret, the optional write token, and the checks that use them."""

    def __init__(
        self, token: str | None = None, *, remote: bool = False, secret: str | None = None
    ):
        self.token = token or None
        self.remote = remote
        # VERIFY_WEB_SECRET (hex; ``secret`` when given): one secret for several servers behind
        # one address, so that a form rendered by one is accepted by another
        shared = secret if secret is not None else config.settings().web_secret or ""
        self.secret = bytes.fromhex(shared) if len(shared) >= 32 else secrets.token_bytes(32)

    # -- CSRF: a random cookie, and an HMAC of it in each form
    def new_cookie(self) -> str:
        return secrets.token_urlsafe(32)

    def csrf_for(self, cookie: str) -> str:
        return hmac.new(self.secret, b"csrf:" + cookie.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, cookie: str | None, field: Any) -> bool:
        if not cookie or not isinstance(field, str) or not field:
            return False
        return hmac.compare_digest(self.csrf_for(cookie), field)

    # -- the write token
    def auth_cookie(self) -> str:
        assert self.token is not None
        return hmac.new(self.secret, b"auth:" + self.token.encode(), hashlib.sha256).hexdigest()

    def token_matches(self, given: Any) -> bool:
        if self.token is None:
            return True
        if not isinstance(given, str) or not given:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def bearer_ok(self, authorization: str | None) -> bool:
        if self.token is None:
            return True
        if not authorization:
            return False
        scheme, _, value = authorization.partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(value.strip())

    def write_allowed(
        self, authorization: str | None, form_token: Any = None, cookie: str | None = None
    ) -> bool:
        """May this request write? Always without a token; else a bearer header, the form's
        token field, or the login cookie."""
        if self.token is None:
            return True
        if self.bearer_ok(authorization) or self.token_matches(form_token):
            return True
        return bool(cookie) and hmac.compare_digest(cookie, self.auth_cookie())


def _json_answer(status: int, message: str, hint: str | None) -> tuple[dict, dict]:
    body = json.dumps({"error": message, "hint": hint}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *SECURITY_HEADERS,
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class SecurityMiddleware:
    """Pure ASGI middleware: Host allow-list, cross-site refusal, JSON-only API writes,
    the body size limit, and security headers on every answer."""

    def __init__(
        self, app: ASGIApp, *, allowed_hosts: frozenset[str] | None, max_body: int = MAX_BODY
    ):
        self.app = app
        self.allowed_hosts = allowed_hosts  # None: any host (remote mode)
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._answer(send, *refusal)
            return
        if scope["method"] in UNSAFE or "content-length" in headers:
            declared = headers.get("content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
                await self._too_big(send)
                return
            body = bytearray()
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                if len(body) > self.max_body:
                    await self._too_big(send)
                    return
                if not message.get("more_body", False):
                    break
            replayed = False

            async def replay() -> dict:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": bytes(body), "more_body": False}
                return await receive()

            receive = replay

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: dict, headers: dict[str, str]) -> tuple[int, str, str] | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and host_name(host) not in self.allowed_hosts:
            return (
                421,
                f"This server does not answer for the host {host!r}.",
                "Open it as http://127.0.0.1:PORT/ or http://localhost:PORT/.",
            )
        if scope["method"] not in UNSAFE:
            return None
        origin = headers.get("origin")
        if origin is not None and not _same_origin(origin, host):
            return (
                403,
                "Cross-site request refused.",
                "Send changes from the workbench's own pages, or from a client without an "
                "Origin header (curl, scripts).",
            )
        if headers.get("sec-fetch-site") == "cross-site":
            return (403, "Cross-site request refused.", "Use the workbench's own pages.")
        if scope["path"].startswith("/api/"):
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json":
                return (
                    415,
                    "The API takes JSON bodies only.",
                    "Send the header Content-Type: application/json.",
                )
        return None

    async def _too_big(self, send: Callable) -> None:
        await self._answer(
            send,
            413,
            f"The request is larger than {self.max_body:,} bytes.",
            "Send less: one article or one quote per request.",
        )

    @staticmethod
    async def _answer(send: Callable, status: int, message: str, hint: str | None) -> None:
        start, body = _json_answer(status, message, hint)
        await send(start)
        await send(body)


def _same_origin(origin: str, host: str) -> bool:
    if not origin or origin == "null":
        return False
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()
