"""The polite fetcher, against a local HTTP server on 127.0.0.1 (nothing leaves loopback).

The server serves the shared kremlin.ru fixture pages (read from their shared location),
listing pages in kremlin.ru's listing markup, a page that fails once with 503, a page that
always fails, and answers If-None-Match with 304. Time is a fake clock: the rate limit and
the backoff are checked without waiting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from verify import config
from verify.corpus.fetch import USER_AGENT, PoliteFetcher, _retry_after, fetch_source
from verify.corpus.sourcelist import FetchSettings, SourceConfig
from verify.corpus.sources import Skipped
from verify.errors import ConfigError, FetchError, SourceError
from verify.models import DocumentRecord

HTML = config.shared_root() / "fixtures" / "html" / "kremlin"
needs_html = pytest.mark.skipif(not HTML.exists(), reason="shared kremlin.ru HTML fixtures absent")

# Two listing pages, newest first, pointing at the shared fixture pages.
LISTING = {
    1: [("63953", "2020-08-27"), ("63560", "2020-06-24"), ("62366", "2019-12-19")],
    2: [("60795", "2019-06-20"), ("60707", "2019-06-07"), ("55882", "2017-10-19")],
}
LISTING_PATH = "/events/president/transcripts/page/"


def listing_page(items: list[tuple[str, str]]) -> bytes:
    """A listing page in kremlin.ru's markup (as in the shared page_10.html)."""
    entries = "".join(
        f'<div class="hentry h-entry hentry_event" data-id="{i}" role="listitem">'
        f'<h3 class="hentry__title"><a href="/events/president/news/{i}" rel="bookmark">'
        f'<span class="entry-title p-name">Item {i}</span><span class="hentry__meta">'
        f'<time class="published dt-published" datetime="{d}">{html_lib.escape(d)}</time>'
        "</span></a></h3></div>"
        for i, d in items
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"/>'
        '<meta property="og:site_name" content="President of Russia"/></head><body>'
        f'<div class="events">{entries}</div></body></html>'
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server API
        srv = self.server
        with srv.lock:
            srv.log.append((self.path, dict(self.headers)))
            srv.hits[self.path] = srv.hits.get(self.path, 0) + 1
            hits = srv.hits[self.path]
        path = self.path
        if path == "/robots.txt":
            if srv.robots is None:
                return self._send(404, b"no robots here")
            return self._send(200, srv.robots.encode(), "text/plain")
        if path.startswith(LISTING_PATH):
            page = int(path.rsplit("/", 1)[1])
            return self._send(200, listing_page(LISTING.get(page, [])))
        if path.startswith("/events/president/news/"):
            doc_id = path.rsplit("/", 1)[1]
            file = HTML / f"{doc_id}.html"
            if not file.exists():
                return self._send(404, b"not found")
            body = file.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": "Thu, 27 Aug 2020 12:20:00 GMT"}
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", headers=headers)
            return self._send(200, body, headers=headers)
        if path == "/flaky":
            if hits == 1:
                return self._send(503, b"busy", headers={"Retry-After": "2"})
            return self._send(200, b"<html><body><p>ok after retry</p></body></html>")
        if path == "/always-503":
            return self._send(503, b"busy")
        if path.startswith("/page/"):
            return self._send(200, f"<html><body>{path}</body></html>".encode())
        return self._send(404, b"not found")

    def _send(self, status, body, content_type="text/html; charset=utf-8", headers=None):
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[str, dict]] = []
        self.hits: dict[str, int] = {}
        self.robots: str | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.log]


class FakeClock:
    """Time that only moves when the fetcher sleeps."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server():
    srv = FixtureServer()
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make_fetcher(tmp_path, clock):
    """A factory of fetchers on the fake clock, caching under tmp_path; clients closed after."""
    clients: list[httpx.Client] = []

    def make(*, request_times=None, **kwargs):
        hooks = {}
        if request_times is not None:
            hooks = {"request": [lambda request: request_times.append(clock.now)]}
        client = httpx.Client(timeout=10, event_hooks=hooks)
        clients.append(client)
        kwargs.setdefault("respect_robots", False)
        return PoliteFetcher(
            client, cache_root=tmp_path / "cache", clock=clock, sleep=clock.sleep, **kwargs
        )

    yield make
    for client in clients:
        client.close()


def test_retries_503_then_succeeds_honouring_retry_after(server, clock, make_fetcher):
    fetcher = make_fetcher()
    result = fetcher.get(server.base + "/flaky")
    assert result.status == 200 and b"ok after retry" in result.content
    assert server.hits["/flaky"] == 2
    assert clock.sleeps[0] == 2.0  # the server's Retry-After, not the default backoff


def test_gives_up_with_exponential_backoff(server, clock, make_fetcher):
    times: list[float] = []
    fetcher = make_fetcher(request_times=times, max_retries=3, backoff=1.0)
    with pytest.raises(FetchError) as info:
        fetcher.get(server.base + "/always-503")
    assert "503" in info.value.message and "4 attempts" in info.value.message
    assert server.hits["/always-503"] == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert times == [0.0, 1.0, 3.0, 7.0]


def test_connection_errors_are_retried_then_reported(clock, make_fetcher):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port now
    fetcher = make_fetcher(max_retries=2, backoff=0.5, min_interval=0.0)
    with pytest.raises(FetchError) as info:
        fetcher.get(f"http://127.0.0.1:{port}/x")
    assert "3 attempts" in info.value.message
    assert clock.sleeps == [0.5, 1.0]


def test_rate_limit_spaces_requests_to_one_host(server, clock, make_fetcher):
    times: list[float] = []
    fetcher = make_fetcher(request_times=times, min_interval=1.5)
    for n in range(4):
        fetcher.get(f"{server.base}/page/{n}")
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(gap >= 1.5 for gap in gaps), gaps
    assert sum(clock.sleeps) == pytest.approx(4.5)


def test_rate_limit_does_not_wait_when_time_has_passed(server, clock, make_fetcher):
    fetcher = make_fetcher(min_interval=1.0)
    fetcher.get(f"{server.base}/page/a")
    clock.now += 5.0  # the caller spent time elsewhere
    fetcher.get(f"{server.base}/page/b")
    assert clock.sleeps == []


@needs_html
def test_conditional_request_reuses_the_cached_body(server, tmp_path, make_fetcher):
    fetcher = make_fetcher()
    url = server.base + "/events/president/news/63953"
    first = fetcher.get(url)
    second = fetcher.get(url)
    assert (first.status, first.from_cache) == (200, False)
    assert (second.status, second.from_cache) == (304, True)
    assert second.content == first.content == (HTML / "63953.html").read_bytes()
    (_, h1), (_, h2) = server.log
    assert "If-None-Match" not in h1
    assert h2["If-None-Match"].startswith('"')
    assert h2["If-Modified-Since"] == "Thu, 27 Aug 2020 12:20:00 GMT"
    assert h1["User-Agent"] == USER_AGENT
    body_path, meta_path = fetcher.cache_paths(url)
    port = server.server_address[1]
    assert body_path.parent == tmp_path / "cache" / "raw" / f"127.0.0.1_{port}"
    assert body_path.read_bytes() == first.content and meta_path.exists()
    assert not list(body_path.parent.glob("*.tmp"))  # atomic writes leave no temp files


@needs_html
def test_a_damaged_cache_is_not_trusted(server, make_fetcher):
    fetcher = make_fetcher()
    url = server.base + "/events/president/news/63953"
    fetcher.get(url)
    body_path, _ = fetcher.cache_paths(url)
    body_path.write_bytes(b"half a page")
    again = fetcher.get(url)
    assert again.from_cache is False and again.content == (HTML / "63953.html").read_bytes()
    assert "If-None-Match" not in server.log[-1][1]


def test_robots_txt_is_obeyed(server, make_fetcher):
    server.robots = "User-agent: *\nDisallow: /page/private\n"
    fetcher = make_fetcher(respect_robots=True)
    assert fetcher.get(server.base + "/page/public").status == 200
    with pytest.raises(FetchError) as info:
        fetcher.get(server.base + "/page/private")
    assert "robots.txt" in info.value.message
    assert server.paths() == ["/robots.txt", "/page/public"]


def test_http_errors_are_not_retried(server, make_fetcher):
    fetcher = make_fetcher()
    with pytest.raises(FetchError) as info:
        fetcher.get(server.base + "/missing")
    assert "404" in info.value.message
    assert server.hits["/missing"] == 1


def test_retry_after_header_forms():
    assert _retry_after("7") == 7.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    assert 100 < _retry_after(future) <= 120
    assert _retry_after("soon") is None and _retry_after(None) is None


# ---------------------------------------------------------------- fetch_source


def kremlin_source(base: str) -> SourceConfig:
    return SourceConfig(
        name="kremlin-test",
        location=config.corpora_root(),
        publisher="Kremlin",
        kind="primary",
        fetch=FetchSettings(base_url=base, listing=LISTING_PATH + "{page}"),
    )


@needs_html
def test_fetch_source_walks_listings_until_since(server, make_fetcher):
    fetcher = make_fetcher()
    messages: list[str] = []
    records = list(
        fetch_source(
            kremlin_source(server.base),
            dt.date(2019, 6, 10),
            fetcher=fetcher,
            progress=messages.append,
        )
    )
    assert all(isinstance(r, DocumentRecord) for r in records)
    assert [r.url for r in records] == [
        f"http://en.kremlin.ru/events/president/news/{i}"
        for i in ("63953", "63560", "62366", "60795")
    ]
    assert all(r.publisher == "Kremlin" and r.kind == "primary" for r in records)
    assert records[0].meta["fetched_url"] == server.base + "/events/president/news/63953"
    assert records[0].title == "Launching motor traffic on completed sections of Taurida motorway"
    # It stopped at the first item older than --since: no third listing page, no old pages.
    assert LISTING_PATH + "3" not in server.paths()
    assert "/events/president/news/60707" not in server.paths()
    assert "/events/president/news/55882" not in server.paths()
    assert messages[0] == "listing page 1: 3 links"


@needs_html
def test_fetch_source_second_run_uses_the_cache(server, make_fetcher):
    source = kremlin_source(server.base)
    list(fetch_source(source, "2020-06-01", fetcher=make_fetcher()))
    again = list(fetch_source(source, "2020-06-01", fetcher=make_fetcher()))
    assert [r.meta["fetched_from_cache"] for r in again] == [True, True]


@needs_html
def test_fetch_source_max_pages_reports_where_it_stopped(server, make_fetcher):
    records = list(
        fetch_source(
            kremlin_source(server.base),
            "2000-01-01",
            max_pages=1,
            fetcher=make_fetcher(),
        )
    )
    docs = [r for r in records if isinstance(r, DocumentRecord)]
    assert len(docs) == 3
    assert isinstance(records[-1], Skipped) and "max-pages" in records[-1].reason


def test_fetch_source_listing_failure_is_a_source_error(server, make_fetcher):
    source = kremlin_source(server.base)
    source.fetch.listing = "/nowhere/{page}"
    (err,) = list(fetch_source(source, "2020-01-01", fetcher=make_fetcher()))
    assert isinstance(err, SourceError)
    assert err.origin == server.base + "/nowhere/1" and "404" in err.message


def test_fetch_source_without_fetch_settings_is_a_config_error():
    src = SourceConfig(name="plain", location=config.corpora_root())
    with pytest.raises(ConfigError):
        fetch_source(src, "2022-01-01")
    with pytest.raises(ConfigError):
        fetch_source(kremlin_source("http://127.0.0.1:9"), "yesterday")


@needs_html
def test_corpus_fetch_command_adds_fetched_pages_to_the_store(server, tmp_path, monkeypatch):
    """`verify corpus fetch SOURCE --since DATE` end to end, against loopback only."""
    import json

    from typer.testing import CliRunner

    from verify.cli import app

    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[[source]]\n"
        'name = "kremlin-test"\npublisher = "Kremlin"\nkind = "primary"\nformat = "html"\n'
        f'location = "{tmp_path}"\n'
        f'fetch = {{ base_url = "{server.base}", listing = "{LISTING_PATH}{{page}}" }}\n'
    )
    monkeypatch.setenv("VERIFY_SOURCES", str(sources))
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    r = runner.invoke(
        app, ["corpus", "fetch", "kremlin-test", "--since", "2019-06-10", "--delay", "0", "--json"]
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout[r.stdout.index("{") :])["added"] == 4
    r = runner.invoke(app, ["corpus", "list", "--json"])
    urls = {json.loads(line)["url"] for line in r.stdout.splitlines()}
    assert "http://en.kremlin.ru/events/president/news/63953" in urls
    r = runner.invoke(app, ["corpus", "fetch", "kremlin-test", "--since", "10/06/2019"])
    assert r.exit_code == 1 and "YYYY-MM-DD" in r.output
