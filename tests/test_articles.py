"""`verify article` / `verify report`: articles in, provenance reports out (small real corpus)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from verify.cli import app

from .conftest import TASNIM, copy_home

pytestmark = pytest.mark.slow
runner = CliRunner()


def checks_of(stdout: str) -> list[dict]:
    rows = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return [c for row in rows for c in row["checks"]]


@pytest.fixture
def home(small_home, tmp_path, monkeypatch):
    """A writable copy of the small corpus (articles get stored in it)."""
    dst = copy_home(small_home, tmp_path / "home")
    monkeypatch.setenv("VERIFY_HOME", str(dst))
    return dst


def test_tasnim_article_report(home):
    r = runner.invoke(
        app,
        ["article", str(TASNIM), "--outlet", "Tasnim", "--date", "2022-11-01", "--format", "jsonl"],
    )
    assert r.exit_code == 0, r.output
    checks = checks_of(r.stdout)
    quotes = [c for c in checks if c["kind"] == "quote"]
    peskov = next(c for c in quotes if c["quote"].startswith("The desire of the United States"))
    assert peskov["claimed_speaker"] == "Dmitry Peskov"
    assert peskov["via"] == "Sputnik"
    assert peskov["verdict"] == "not_found"
    assert "Sputnik is not in the indexed sources" in peskov["provenance"]["statement"]
    lavrov = next(c for c in quotes if c["quote"].startswith("We are always ready"))
    assert lavrov["claimed_speaker"] == "Sergei Lavrov" and lavrov["verdict"] == "not_found"
    wh = next(c for c in quotes if c["quote"] == "nothing about Ukraine without Ukraine")
    assert wh["verdict"] == "verbatim"
    assert wh["provenance"]["earliest_primary"]["date"].startswith("2022-10-17")
    assert "The article credits no outlet" in wh["provenance"]["statement"]
    claims = [c for c in checks if c["kind"] == "claim"]
    assert any(c["claimed_speaker"] == "Vladimir Putin" for c in claims)


def test_checked_article_is_stored_and_does_not_confirm_itself(home):
    args = ["article", str(TASNIM), "--outlet", "Tasnim", "--date", "2022-11-01"]
    assert runner.invoke(app, args).exit_code == 0
    r = runner.invoke(app, ["corpus", "list", "--kind", "secondary", "--json"])
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["publisher"] for d in docs] == ["Tasnim"]
    r = runner.invoke(app, args + ["--format", "jsonl"])
    peskov = next(c for c in checks_of(r.stdout) if c["quote"].startswith("The desire"))
    assert peskov["verdict"] == "not_found"  # the stored copy of the article is not a source
    r = runner.invoke(
        app,
        [
            "quote",
            "The desire of the United States to return to the state of things in December-January",
            "--json",
        ],
    )
    assert json.loads(r.stdout)["source"]["publisher"] == "Tasnim"  # later checks can trace it


def test_html_report_escapes_article_text(home, tmp_path):
    art = tmp_path / "evil.txt"
    art.write_text('Attack\n\n"<script>alert(1)</script> is what we said," Peskov said.\n')
    out = tmp_path / "report.html"
    r = runner.invoke(
        app, ["article", str(art), "--format", "html", "--out", str(out), "--no-store"]
    )
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_bulk_run_reports_bad_articles_and_resumes(home, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        'White House\n\nThe White House stressed there would be "nothing about Ukraine '
        'without Ukraine", officials said.\n'
    )
    (src / "b.txt").write_text("A quiet day\n\nNothing was said by anyone today.\n")
    (src / "c.txt").write_bytes(b"\x00\x01binary\x00")
    (src / "d.txt").write_text("")
    results = tmp_path / "done.jsonl"
    r = runner.invoke(
        app,
        [
            "article",
            str(src),
            "--results",
            str(results),
            "--format",
            "csv",
            "--out",
            str(tmp_path / "r.csv"),
            "--no-store",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "c.txt" in r.output and "d.txt" in r.output
    done = results.read_text().splitlines()
    assert len(done) == 2  # the two readable articles; b has no quotes but is a valid report
    # a second run takes finished articles from the results file
    r = runner.invoke(
        app, ["article", str(src), "--results", str(results), "--format", "jsonl", "--no-store"]
    )
    assert len(results.read_text().splitlines()) == 2
    reports = [json.loads(line) for line in r.stdout.splitlines()]
    assert any(c["verdict"] == "verbatim" for rep in reports for c in rep["checks"])
    # and the saved results re-render in another format
    r = runner.invoke(app, ["report", str(results), "--format", "claimreview"])
    data = json.loads(r.stdout)
    assert data and data[0]["@type"] == "ClaimReview"


def test_bad_articles_give_messages_not_tracebacks(home, tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text(('"We will talk," he said. ' * 40 + "\n\n") * 1200)
    unclosed = tmp_path / "unclosed.txt"
    unclosed.write_text('Peskov said: "There will be no talks this year\n\nand that is all.\n')
    for path in (huge, unclosed, tmp_path / "missing.txt"):
        r = runner.invoke(app, ["article", str(path), "--no-store"])
        assert "Traceback" not in r.output
    r = runner.invoke(app, ["article", str(huge), "--no-store"])
    assert "limit" in r.output
    r = runner.invoke(app, ["article", str(unclosed), "--no-store", "--format", "jsonl"])
    assert r.exit_code == 0
    assert checks_of(r.stdout)


def test_a_jsonl_batch_keeps_each_articles_id(home, tmp_path):
    src = tmp_path / "batch.jsonl"
    lines = [
        {"id": "tasnim-1", "text": 'The White House said "nothing about Ukraine without Ukraine".'},
        {"id": 42, "text": "A quiet day.\n\nNothing was said."},
        "not an object",
    ]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    results = tmp_path / "done.jsonl"
    r = runner.invoke(
        app, ["article", str(src), "--results", str(results), "--format", "jsonl", "--no-store"]
    )
    reports = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert [rep.get("id") for rep in reports[:2]] == ["tasnim-1", "42"]
    assert reports[0]["article"]["id"] == "tasnim-1"
    # the bad line is reported, not dropped silently
    assert len(reports) == 3 and reports[2]["errors"] and "batch.jsonl:3" in r.output
    # the saved results keep them too, and re-render
    saved = [json.loads(line) for line in results.read_text().splitlines()]
    assert sorted(rep["id"] for rep in saved) == ["42", "tasnim-1"]
    r = runner.invoke(app, ["report", str(results), "--format", "jsonl"])
    assert sorted(json.loads(line)["id"] for line in r.stdout.splitlines()) == ["42", "tasnim-1"]


def checks_of_article(tmp_path, text: str, date: str) -> list[dict]:
    """`verify article` on ``text`` (not stored): its checks, from the JSON lines."""
    src = tmp_path / "article.txt"
    src.write_text(text)
    args = ["article", str(src), "--date", date, "--format", "jsonl", "--no-store"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return checks_of(r.stdout)


def test_words_of_the_official_the_article_names_beside_them_are_hers(home, tmp_path):
    # the rules credit "Republicans"; the words are Jean-Pierre's own, and the article named
    # her two paragraphs up: the report reads them as hers, and says why
    text = (
        "Jean-Pierre Briefs Reporters\n\n"
        "Press Secretary Karine Jean-Pierre was asked on Monday about the President's travel "
        "before the midterms.\n\n"
        "Republicans have mocked the schedule as a sign of panic.\n\n"
        '"We don\'t have any calls or personal conversations to read out," Republicans said '
        "in reply.\n"
    )
    checks = checks_of_article(tmp_path, text, "2022-10-17")
    q = next(c for c in checks if c["quote"].startswith("We don't have any calls"))
    assert q["claimed_speaker"] == "Karine Jean-Pierre" and q["speaker_inferred"]
    assert q["verdict"] in ("verbatim", "minor")
    assert "Read as Karine Jean-Pierre's" in q["explanation"]


def test_two_cues_of_one_sentence_are_one_claim_to_check(home, tmp_path):
    # "said that A, and she accused B of C": the sentence is checked once, not twice
    text = (
        "Briefing Notes\n\n"
        "Press Secretary Karine Jean-Pierre said Monday that the President would travel to "
        "Pennsylvania, and she accused Republicans of spreading misinformation about it.\n"
    )
    claims = [c for c in checks_of_article(tmp_path, text, "2022-10-17") if c["kind"] == "claim"]
    assert len(claims) == 1 and claims[0]["claimed_speaker"] == "Karine Jean-Pierre"


def test_a_quoted_term_is_reported_where_the_speakers_words_hold_it(home, tmp_path):
    # three words in quotation marks with no cue, in a report of Putin's news conference:
    # "in their court" and "at our doorstep" are his words that day, checked as his; "red
    # lines" is a journalist's in that transcript, so it is listed, not reported as a quote
    text = (
        "Putin Holds Annual News Conference\n\n"
        "Russian President Vladimir Putin held his annual news conference in Moscow on "
        "Thursday.\n\n"
        '"Any further movement of NATO to the East is unacceptable," Putin said.\n\n'
        'The ball is now "in their court", with American missiles "at our doorstep". The '
        'West keeps crossing "red lines" around Russia.\n'
    )
    src = tmp_path / "article.txt"
    src.write_text(text)
    args = ["article", str(src), "--date", "2021-12-23", "--format", "jsonl", "--no-store"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout.splitlines()[0])
    terms = {c["quote"]: c for c in row["checks"] if c["term"]}
    assert set(terms) == {"in their court", "at our doorstep"}
    for c in terms.values():
        assert c["claimed_speaker"] == "Vladimir Putin" and c["speaker_inferred"]
        assert c["verdict"] == "verbatim"
        assert c["source"]["url"] == "http://en.kremlin.ru/events/president/news/67438"
    assert [t["text"] for t in row["terms_left_out"]] == ["red lines"]
    assert row["terms_left_out"][0]["verdict"] == "not_found"
