"""The workbench's JSON API and pages through the ASGI test client (and, for concurrency and
the load test, a real uvicorn server on loopback), against a copy of the small real corpus
(those tests are marked slow: building it embeds passages with the real model)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from verify import config
from verify.errors import ConfigError
from verify.models import QuoteResult

from .conftest import copy_home

VERBATIM = {
    "quote": "nothing about Ukraine without Ukraine",
    "speaker": "White House",
    "date": "2022-11-01",
}
ALTERED = {
    "quote": "It is you who must give us guarantees, and you must do it within a year",
    "speaker": "Vladimir Putin",
    "date": "2021-12-24",
}
TASNIM = config.shared_root() / "articles" / "tasnim-2022-peskov-biden.txt"
CONTRACT_KEYS = set(QuoteResult(quote="q", verdict="verbatim", score=1, explanation="").to_json())


@pytest.fixture(scope="module")
def web_home(small_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = copy_home(small_home, tmp_path_factory.mktemp("web_home"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VERIFY_HOME", str(home))
        yield home


@pytest.fixture(scope="module")
def client(web_home: Path) -> Iterator[TestClient]:
    from verify.web.app import create_app

    with TestClient(create_app(), base_url="http://127.0.0.1") as c:
        yield c


def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert m, "no CSRF token in the page"
    return m.group(1)


# ---------------------------------------------------------------------- checking quotes


@pytest.mark.slow
def test_quote_answers_the_cli_json_contract_and_becomes_a_review_item(client) -> None:
    r = client.post("/api/quote", json=VERBATIM)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == CONTRACT_KEYS
    assert body["verdict"] == "verbatim"
    assert body["source"]["publisher"] == "White House"
    dates = [a["date"] for a in body["appearances"]]
    assert dates == sorted(dates) and len(dates) >= 2  # earliest first
    item_id = int(r.headers["X-Review-Id"])
    assert r.headers["Location"] == f"/api/reviews/{item_id}"
    item = client.get(f"/api/reviews/{item_id}").json()
    assert item["reviewed"] is False and item["verdict"] == "verbatim"
    assert item["result"] == body
    assert item["speaker"] == "White House" and item["claimed_date"] == "2022-11-01"


@pytest.mark.slow
def test_same_result_as_the_library(client, web_home) -> None:
    from verify.check.pipeline import Checker

    body = client.post("/api/quote", json=ALTERED).json()
    expected = Checker().check_quote(**ALTERED).to_json()
    assert body == expected
    assert body["verdict"] == "altered"
    assert any(d["op"] == "replace" and not d["note"] for d in body["differences"])


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "JSON"),
        ({"json": {"speaker": "Putin"}}, 422, "quote"),
        ({"json": {"quote": 42}}, 422, "quote"),
        ({"json": {"quote": "word " * 500}}, 400, "2,000"),
        ({"json": {"quote": "   "}}, 400, "empty"),
        ({"json": {"quote": "..."}}, 400, "no words"),
        ({"json": {"quote": "hello there", "date": "yesterday"}}, 400, "YYYY-MM-DD"),
        ({"data": {"quote": "hello"}}, 415, "JSON"),
        ({"content": b"x" * 1_100_000, "headers": {"content-type": "application/json"}}, 413, ""),
    ],
)
@pytest.mark.slow
def test_malformed_requests_get_a_clear_json_4xx(client, kwargs, status, needle) -> None:
    r = client.post("/api/quote", **kwargs)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "hint"}
    assert needle in body["error"] + (body["hint"] or "")
    assert "Traceback" not in r.text


@pytest.mark.slow
def test_unknown_things_are_404_json(client) -> None:
    for path in ("/api/reviews/999999", "/api/articles/999999", "/api/nothing"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "error" in r.json()
    assert client.get("/api/reviews/abc").status_code == 422


# ---------------------------------------------------------------------- articles


@pytest.fixture(scope="module")
def tasnim(client, shared_root) -> dict:
    r = client.post(
        "/api/article",
        json={"text": TASNIM.read_text(encoding="utf-8"), "outlet": "Tasnim", "date": "2022-11-01"},
    )
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.slow
def test_article_is_checked_stored_and_queued(client, tasnim, web_home) -> None:
    from verify.corpus.store import Store

    text = TASNIM.read_text(encoding="utf-8")
    checks = tasnim["checks"]
    assert checks
    for c in checks:  # offsets point into the article's text
        assert 0 <= c["start"] < c["end"] <= len(text)
    by_quote = {c["quote"]: c for c in checks}
    line = by_quote["nothing about Ukraine without Ukraine"]
    assert line["verdict"] == "verbatim"
    assert "nothing about Ukraine without Ukraine" in text[line["start"] : line["end"]]
    peskov = [c for c in checks if c.get("via") == "Sputnik"]
    assert peskov and all(c["verdict"] == "not_found" for c in peskov)
    # the article is kept as a secondary document
    with Store(web_home / "store.sqlite", create=False) as store:
        doc = store.get_document(tasnim["article"]["doc_id"])
    assert doc.kind == "secondary" and doc.publisher == "Tasnim"
    # every check is a pending review item of that article
    items = client.get("/api/reviews", params={"article": tasnim["article"]["id"]}).json()
    assert items["total"] == len(checks)
    assert [i["id"] for i in items["items"]] == [c["review_id"] for c in checks]
    assert [(i["start"], i["end"]) for i in items["items"]] == [
        (c["start"], c["end"]) for c in checks
    ]
    assert {i["article_outlet"] for i in items["items"]} == {"Tasnim"}


@pytest.mark.slow
def test_article_view_highlights_each_quote_in_place(client, tasnim) -> None:
    page = client.get(f"/articles/{tasnim['article']['id']}").text
    text = TASNIM.read_text(encoding="utf-8")
    for c in tasnim["checks"]:
        assert f'href="/quotes/{c["review_id"]}"' in page  # a verdict badge beside each
    marks = re.findall(r'<mark class="([^"]+)"[^>]*data-item="(\d+)">(.*?)</mark>', page, re.S)
    assert marks
    by_id = {c["review_id"]: c for c in tasnim["checks"]}
    for cls, item, inner in marks:
        c = by_id[int(item)]
        assert f"v-{c['verdict']}" in cls
        fragment = inner.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
        assert fragment in text[c["start"] : c["end"]]


@pytest.mark.slow
def test_article_from_html_and_bad_article_requests(client) -> None:
    para = (
        "The White House press secretary told reporters on Tuesday that there would be "
        '"nothing about Ukraine without Ukraine" in any talks, repeating a line used since '
        "the spring. Officials declined to say more about the timing of any meeting."
    )
    html = f"<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>{para}</p>"
    html += f"<p>{para.replace('Tuesday', 'Monday')}</p></article></body></html>"
    r = client.post("/api/article", json={"html": html, "outlet": "Example", "date": "2022-11-02"})
    assert r.status_code == 200, r.text
    assert any(c["verdict"] == "verbatim" for c in r.json()["checks"])
    for body in ({}, {"text": "a", "html": "<p>b</p>"}, {"text": "   "}):
        r = client.post("/api/article", json=body)
        assert r.status_code == 400 and "text" in r.json()["error"]


# ---------------------------------------------------------------------- reviews


@pytest.mark.slow
def test_review_decisions_via_the_api(client) -> None:
    item_id = int(client.post("/api/quote", json=ALTERED).headers["X-Review-Id"])
    r = client.post(f"/api/reviews/{item_id}", json={"reviewer": "ana"})
    assert r.status_code == 200
    assert r.json()["human_verdict"] == "altered" and r.json()["decision"]["action"] == "accept"
    r = client.post(
        f"/api/reviews/{item_id}",
        json={"reviewer": "ben", "verdict": "composite", "note": "two answers joined"},
    )
    item = r.json()
    assert item["human_verdict"] == "composite" and item["verdict"] == "altered"
    assert [h["reviewer"] for h in item["history"]] == ["ana", "ben"]
    bad = client.post(f"/api/reviews/{item_id}", json={"reviewer": "ben", "verdict": "false"})
    assert bad.status_code == 400 and "verdict" in bad.json()["error"].lower()
    missing = client.post(f"/api/reviews/{item_id}", json={"verdict": "verbatim"})
    assert missing.status_code == 422
    assert client.post("/api/reviews/999999", json={"reviewer": "a"}).status_code == 404
    reviewed = client.get("/api/reviews", params={"reviewed": "yes", "limit": 500}).json()
    assert item_id in {i["id"] for i in reviewed["items"]}
    pending = client.get("/api/reviews", params={"reviewed": "no", "limit": 500}).json()
    assert item_id not in {i["id"] for i in pending["items"]}
    comp = client.get("/api/reviews", params={"verdict": "composite"}).json()
    assert [i["id"] for i in comp["items"]] == [item_id]
    assert client.get("/api/reviews", params={"verdict": "bogus"}).status_code == 400


@pytest.mark.slow
def test_claimreview_export_uses_the_human_verdict(client, tasnim) -> None:
    check = next(c for c in tasnim["checks"] if c["verdict"] == "verbatim")
    client.post(
        f"/api/reviews/{check['review_id']}",
        json={"reviewer": "ana", "verdict": "minor", "note": "capitalisation"},
    )
    r = client.get("/api/export/claimreview", params={"reviewed": "yes"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    data = json.loads(r.text)
    mine = [d for d in data if d["claimReviewed"] == check["quote"]]
    assert mine and mine[0]["reviewRating"]["alternateName"] == "Minor wording differences"
    assert all(d["@type"] == "ClaimReview" for d in data)


@pytest.mark.slow
def test_concurrent_reviewers_over_http_lose_nothing(web_home) -> None:
    from verify.web.app import create_app
    from verify.web.server import BackgroundServer

    with BackgroundServer(create_app()) as server:
        ids = [
            int(httpx.post(server.url + "/api/quote", json=q, timeout=120).headers["X-Review-Id"])
            for q in (VERBATIM, ALTERED)
        ]
        before = sum(len(httpx.get(f"{server.url}/api/reviews/{i}").json()["history"]) for i in ids)
        failures: list[str] = []

        def reviewer(n: int) -> None:
            with httpx.Client(base_url=server.url, timeout=60) as c:
                for k in range(20):
                    r = c.post(
                        f"/api/reviews/{ids[(n + k) % 2]}",
                        json={"reviewer": f"r{n}", "note": f"{n}:{k}"},
                    )
                    if r.status_code != 200:
                        failures.append(r.text)

        threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures
        history = [
            h for i in ids for h in httpx.get(f"{server.url}/api/reviews/{i}").json()["history"]
        ]
    assert len(history) - before == 160
    assert {h["note"] for h in history} >= {f"{n}:{k}" for n in range(8) for k in range(20)}


# ---------------------------------------------------------------------- pages and safety


@pytest.mark.slow
def test_quote_form_checks_and_shows_the_quote_view(client) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "Check a quote" in home.text
    token = csrf_of(home.text)
    r = client.post(
        "/check",
        data={**ALTERED, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/quotes/")
    page = client.get(r.headers["location"]).text
    assert "Altered wording" in page
    assert 'class="d-chg"' in page  # the changed words are marked on both sides
    assert "within a year" in page and "immediately, right now" in page
    assert "<svg" in page and "Primary sources" in page  # the provenance timeline
    assert "http://en.kremlin.ru/events/president/news/67438" in page  # the source link


@pytest.mark.slow
def test_forms_need_their_csrf_token(client) -> None:
    r = client.post("/check", data={"quote": "hello world"}, follow_redirects=False)
    assert r.status_code == 403
    fresh = TestClient(client.app, base_url="http://127.0.0.1")  # a different cookie jar
    token = csrf_of(client.get("/").text)
    r = fresh.post("/check", data={"quote": "hello world", "csrf_token": token})
    assert r.status_code == 403  # a token tied to someone else's cookie does not work


@pytest.mark.slow
def test_cross_site_and_foreign_host_requests_are_refused(client) -> None:
    r = client.post("/api/quote", json=VERBATIM, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/quote", json=VERBATIM, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    r = client.get("/", headers={"Host": "attacker.example"})  # DNS rebinding
    assert r.status_code == 421
    ok = client.post("/api/quote", json=VERBATIM, headers={"Origin": "http://127.0.0.1"})
    assert ok.status_code == 200


@pytest.mark.slow
def test_text_from_quotes_and_articles_is_escaped(client) -> None:
    evil = "<script>alert('x')</script> we <b>never</b> said that <img src=x onerror=alert(1)>"
    item_id = client.post("/api/quote", json={"quote": evil}).headers["X-Review-Id"]
    page = client.get(f"/quotes/{item_id}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page
    art = client.post(
        "/api/article",
        json={
            "text": 'A headline\n\nThe minister said: "<script>alert(1)</script> we are '
            'ready to talk about anything at all, any time." He left.\n'
        },
    ).json()
    page = client.get(f"/articles/{art['article']['id']}").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


@pytest.mark.slow
def test_static_files_come_from_a_fixed_list(client) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    for path in ("/static/../app.py", "/static/%2e%2e%2fapp.py", "/static/..%2Fapp.py"):
        assert client.get(path).status_code == 404, path
    assert "cdn" not in client.get("/").text.lower()


@pytest.mark.slow
def test_openapi_and_api_overview(client) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/quote",
        "/api/article",
        "/api/reviews",
        "/api/reviews/{item_id}",
        "/api/export/claimreview",
    ):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/reviews/{item_id}"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN
    assert "/api/quote" in client.get("/api").text


@pytest.mark.slow
def test_review_queue_page_filters(client) -> None:
    page = client.get("/reviews", params={"verdict": "not_found"}).text
    assert "Review queue" in page
    assert "Altered wording</span>" not in page.split("<tbody>")[-1]
    assert client.get("/reviews", params={"reviewed": "maybe"}).status_code == 400


# ---------------------------------------------------------------------- write token


@pytest.mark.slow
def test_remote_mode_needs_the_token_for_writes_only(web_home) -> None:
    from verify.web.app import create_app

    secret = "s3cret-token-for-tests-0123456789"
    app = create_app(token=secret, remote=True, warm=False)
    with TestClient(app, base_url="http://workbench.example") as c:
        assert c.post("/api/quote", json=VERBATIM).status_code == 401
        bad = {"Authorization": "Bearer wrong"}
        assert c.post("/api/quote", json=VERBATIM, headers=bad).status_code == 401
        ok = {"Authorization": f"Bearer {secret}"}
        r = c.post("/api/quote", json=VERBATIM, headers=ok)
        assert r.status_code == 200
        assert c.get(f"/api/reviews/{r.headers['X-Review-Id']}").status_code == 200  # reads open
        token = csrf_of(c.get("/").text)
        form = {**VERBATIM, "csrf_token": token}
        assert c.post("/check", data=form, follow_redirects=False).status_code == 401
        r = c.post("/check", data={**form, "token": secret}, follow_redirects=False)
        assert r.status_code == 303
        # logging in once sets a cookie that stands in for the token on forms
        r = c.post("/login", data={"csrf_token": token, "token": secret}, follow_redirects=False)
        assert r.status_code == 303
        assert c.post("/check", data=form, follow_redirects=False).status_code == 303


def test_binding_rules() -> None:
    from verify.web.server import check_binding

    assert check_binding("127.0.0.1", False, None) is None
    assert check_binding("::1", False, None) is None
    with pytest.raises(ConfigError) as err:
        check_binding("0.0.0.0", False, None)
    assert "--allow-remote" in (err.value.hint or "")
    with pytest.raises(ConfigError):
        check_binding("0.0.0.0", True, "short")
    assert check_binding("0.0.0.0", True, "a-long-enough-token-123") == "a-long-enough-token-123"
    with pytest.raises(Exception, match="token"):
        from verify.web.app import create_app

        create_app(remote=True, token=None)


# ---------------------------------------------------------------------- no corpus


def test_no_corpus_yet_shows_a_clear_message(tmp_path, monkeypatch) -> None:
    from verify.web.app import create_app

    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "empty"))
    with TestClient(create_app(), base_url="http://localhost") as c:
        home = c.get("/")
        assert home.status_code == 200
        assert "No corpus yet. Run: make demo" in home.text
        page = c.get("/reviews")
        assert page.status_code == 503 and "make demo" in page.text
        r = c.post("/api/quote", json=VERBATIM)
        assert r.status_code == 503 and r.json()["error"] == "No corpus yet."
        assert c.get("/api/status").json()["corpus"] is False
    assert not (tmp_path / "empty" / "store.sqlite").exists()  # nothing was created


# ---------------------------------------------------------------------- pool and load test


@pytest.mark.slow
def test_checker_pool_gives_the_same_answers_concurrently(web_home) -> None:
    from verify.web.app import create_app
    from verify.web.server import BackgroundServer

    quotes = [VERBATIM, ALTERED, {"quote": "The moon is made of cheese and ham", "date": None}]
    with BackgroundServer(create_app(workers=2)) as server:
        serial = [httpx.post(server.url + "/api/quote", json=q, timeout=120).json() for q in quotes]
        results: dict[int, dict] = {}

        def run(i: int) -> None:
            results[i] = httpx.post(
                server.url + "/api/quote", json=quotes[i % 3], timeout=120
            ).json()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(9)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    for i, body in results.items():
        assert body == serial[i % 3]


@pytest.mark.slow
def test_loadtest_reports_latency_and_errors(web_home) -> None:
    from tools.loadtest import default_quotes, run_loadtest
    from verify.web.app import create_app
    from verify.web.server import BackgroundServer

    mix = default_quotes(web_home / "store.sqlite")
    kinds = {q["kind"] for q in mix}
    assert {"verbatim", "altered", "invented"} <= kinds
    with BackgroundServer(create_app(review_db=web_home / "loadtest-reviews.sqlite")) as server:
        out = run_loadtest(server.url, mix, clients=2, seconds=2, max_requests=40)
    assert 0 < out["requests"] <= 40
    assert out["errors"] == 0
    assert 0 < out["p50_ms"] <= out["p95_ms"] <= out["max_ms"]
    assert sum(out["verdicts"].values()) == out["requests"]
    assert sum(k["requests"] for k in out["by_kind"].values()) == out["requests"]
    assert sum(k["requests"] for k in out["by_set"].values()) == out["requests"]
    # every quote of the mix is different, and none is sent twice before all were sent
    assert len({q["quote"] for q in mix}) == len(mix)
    assert out["repeated"] == 0 and out["distinct_quotes"] == out["requests"]


@pytest.mark.slow
def test_check_processes_answer_like_the_server_process(web_home) -> None:
    """With check processes (how `verify serve` runs on a machine with several cores), a
    quote gets the same answer as in the server process, bad input the same 4xx error, and
    an article is checked and queued."""
    from verify.web.app import create_app
    from verify.web.server import BackgroundServer

    with TestClient(create_app(), base_url="http://127.0.0.1") as c:
        expected = c.post("/api/quote", json=ALTERED).json()
    reviews = web_home / "processes-reviews.sqlite"
    with BackgroundServer(create_app(processes=1, review_db=reviews)) as server:
        assert httpx.get(server.url + "/api/status", timeout=30).json()["index"] is True
        got = httpx.post(server.url + "/api/quote", json=ALTERED, timeout=120)
        bad = httpx.post(server.url + "/api/quote", json={"quote": "  "}, timeout=120)
        article = httpx.post(
            server.url + "/api/article",
            json={"text": 'A spokesman said "nothing about Ukraine without Ukraine" again.'},
            timeout=300,
        )
    assert got.status_code == 200 and got.json() == expected
    assert bad.status_code == 400 and bad.json()["hint"]
    assert article.status_code == 200, article.text
    checks = article.json()["checks"]
    assert checks and checks[0]["verdict"] == "verbatim"
    assert all(c["review_id"] for c in checks)


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (Linux /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_check_processes_end_with_the_server(web_home, tmp_path) -> None:
    """Stopping the server ends its check processes, and so does killing it outright: no
    process is left holding a model and an index."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    from verify.web.workbench import Workbench

    wb = Workbench(processes=2, review_db=tmp_path / "r.sqlite")
    wb.warm_up()
    pids = {p.pid for p in wb._executor._processes.values()}
    assert len(pids) == 2
    wb.close()
    assert not (pids & _children(os.getpid()))

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, VERIFY_REVIEW_DB=str(tmp_path / "r2.sqlite"))
    server = subprocess.Popen(
        [sys.executable, "-m", "verify", "serve", "--port", str(port), "--processes", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/status").is_success:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
        time.sleep(0.5)
    kids = set()
    deadline = time.monotonic() + 120
    while not kids and time.monotonic() < deadline:  # the check process (and a tracker)
        kids = {k for k in _children(server.pid) if b"spawn_main" in _cmdline(k)}
        time.sleep(0.5)
    assert kids
    server.send_signal(signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{k}").exists() and _cmdline(k) for k in kids):
        assert time.monotonic() < deadline, "a check process outlived its server"
        time.sleep(0.2)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_errors_travel_between_processes_as_they_are() -> None:
    """A VerifyError raised in a check process reaches the server with its class, message,
    hint, HTTP status and extra fields (pickled), whatever its constructor takes."""
    import pickle

    from verify.errors import SourceError
    from verify.web.workbench import CheckProcessError, NoCorpusError

    for err in (
        NoCorpusError(),
        CheckProcessError(),
        SourceError("Row 3 has no text.", "Map a text column.", origin="a.csv"),
    ):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err)
        assert (back.message, back.hint, back.http_status) == (
            err.message,
            err.hint,
            err.http_status,
        )
        assert str(back) == str(err)
    assert pickle.loads(pickle.dumps(SourceError("m", origin="a.csv"))).origin == "a.csv"


def test_review_file_and_vector_cache_come_from_the_environment(monkeypatch, tmp_path) -> None:
    """`verify serve` honours VERIFY_REVIEW_DB and VERIFY_WEB_EMBED_CACHE (the load test
    relies on them so that its review items do not land in the real queue)."""
    from verify.web.workbench import DEFAULT_EMBED_CACHE, Workbench

    monkeypatch.delenv("VERIFY_REVIEW_DB", raising=False)
    monkeypatch.delenv("VERIFY_WEB_EMBED_CACHE", raising=False)
    wb = Workbench()
    assert wb._review_db is None and wb.embed_cache == DEFAULT_EMBED_CACHE
    monkeypatch.setenv("VERIFY_REVIEW_DB", str(tmp_path / "r.sqlite"))
    monkeypatch.setenv("VERIFY_WEB_EMBED_CACHE", "0")
    wb = Workbench()
    assert wb._review_db == tmp_path / "r.sqlite" and wb.embed_cache == 0


def test_default_check_processes(monkeypatch) -> None:
    from verify.web import server

    monkeypatch.setenv("VERIFY_WEB_PROCESSES", "3")
    assert server.default_processes() == 3
    monkeypatch.delenv("VERIFY_WEB_PROCESSES")
    monkeypatch.setattr(server.os, "cpu_count", lambda: 1)
    assert server.default_processes() == 0
    monkeypatch.setattr(server.os, "cpu_count", lambda: 16)
    assert server.default_processes() == 4


# ---------------------------------------------------------------------- view models (fast)


def test_article_segments_cover_the_text_once_and_nest_quotes() -> None:
    from verify.web.views import article_segments

    text = 'He said there would be "nothing about it" today. Bye.'
    outer_s = text.index("there")
    inner_s = text.index("nothing")
    items = [
        {
            "id": 1,
            "start": outer_s,
            "end": text.index(" today"),
            "kind": "claim",
            "verdict": "altered",
        },
        {
            "id": 2,
            "start": inner_s,
            "end": inner_s + len("nothing about it"),
            "kind": "quote",
            "verdict": "verbatim",
            "reviewed": True,
        },
        {"id": 3, "start": 40, "end": 10_000, "kind": "quote", "verdict": "not_found"},
        {"id": 4, "start": 5, "end": 5, "kind": "quote", "verdict": "verbatim"},  # empty
    ]
    segs = article_segments(text, items)
    assert "".join(s["text"] for s in segs) == text  # nothing lost, nothing doubled
    inner = next(s for s in segs if s["text"] == "nothing about it")
    assert inner["mark"]["item"] == 2 and "nested" in inner["mark"]["cls"]  # innermost wins
    assert "v-verbatim" in inner["mark"]["cls"]
    assert [b["item"] for b in inner["badges"]] == [2]
    assert inner["badges"][0]["reviewed"] is True
    ends = [b["item"] for s in segs for b in s["badges"]]
    assert sorted(ends) == [1, 2, 3]  # one badge per non-empty span, clipped ones included
    assert segs[-1]["badges"][0]["item"] == 3  # clipped to the end of the text


def test_diff_columns_put_each_change_on_its_side() -> None:
    from verify.web.views import diff_columns

    diff = diff_columns(
        [
            {"op": "equal", "quote": "we will", "source": "we will"},
            {"op": "insert", "quote": "never", "source": ""},
            {"op": "replace", "quote": "leave", "source": "go"},
            {"op": "replace", "quote": "Kiev", "source": "Kyiv", "note": "spelling"},
            {"op": "delete", "quote": "", "source": "now"},
            {"op": "elide", "quote": "...", "source": "and so on"},
        ]
    )
    q = {p["text"]: p["cls"] for p in diff["quote"]}
    s = {p["text"]: p["cls"] for p in diff["source"]}
    assert q["never"] == "d-ins" and "never" not in s
    assert s["now"] == "d-del" and "now" not in q
    assert q["leave"] == s["go"] == "d-chg"
    assert q["Kiev"] == s["Kyiv"] == "d-harmless"
    assert s["and so on"] == "d-elided"
    assert diff["counts"] == {"changed": 1, "harmless": 1, "inserted": 1, "deleted": 1, "elided": 1}
    assert diff_columns([]) is None


def test_timeline_lanes_time_order_and_earliest() -> None:
    from verify.web.views import timeline

    apps = [
        {"date": "2022-11-10", "kind": "primary", "verdict": "verbatim", "url": "https://a/3"},
        {"date": "2022-10-17", "kind": "primary", "verdict": "minor", "url": "https://a/1"},
        {
            "date": "2022-10-30T10:00:00Z",
            "kind": "secondary",
            "verdict": "altered",
            "url": "javascript:alert(1)",
        },
        {"date": None, "kind": "primary", "verdict": "verbatim"},
    ]
    t = timeline(
        apps,
        reported="2022-11-01",
        earliest=apps[1],
        reports=[{"date": "2022-11-01", "verdict": "altered", "label": "this article"}],
    )
    marks = t["marks"]
    primary_y, media_y = (lane["y"] for lane in t["lanes"])
    x = {m["tooltip"][:10]: m for m in marks}
    assert x["2022-10-17"]["x"] < x["2022-10-30"]["x"] < x["2022-11-10"]["x"]  # time order
    assert x["2022-10-17"]["earliest"] and sum(m["earliest"] for m in marks) == 1
    assert x["2022-10-17"]["y"] == primary_y and x["2022-10-30"]["y"] == media_y
    assert x["2022-10-30"]["url"] is None  # only http(s) links
    assert x["2022-10-30"]["cls"] == "v-altered" and x["2022-11-10"]["cls"] == "v-verbatim"
    assert t["undated_x"] is not None and x["undated · "]["x"] == t["undated_x"]
    report = next(m for m in marks if m["square"])
    assert report["y"] == media_y and report["label"] == "this article"
    assert x["2022-10-30"]["x"] < t["reported"]["x"] < x["2022-11-10"]["x"]
    assert timeline([]) is None


def test_server_processes_share_the_form_secret(monkeypatch):
    """With VERIFY_WEB_SECRET, a form rendered by one server is accepted by another."""
    from verify.web.security import Guard

    monkeypatch.setenv("VERIFY_WEB_SECRET", "ab" * 32)
    a, b = Guard(), Guard()
    cookie = a.new_cookie()
    assert a.csrf_for(cookie) == b.csrf_for(cookie)
    monkeypatch.delenv("VERIFY_WEB_SECRET")
    assert Guard().csrf_for(cookie) != a.csrf_for(cookie)
