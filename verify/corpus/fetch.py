"""A polite fetcher for official sites (``verify corpus fetch SOURCE --since DATE``).

- one request at a time, at least ``min_interval`` seconds apart per host (default 1 s);
- robots.txt is read once per host and obeyed;
- retries with exponential backoff on 429/5xx and connection errors, honouring Retry-After;
- conditional requests: the ETag / Last-Modified of every page is kept in the cache and sent
  back as If-None-Match / If-Modified-Since; on 304 the cached body is used;
- raw pages are cached under ``<cache>/raw/<host>/`` (written atomically: temp + rename);
- a User-Agent that says who is asking.

``fetch_source`` walks a kremlin.ru-style listing (``base_url`` + ``listing`` with
``{page}``), newest first, until the items are older than ``since``, fetches each page and
parses it with the HTML adapter.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from verify import __version__, config
from verify.corpus.sources.common import Skipped
from verify.errors import ConfigError, FetchError, SourceError
from verify.files import atomic_write_bytes
from verify.models import DocumentRecord

USER_AGENT = (
    f"verify/{__version__} (quote verification for fact-checkers; "
    "polite fetcher: one request per second per host, obeys robots.txt and Retry-After)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

Record = DocumentRecord | SourceError | Skipped
Progress = Callable[[str], None]


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int  # the server's answer: 200, or 304 when the cached body was reused
    content: bytes
    content_type: str | None
    from_cache: bool

    @property
    def charset(self) -> str | None:
        m = re.search(r"charset=([\w.:-]+)", self.content_type or "", re.IGNORECASE)
        return m.group(1) if m else None


class PoliteFetcher:
    """GET with a per-host rate limit, retries, conditional requests and a disk cache.

    ``clock`` and ``sleep`` are injectable so tests run without waiting.
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        cache_root: Path | None = None,
        min_interval: float = 1.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
        timeout: float = 30.0,
        user_agent: str | None = None,
        respect_robots: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._own_client = client is None
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True)
        self.cache_root = Path(cache_root) if cache_root is not None else config.cache_dir()
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.user_agent = user_agent or USER_AGENT
        self.respect_robots = respect_robots
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self.requests = 0  # requests sent (for reports and tests)

    # ------------------------------------------------------------------ public

    def get(self, url: str) -> FetchResult:
        """The page at ``url`` (revalidated against the cache). Raises FetchError."""
        if self.respect_robots and not self._allowed(url):
            raise FetchError(
                f"{url}: disallowed by the site's robots.txt",
                "verify does not fetch pages a site asks robots not to fetch.",
            )
        cached = self._load_cache(url)
        headers = {"User-Agent": self.user_agent}
        if cached is not None:
            meta = cached[1]
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        response = self._request(url, headers)
        if response.status_code == 304:
            if cached is None:  # a 304 we cannot use: ask again without validators
                response = self._request(url, {"User-Agent": self.user_agent})
            else:
                body, meta = cached
                return FetchResult(
                    url=url,
                    final_url=meta.get("final_url") or url,
                    status=304,
                    content=body,
                    content_type=meta.get("content_type"),
                    from_cache=True,
                )
        if not 200 <= response.status_code < 300:
            raise FetchError(
                f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                "Check the URL (and the source's fetch settings in corpora/sources.toml).",
            )
        content = response.content
        final_url = str(response.url)
        content_type = response.headers.get("content-type")
        self._store_cache(
            url,
            content,
            {
                "url": url,
                "final_url": final_url,
                "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
                "content_type": content_type,
                "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
        )
        return FetchResult(url, final_url, response.status_code, content, content_type, False)

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ requests

    def _request(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """One GET with retries on 429/5xx and connection errors."""
        host = (urlsplit(url).hostname or "").lower()  # the limit is per host, any port
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            self._wait_turn(host)
            self.requests += 1
            try:
                response = self.client.get(url, headers=headers)
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(
                        f"{url}: {type(exc).__name__} after {attempt + 1} attempts ({exc})",
                        "Check the network connection and the site's address; try again later.",
                    ) from None
                self.sleep(self._backoff(attempt))
                continue
            if response.status_code not in RETRY_STATUSES:
                return response
            wait = _retry_after(response.headers.get("retry-after"))
            if wait is not None and wait > self.max_retry_after:
                raise FetchError(
                    f"{url}: HTTP {response.status_code}; the server asks to wait {wait:.0f} s",
                    "Try again later.",
                )
            if last:
                raise FetchError(
                    f"{url}: HTTP {response.status_code} after {attempt + 1} attempts",
                    "The site is busy or failing; try again later.",
                )
            self.sleep(wait if wait is not None else self._backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * (2**attempt))

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._read_robots(key)
        robots = self._robots[key]
        return True if robots is None else robots.can_fetch(self.user_agent, url)

    def _read_robots(self, base: str) -> RobotFileParser | None:
        self._wait_turn((urlsplit(base).hostname or "").lower())
        self.requests += 1
        try:
            response = self.client.get(
                base + "/robots.txt", headers={"User-Agent": self.user_agent}
            )
        except httpx.TransportError:
            return None  # unreachable robots.txt: the page request will report the problem
        if response.status_code != 200:
            return None  # no robots.txt (404) or an error: no rules to obey
        parser = RobotFileParser()
        parser.parse(response.text.splitlines())
        return parser

    # ------------------------------------------------------------------ cache

    def cache_paths(self, url: str) -> tuple[Path, Path]:
        """(body file, metadata file) of ``url`` under ``<cache>/raw/<host>/``."""
        parts = urlsplit(url)
        host = re.sub(r"[^A-Za-z0-9.-]", "_", parts.netloc.lower()) or "_"
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", parts.path.strip("/"))[-80:].strip("._") or "index"
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        folder = self.cache_root / "raw" / host
        return folder / f"{slug}-{digest}.body", folder / f"{slug}-{digest}.json"

    def _load_cache(self, url: str) -> tuple[bytes, dict[str, Any]] | None:
        body_path, meta_path = self.cache_paths(url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # body and metadata do not belong together: do not trust either
        return body, meta

    def _store_cache(self, url: str, body: bytes, meta: dict[str, Any]) -> None:
        body_path, meta_path = self.cache_paths(url)
        meta = {**meta, "sha256": hashlib.sha256(body).hexdigest()}
        try:
            atomic_write_bytes(body_path, body)
            atomic_write_bytes(meta_path, json.dumps(meta, indent=1).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs a refetch next time


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


# ---------------------------------------------------------------------- sources


def fetch_source(
    source: Any,
    since: dt.date | str,
    *,
    max_pages: int | None = None,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    fetcher: PoliteFetcher | None = None,
) -> Iterator[Record]:
    """Walk the source's listing pages newest first and yield the documents published on or
    after ``since`` (DocumentRecord), a SourceError per page that could not be fetched or
    parsed, and Skipped for pages that are not documents or when ``max_pages`` stopped the
    walk before reaching ``since``.

    ``source`` is a verify.corpus.sourcelist.SourceConfig with ``fetch`` settings. Raises
    ConfigError at once (before any request) when it has none or when ``since`` is not a date.
    """
    settings = getattr(source, "fetch", None)
    if settings is None:
        raise ConfigError(
            f"source {source.name!r} has no fetch settings",
            'Add fetch = { base_url = "https://...", listing = "/path/page/{page}" } to it '
            f"in {config.sources_file()}.",
        )
    if isinstance(since, str):
        try:
            since = dt.date.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"invalid date {since!r}", "Write --since as YYYY-MM-DD.") from None
    pages = max_pages if max_pages is not None else settings.max_pages
    if fetcher is None:
        fetcher = PoliteFetcher(
            client,
            min_interval=settings.min_interval,
            max_retries=settings.max_retries,
            timeout=settings.timeout,
            user_agent=settings.user_agent,
        )
        own = True
    else:
        own = False
    return _walk(source, settings, since, pages, fetcher, progress, own)


def _walk(
    source: Any,
    settings: Any,
    since: dt.date,
    pages: int,
    fetcher: PoliteFetcher,
    progress: Progress | None,
    own: bool,
) -> Iterator[Record]:
    from verify.corpus.sources.html import decode_html
    from verify.corpus.sources.kremlin_html import canonical_url, parse_listing

    say = progress or (lambda message: None)
    since_iso = since.isoformat()
    seen: set[str] = set()
    try:
        for page in range(1, pages + 1):
            listing_url = settings.listing_url(page)
            try:
                result = fetcher.get(listing_url)
            except FetchError as exc:
                yield SourceError(exc.message, exc.hint, origin=listing_url)
                return
            html = decode_html(result.content, listing_url, result.charset)
            if isinstance(html, SourceError):
                yield html
                return
            items = parse_listing(html, result.final_url)
            say(f"listing page {page}: {len(items)} links")
            if not items:
                return
            reached_since = False
            for item in items:
                if item.date and item.date[:10] < since_iso:
                    reached_since = True
                    continue
                key = canonical_url(item.url)
                if key in seen:
                    continue
                seen.add(key)
                yield from _fetch_document(fetcher, item.url, source, since_iso, say)
            if reached_since:
                return
        yield Skipped(
            origin=settings.listing_url(pages + 1),
            reason=f"stopped after {pages} listing pages before reaching {since_iso}; "
            "raise --max-pages to go further back",
        )
    finally:
        if own:
            fetcher.close()


def _fetch_document(
    fetcher: PoliteFetcher, url: str, source: Any, since_iso: str, say: Progress
) -> Iterator[Record]:
    from verify.corpus.sources.html import decode_html, parse_html

    try:
        result = fetcher.get(url)
    except FetchError as exc:
        yield SourceError(exc.message, exc.hint, origin=url)
        return
    html = decode_html(result.content, url, result.charset)
    if isinstance(html, SourceError):
        yield html
        return
    record = parse_html(
        html,
        origin=url,
        url=result.final_url,
        publisher=source.publisher,
        kind=source.kind,
        language=source.language,
    )
    if isinstance(record, DocumentRecord):
        if record.date and record.date[:10] < since_iso:
            yield Skipped(origin=url, reason=f"published {record.date[:10]}, before {since_iso}")
            return
        record.meta["fetched_from_cache"] = result.from_cache
    say(f"{'cached' if result.from_cache else 'fetched'} {url}")
    yield record
