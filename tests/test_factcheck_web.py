"""Prior fact checks in the workbench and in article reports, and the review → archive loop,
against a copy of the small real corpus (slow: the real embedding model)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .conftest import copy_home

QUOTE = {
    "quote": "nothing about Ukraine without Ukraine",
    "speaker": "White House",
    "date": "2022-11-01",
}
PRIOR = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checkers.example/2022/10/nothing-about-ukraine",
    "datePublished": "2022-10-27",
    "author": {"@type": "Organization", "name": "Checkers Desk"},
    "claimReviewed": "The White House said there will be nothing about Ukraine without Ukraine.",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Karine Jean-Pierre"}},
    "reviewRating": {"@type": "Rating", "alternateName": "Correct attribution"},
}


@pytest.fixture(scope="module")
def fc_home(small_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = copy_home(small_home, tmp_path_factory.mktemp("fc_web_home"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VERIFY_HOME", str(home))
        # the shipped threshold is tuned on the 10,375-check CLEF archive; in a two-check
        # archive the archive-relative features (ranks, z-scores) score matches lower
        mp.setenv("VERIFY_FACTCHECK_THRESHOLD", "0.5")
        from verify.factcheck.publish import publish_claimreviews

        report = publish_claimreviews(json.dumps([PRIOR]), origin="test")
        assert report.added == 1
        yield home


@pytest.mark.slow
def test_quote_view_shows_the_prior_fact_check_and_reviews_feed_the_archive(fc_home) -> None:
    from verify.factcheck.archive import Archive
    from verify.factcheck.match import lookup
    from verify.web.app import create_app

    with TestClient(create_app(), base_url="http://127.0.0.1") as client:
        r = client.post("/api/quote", json=QUOTE)
        assert r.status_code == 200
        item_id = int(r.headers["X-Review-Id"])
        page = client.get(f"/quotes/{item_id}").text
        assert "Fact-checked before" in page
        assert "Checkers Desk" in page and "Correct attribution" in page
        assert 'href="https://checkers.example/2022/10/nothing-about-ukraine"' in page
        # a reviewer confirms the verdict; publishing puts it into the archive
        d = client.post(f"/api/reviews/{item_id}", json={"reviewer": "ana", "verdict": "verbatim"})
        assert d.status_code == 200
        pub = client.post("/api/factchecks/publish", params={"publisher": "Our Desk"}, json={})
        assert pub.status_code == 200, pub.text
        assert pub.json()["added"] == 1
        again = client.post("/api/factchecks/publish", params={"publisher": "Our Desk"}, json={})
        assert again.json()["added"] == 0 and again.json()["unchanged"] == 1
    with Archive() as archive:
        ours = [fc for fc in archive.iter_current() if fc.publisher == "Our Desk"]
    assert len(ours) == 1 and ours[0].rating == "Verbatim" and ours[0].rating_normalised == "true"
    (found,) = lookup(["nothing about Ukraine without Ukraine"])
    assert {f["publisher"] for f in found} >= {"Our Desk"}


@pytest.mark.slow
def test_article_report_lists_prior_fact_checks(fc_home, shared_root) -> None:
    from verify.article.runner import ArticleRunner
    from verify.models import Article
    from verify.report.load import check_from_json
    from verify.report.markdown import render_markdown

    text = (
        "WASHINGTON, Nov 1 — The White House repeated its line on Tuesday. "
        '"Nothing about Ukraine without Ukraine," press secretary Karine Jean-Pierre said.'
    )
    report = ArticleRunner(store_article=False).check_article(
        Article(text=text, outlet="Test Wire", date="2022-11-01", url="https://wire.example/1")
    )
    found = [c for c in report.checks if c.fact_checks]
    assert found, [c.extracted.text for c in report.checks]
    fc = found[0].fact_checks[0]
    assert fc["publisher"] in {"Checkers Desk", "Our Desk"} and fc["rating"]
    urls = {f["publisher"]: f["url"] for c in found for f in c.fact_checks}
    assert urls.get("Checkers Desk", PRIOR["url"]) == PRIOR["url"]
    data = found[0].to_json()
    assert data["fact_checks"] == found[0].fact_checks
    assert check_from_json(data).fact_checks == found[0].fact_checks  # survives a reload
    md = render_markdown([report], "2022-11-02T00:00:00Z")
    assert "Fact-checked before:" in md
