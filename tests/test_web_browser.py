"""The workbench in real headless Chromium: check a quote, see the verdict and the word diff,
check the Tasnim article, review one of its quotes, reload and find the decision kept.

Needs Debian's chromium at /usr/bin/chromium (make browser-deps) and the shared data; skips
cleanly otherwise. Saves test-artifacts/quote-view.png; with VERIFY_UPDATE_SCREENSHOT=1 (or
when it is missing) also docs/screenshot-quote-view.png for the README.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from verify import config

from .conftest import copy_home

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = config.PROJECT_ROOT
TASNIM = config.shared_root() / "articles" / "tasnim-2022-peskov-biden.txt"
DOCS_SHOT = ROOT / "docs" / "screenshot-quote-view.png"
MAX_DOCS_SHOT = 300_000


@pytest.fixture(scope="module")
def server(small_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser-deps)")
    pytest.importorskip("playwright.sync_api")
    from verify.web.app import create_app
    from verify.web.server import BackgroundServer

    home = copy_home(small_home, tmp_path_factory.mktemp("browser_home"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VERIFY_HOME", str(home))
        with BackgroundServer(create_app()) as srv:
            yield srv.url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(240_000)  # a shared, busy CI machine
        problems: list[str] = []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.problems = problems  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_check_a_quote_and_see_the_verdict_and_the_diff(server: str, page) -> None:
    page.goto(server + "/")
    page.fill(
        "textarea[name=quote]",
        "It is you who must give us guarantees, and you must do it within a year",
    )
    page.fill("input[name=speaker]", "Vladimir Putin")
    page.fill("input[name=date]", "2021-12-24")
    page.fill("input[name=outlet]", "Sputnik")
    page.click("text=Check quote")
    page.wait_for_url(re.compile(r".*/quotes/\d+$"))
    assert page.locator(".quote-head .badge").first.inner_text().strip() == "Altered wording"
    assert "within a year" in page.locator(".diff-quote .d-chg").all_inner_texts()
    assert any("immediately" in t for t in page.locator(".diff-source .d-chg").all_inner_texts())
    src = page.locator("dl.source a").first
    assert src.get_attribute("href") == "http://en.kremlin.ru/events/president/news/67438"
    # the provenance timeline: a primary mark, ringed as the earliest, and the report mark
    assert page.locator("svg.timeline .mark.earliest").count() == 1
    assert page.locator("svg.timeline .mark rect").count() >= 1
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "quote-view.png"), full_page=True)
    assert (artifacts / "quote-view.png").stat().st_size > 10_000
    if os.environ.get("VERIFY_UPDATE_SCREENSHOT") == "1" or not DOCS_SHOT.exists():
        DOCS_SHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS_SHOT), full_page=True)
        assert DOCS_SHOT.stat().st_size < MAX_DOCS_SHOT
    assert not page.problems, page.problems  # no script errors, no CSP violations


def test_check_the_tasnim_article_review_a_quote_and_reload(server: str, page) -> None:
    if not TASNIM.exists():
        pytest.skip(f"{TASNIM} not found (set VERIFY_SHARED)")
    page.goto(server + "/")
    page.fill("textarea[name=text]", TASNIM.read_text(encoding="utf-8"))
    page.fill(".article-form input[name=outlet]", "Tasnim")
    page.fill(".article-form input[name=date]", "2022-11-01")
    page.click("text=Check article")
    page.wait_for_url(re.compile(r".*/articles/\d+$"))
    marks = page.locator(".prose mark[data-item]")
    assert marks.count() >= 5
    # the quote is highlighted in place, with a verdict badge right after it
    target = page.locator(".prose mark", has_text="nothing about Ukraine without Ukraine").first
    assert "v-verbatim" in (target.get_attribute("class") or "")
    item = target.get_attribute("data-item")
    badge = page.locator(f".prose a.badge[data-item='{item}']")
    assert badge.inner_text().strip() == "Verbatim"
    badge.click()
    page.wait_for_url(re.compile(rf".*/quotes/{item}$"))
    assert page.locator(".appearances li").count() >= 2  # every appearance, earliest first
    dates = page.locator(".appearances .date").all_inner_texts()
    assert dates == sorted(dates)
    # review it: change the verdict, with a note and a name
    page.fill("input[name=reviewer]", "Ana Reviewer")
    page.select_option("select[name=verdict]", "minor")
    page.fill("textarea[name=note]", "Checked against the 17 October briefing.")
    page.click("text=Save the chosen verdict")
    page.wait_for_url(re.compile(rf".*/quotes/{item}\?saved=1.*"))
    page.reload()
    history = page.locator("table.history tbody tr")
    assert history.count() == 1
    row = history.first.inner_text()
    assert "Ana Reviewer" in row and "Minor wording differences" in row
    assert "Checked against the 17 October briefing." in row
    assert "✓ Minor wording differences" in page.locator(".quote-head").inner_text()
    assert page.locator("input[name=reviewer]").input_value() == "Ana Reviewer"  # remembered
    # the review queue lists it as reviewed, by that reviewer
    page.goto(page.url.split("/quotes/")[0] + "/reviews?reviewed=yes")
    assert "Ana Reviewer" in page.locator("table.queue").inner_text()
    assert not page.problems, page.problems
