"""Matching claims against a small archive; `verify factcheck` and `verify claim` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from verify.cli import VerifyGroup
from verify.cli import factcheck as factcheck_cli
from verify.corpus.embed import FakeEmbedder
from verify.factcheck.features import FEATURES, QueryInfo, candidate_features, tokens
from verify.factcheck.match import BM25, Matcher, Reranker, load_reranker, lookup, open_matcher
from verify.factcheck.models import FactCheck

FIX = Path(__file__).parent / "fixtures" / "factcheck"
runner = CliRunner()
MAP = "claim=statement,source_id=check_id,rating=verdict,publisher=checker,url=link,date=published"


def _app() -> typer.Typer:
    app = typer.Typer(cls=VerifyGroup)
    factcheck_cli.register(app)
    return app


@pytest.fixture
def fake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path))
    monkeypatch.setenv("VERIFY_EMBED_BACKEND", "fake")
    # the shipped threshold is tuned on the 10,375-check CLEF archive and the real model;
    # a five-check archive with the hashing embedder scores exact restatements about 0.85
    monkeypatch.setenv("VERIFY_FACTCHECK_THRESHOLD", "0.5")
    return tmp_path


ARCHIVE = [
    FactCheck(
        "s1",
        "Wind turbines kill more birds every year than domestic cats do.",
        "False",
        "false",
        "PolitiFact",
        "https://p.example/1",
        "2023-01-12",
    ),
    FactCheck(
        "s2",
        "The Great Wall of China is visible from the Moon with the naked eye.",
        "False",
        "false",
        "Table Checks",
        "https://t.example/2",
        "2020-02-11",
    ),
    FactCheck(
        "s3",
        "Bill Gates said vaccines will reduce the world population by 15 percent.",
        "Miscaptioned",
        "mostly false",
        "Snopes",
        "https://s.example/3",
        "2020-05-01",
        title="Did Bill Gates Say Vaccines Will Reduce Population?",
    ),
    FactCheck(
        "s4",
        "Drinking hot water every 15 minutes kills the coronavirus.",
        "False",
        "false",
        "Desk Check",
        "https://d.example/4",
        "2020-03-30",
    ),
    FactCheck(
        "s5",
        "Eating carrots improves night vision dramatically.",
        "Mostly False",
        "mostly false",
        "Table Checks",
        "https://t.example/5",
        "2021-04-01",
    ),
]


def test_bm25_prefers_the_document_with_the_rare_shared_words():
    bm = BM25.build([tokens(c.claim) for c in ARCHIVE])
    scores = bm.scores(tokens("turbines are killing birds"))
    assert int(np.argmax(scores)) == 0 and scores[1] == 0


def test_features_see_numbers_names_and_the_author():
    q = QueryInfo.of("Gates wants vaccines to cut population 15 percent", author="Bill Gates")
    row = candidate_features(
        q,
        ARCHIVE[2].claim,
        ARCHIVE[2].title,
        None,
        cos=0.8,
        cos_claim=0.8,
        cos_title=0.8,
        cos_claim_rank=1,
        cos_title_rank=1,
        cos_rank=1,
        cos_best=0.8,
        cos_mean=0.3,
        cos_std=0.1,
        bm25=10.0,
        bm25_rank=1,
        bm25_best=10.0,
    )
    f = dict(zip(FEATURES, row, strict=True))
    assert f["numbers_shared"] == 1 and f["author_named"] == 1.0 and f["bm25_ratio"] == 1.0
    assert f["names_covered"] > 0 and f["cos_gap"] == 0


def test_reranker_file_matches_the_features():
    r = load_reranker()
    assert r.kind == "gbt" and 0 < r.threshold < 1
    probs = r.predict(np.zeros((3, len(FEATURES)), dtype=np.float32))
    assert probs.shape == (3,) and np.all((probs > 0) & (probs < 1))
    with pytest.raises(Exception, match="other features"):
        Reranker({"kind": "logistic", "features": ["cos"]})


def test_matching_a_small_archive_with_a_tweet(fake_env):
    m = Matcher.from_checks(ARCHIVE, FakeEmbedder())
    assert m.reranker.threshold == 0.5
    tweet = (
        "Wind turbines kill more birds every year than domestic cats do!!! #windpower "
        "pic.twitter.com/xyz — Energy Truths (@energytruths) March 2, 2023"
    )
    (res,) = m.match([tweet], ids=["t1"], top_k=3)
    assert res.id == "t1" and res.text == tweet
    assert res.verdict == "fact_checked"
    assert res.matches[0].source_id == "s1" and res.matches[0].rating_normalised == "false"
    assert len(res.matches) <= 3
    assert [x.score for x in res.matches] == sorted((x.score for x in res.matches), reverse=True)
    (other,) = m.match(["The central bank raised interest rates by half a point on Tuesday."])
    assert other.verdict == "not_checked"


def test_empty_archive_matcher_answers_not_checked():
    m = Matcher.from_checks([], FakeEmbedder(), vectors=np.zeros((0, 384), dtype=np.float32))
    (res,) = m.match(["anything"])
    assert res.verdict == "not_checked" and res.matches == []


# ------------------------------------------------------------------ CLI


def test_factcheck_add_list_show_and_readd(fake_env):
    app = _app()
    r = runner.invoke(
        app,
        [
            "factcheck",
            "add",
            str(FIX),
            "--json",
            "--no-progress",
            "--map",
            "claim=statement,source_id=check_id,rating=verdict,"
            "publisher=checker,url=link,date=published",
        ],
    )
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["added"] >= 12 and report["embedded"] >= report["added"]  # + headlines
    assert any("claimReviewed" in p["error"] for p in report["problems"])
    assert "malformed JSON-LD" in r.stderr
    again = runner.invoke(
        app, ["factcheck", "add", str(FIX), "--json", "--no-progress", "--map", MAP]
    )
    assert json.loads(again.stdout)["added"] == 0
    lst = runner.invoke(app, ["factcheck", "list", "--json", "-n", "0"])
    rows = [json.loads(line) for line in lst.stdout.splitlines()]
    assert len(rows) == report["archive"]
    assert {"source_id", "claim", "rating", "rating_normalised", "publisher"} <= set(rows[0])
    table = runner.invoke(app, ["factcheck", "list"])
    assert table.exit_code == 0 and "Fact checks" in table.stdout
    url = "https://www.politifact.example/factchecks/2023/jan/12/facebook-posts/wind-turbines-birds-cats/"
    shown = runner.invoke(app, ["factcheck", "show", url])
    assert shown.exit_code == 0 and "Pants on Fire" in shown.stdout and "PolitiFact" in shown.stdout
    missing = runner.invoke(app, ["factcheck", "show", "nope"])
    assert missing.exit_code == 1 and "No fact check" in missing.stderr


def test_claim_command_json_contract_file_mode_and_errors(fake_env, tmp_path):
    app = _app()
    assert runner.invoke(app, ["claim", "x"]).exit_code == 1  # no archive yet: explained
    r = runner.invoke(
        app,
        [
            "factcheck",
            "add",
            str(FIX / "fullfact-style.html"),
            str(FIX / "factcheck-markup-feed.json"),
            "--no-progress",
        ],
    )
    assert r.exit_code == 0, r.output
    one = runner.invoke(
        app,
        [
            "claim",
            "The Eiffel Tower will be dismantled and moved to Las Vegas in 2023",
            "--json",
            "--top-k",
            "2",
        ],
    )
    assert one.exit_code == 0, one.output
    data = json.loads(one.stdout)
    assert set(data) == {"id", "text", "verdict", "matches"}
    assert data["verdict"] == "fact_checked" and len(data["matches"]) == 2
    best = data["matches"][0]
    assert set(best) == {
        "source_id",
        "claim",
        "rating",
        "rating_normalised",
        "publisher",
        "date",
        "url",
        "score",
    }
    assert best["source_id"] == "https://deskcheck.example/checks/eiffel-tower-las-vegas"
    people = runner.invoke(
        app, ["claim", "The Eiffel Tower will be dismantled and moved to Las Vegas in 2023"]
    )
    assert "Fact-checked before" in people.stdout and "Desk Check" in people.stdout
    lines = "\n".join(
        [
            json.dumps({"id": "a", "text": "Nurses' pay has risen by 20% since 2010"}),
            "not json",
            json.dumps({"id": "c", "text": ""}),
            json.dumps({"id": 4, "text": "Quantum computers will replace all laptops by 2025"}),
        ]
    )
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["claim", "--file", "-", "--out", str(out)], input=lines)
    assert res.exit_code == 1  # bad lines reported
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c", 4]
    assert (
        rows[0]["verdict"] == "fact_checked" and "Full Fact" == rows[0]["matches"][0]["publisher"]
    )
    assert "error" in rows[1] and "error" in rows[2]
    assert rows[3]["verdict"] == "not_checked"
    empty = runner.invoke(app, ["claim", "   "])
    assert empty.exit_code == 1 and "empty" in empty.stderr


def test_lookup_hook_and_index_refresh(fake_env):
    assert lookup(["anything"]) == [[]]  # no archive: nothing, no error
    app = _app()
    runner.invoke(app, ["factcheck", "add", str(FIX / "politifact-style.html"), "--no-progress"])
    got = lookup(["Wind turbines kill more birds every year than domestic cats do.", "Unrelated."])
    assert got[0] and got[0][0]["publisher"] == "PolitiFact" and got[1] == []
    runner.invoke(app, ["factcheck", "add", str(FIX / "afp-style.html"), "--no-progress"])
    m = open_matcher()
    assert m.n == 2  # the cached search structures were rebuilt for the new check
