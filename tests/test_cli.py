"""The command line through typer's CliRunner: output contracts and errors people can act on."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from verify.cli import app

from .conftest import KREMLIN_CSV, need_shared

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_help_lists_the_commands():
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("quote", "check", "article", "extract", "report", "serve", "corpus", "index"):
        assert cmd in r.output


ADD_KREMLIN = (
    "corpus",
    "add",
    str(KREMLIN_CSV),
    "--publisher",
    "Kremlin",
    "--kind",
    "primary",
    "--map",
    "text=body,url=link,title=headline,date=date",
    "--json",
)


def test_corpus_add_list_show(tmp_path, monkeypatch):
    need_shared()
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path))
    r = run(*ADD_KREMLIN)
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["added"] == 816 and summary["errors"] == []
    r = run("corpus", "list", "--json", "--since", "2021-12-23", "--until", "2021-12-23")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert any(row["url"].endswith("/67438") for row in rows)
    assert all(row["date"].startswith("2021-12-23") for row in rows)
    # re-adding is a no-op
    r = run(*ADD_KREMLIN)
    assert json.loads(r.stdout)["unchanged"] == 816
    # the annual news conference: Peskov, the journalists and Putin as separate turns
    r = run("corpus", "show", "http://en.kremlin.ru/events/president/news/67438", "--json")
    doc = json.loads(r.stdout)
    speakers = [t["speaker"] for t in doc["turns"][:6]]
    assert speakers[:4] == [
        "Vladimir Putin",
        "Dmitry Peskov",
        "Vyacheslav Terekhov",
        "Vladimir Putin",
    ]
    assert doc["turns"][2]["is_question"] is True
    assert doc["turns"][1]["label"].startswith("Deputy Chief of Staff")
    r = run("corpus", "show", "67438")
    assert r.exit_code == 1 and "verify corpus list" in r.output


def test_corpus_add_reports_bad_files_and_keeps_the_good(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.jsonl").write_text(
        json.dumps(
            {
                "text": "Q Why? MS. PSAKI: Because.",
                "url": "https://x.gov/1",
                "title": "t",
                "date": "2021-05-01",
            }
        )
        + "\n"
    )
    (src / "empty.csv").write_text("")
    (src / "binary.csv").write_bytes(b"\x00\x01\x02text")
    r = runner.invoke(
        app, ["corpus", "add", str(src), "--publisher", "White House", "--kind", "primary"]
    )
    assert r.exit_code == 1
    assert "empty.csv" in r.output and "binary.csv" in r.output
    assert "Traceback" not in r.output
    r = run("corpus", "list", "--json")
    assert len(r.stdout.splitlines()) == 1
    r = runner.invoke(
        app,
        ["corpus", "add", str(src), "--publisher", "White House", "--kind", "primary", "--strict"],
    )
    assert r.exit_code == 1


def test_bad_kind_and_missing_store_are_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path))
    r = runner.invoke(app, ["corpus", "add", "x.csv", "--publisher", "P", "--kind", "official"])
    assert r.exit_code == 1 and "--kind primary" in r.output
    r = runner.invoke(app, ["quote", "anything at all"])
    assert r.exit_code == 1 and "verify corpus add" in r.output and "Traceback" not in r.output


@pytest.mark.slow
def test_quote_json_contract(small_env):
    r = run("quote", "nothing about Ukraine without Ukraine", "--speaker", "White House", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["verdict"] == "verbatim"
    assert data["source"]["publisher"] == "White House"
    assert data["appearances"][0]["date"] <= data["appearances"][-1]["date"]


@pytest.mark.slow
def test_quote_terminal_view_shows_verdict_source_and_diff(small_env):
    r = run(
        "quote",
        "It is you who must give us guarantees, and you must do it within a year",
        "--speaker",
        "Putin",
    )
    assert r.exit_code == 0
    assert "ALTERED" in r.output
    assert "67438" in r.output
    assert "Quote" in r.output and "Source passage" in r.output


@pytest.mark.slow
def test_quote_from_stdin_and_bad_input(small_env):
    r = run("quote", "-", input="nothing about Ukraine without Ukraine")
    assert r.exit_code == 0
    r = runner.invoke(app, ["quote", "   "])
    assert r.exit_code == 1 and "empty" in r.output.lower()
    r = runner.invoke(app, ["quote", "x " * 1200])
    assert r.exit_code == 1 and "2,000" in r.output
    r = runner.invoke(app, ["quote", "nothing", "--date", "25/10/2022"])
    assert r.exit_code == 1 and "YYYY-MM-DD" in r.output


@pytest.mark.slow
def test_check_batch_in_order_with_error_records(small_env, tmp_path):
    lines = [
        json.dumps(
            {"id": "a", "quote": "nothing about Ukraine without Ukraine", "speaker": "White House"}
        ),
        "this is not json",
        json.dumps({"id": "c", "speaker": "Putin"}),
        json.dumps(
            {
                "id": "d",
                "quote": "It is you who must give us guarantees",
                "speaker": "Putin",
                "date": "2021-12-24",
            }
        ),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["check", str(src), "--out", str(out), "--no-progress"])
    assert r.exit_code == 1  # some lines could not be checked
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 4
    assert [row["id"] for row in rows] == ["a", None, None, "d"]
    assert rows[0]["verdict"] == "verbatim" and rows[3]["verdict"] == "verbatim"
    assert "not JSON" in rows[1]["error"] and "quote" in rows[2]["error"]
    # stdin
    r = runner.invoke(app, ["check", "-", "--no-progress"], input=lines[0] + "\n")
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["id"] == "a"


@pytest.mark.slow
def test_index_status_and_rebuild_message(small_home, tmp_path, monkeypatch):
    home = tmp_path / "h"
    home.mkdir()
    shutil.copy(small_home / "store.sqlite", home / "store.sqlite")
    monkeypatch.setenv("VERIFY_HOME", str(home))
    r = run("index", "status", "--json")
    assert json.loads(r.stdout)["built"] is False
    r = runner.invoke(app, ["quote", "words that are nowhere in this small corpus at all"])
    assert r.exit_code == 1 and "verify index build" in r.output


def test_extract_lists_quoted_terms_only_when_asked():
    text = (
        "Russian President Vladimir Putin spoke on Friday.\n"
        '"The era of the unipolar world is over," Putin said.\n'
        'The West, in this telling, is "in decline".\n'
    )
    plain = [json.loads(line) for line in run("extract", "-", input=text).stdout.splitlines()]
    assert all(not q["term"] for q in plain) and "in decline" not in [q["text"] for q in plain]
    r = run("extract", "-", "--terms", "--no-claims", input=text)
    assert r.exit_code == 0
    terms = [q for q in map(json.loads, r.stdout.splitlines()) if q["term"]]
    assert [(q["text"], q["speaker"], q["speaker_inferred"]) for q in terms] == [
        ("in decline", "Vladimir Putin", True)
    ]
