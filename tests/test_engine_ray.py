"""The Ray engine: bulk article runs, quote batches and index builds on a local Ray instance
(loopback only), against the local engine on the 15 shared news articles and a tiny store
made from their source transcripts (fake embedder: no model, so the test stays fast)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verify.cli import app

from .conftest import SHARED, copy_home

NEWS = SHARED / "articles" / "news"
WH = SHARED / "corpora" / "whitehouse"
KREMLIN_CSV = SHARED / "corpora" / "kremlin-en" / "putin.csv"
runner = CliRunner()

pytest.importorskip("ray")


def _gold() -> list[dict]:
    return [json.loads(line) for line in (NEWS / "gold.jsonl").read_text().splitlines() if line]


def _wh_file(url: str) -> Path:
    m = re.search(r"/briefing-room/([^/]+)/(\d{4})/(\d{2})/(\d{2})/([^/]+)/?$", url)
    assert m, url
    cat, y, mo, d, slug = m.groups()
    return WH / cat / f"{y}-{mo}" / f"{y}-{mo}-{d}-{slug}.md"


def build_news_home(home: Path) -> Path:
    """A store of the primary transcripts the news articles quote, and its (fake) index."""
    from verify.corpus.index import build
    from verify.corpus.ingest import ingest_records
    from verify.corpus.sources import iter_records
    from verify.corpus.store import Store

    urls = {g["expected_url"] for g in _gold() if g.get("expected_url")}
    with Store(home / "store.sqlite") as store:
        recs = [
            r
            for r in iter_records(
                [str(KREMLIN_CSV)],
                fmt="csv",
                mapping={"text": "body", "url": "link", "title": "headline", "date": "date"},
                publisher="Kremlin",
                kind="primary",
            )
            if getattr(r, "url", None) in urls
        ]
        ingest_records(recs, store, publisher="Kremlin", kind="primary", original_language="ru")
        wh = [str(_wh_file(u)) for u in urls if "whitehouse" in u]
        ingest_records(
            iter_records(wh, publisher="White House", kind="primary"),
            store,
            publisher="White House",
            kind="primary",
        )
        build(store)
    return home


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """(home, folder of the 15 articles, the local engine's reports as JSON) with a Ray
    instance started for the module."""
    if not (NEWS / "gold.jsonl").exists() or not KREMLIN_CSV.exists():
        pytest.skip(f"shared data not found at {SHARED} (set VERIFY_SHARED)")
    from verify.article.runner import ArticleRunner, iter_inputs
    from verify.engine.cluster import ray_session

    base = tmp_path_factory.mktemp("ray_news")
    folder = base / "articles"
    folder.mkdir()
    for p in sorted(NEWS.glob("*.txt")):  # the articles only (links, not copies)
        (folder / p.name).symlink_to(p)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VERIFY_EMBED_BACKEND", "fake")
        mp.setenv("VERIFY_MODEL", "fake")  # the index's model: the fake embedder's
        mp.setenv("VERIFY_HOME", str(base / "home"))
        home = build_news_home(base / "home")
        local = [
            _as_json(r)
            for r in ArticleRunner(store_article=False).run(list(iter_inputs(str(folder))))
        ]
        with ray_session():
            yield home, folder, local


def _as_json(report) -> str:
    return json.dumps(report.to_json(), sort_keys=True, ensure_ascii=False)


def _same(got: list[str], want: list[str]) -> None:
    """The reports agree; else the first field that differs."""
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        if g != w:
            a, b = json.loads(g), json.loads(w)
            for i, (x, y) in enumerate(zip(a["checks"], b["checks"], strict=False)):
                for k in x:
                    assert x[k] == y.get(k), (a["article"]["origin"], i, k)
            assert a == b


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_local_reference_is_worth_comparing(news):
    _, folder, local = news
    reports = [json.loads(r) for r in local]
    assert len(reports) == 15
    verdicts = {c["verdict"] for r in reports for c in r["checks"]}
    assert "verbatim" in verdicts and len(verdicts) >= 3, verdicts


def test_killed_actor_restarts_and_no_article_is_lost(news, tmp_path):
    from verify.engine.articles import run_articles

    _, folder, local = news
    results = tmp_path / "results.jsonl"
    seen: list[dict] = []

    def kill_after_three(row):
        seen.append(row)
        if len(seen) == 3:
            os.kill(int(row["pid"]), signal.SIGKILL)

    reports = run_articles(
        str(folder), store_article=False, results=results, actors=2, on_row=kill_after_three
    )
    _same([_as_json(r) for r in reports], local)  # same reports, input order
    lines = _lines(results)
    assert sorted(line["key"] for line in lines) == sorted({line["key"] for line in lines})
    assert len(lines) == 15
    assert len({row["pid"] for row in seen}) >= 2  # the killed actor was replaced


def test_run_stopped_by_a_dead_actor_resumes_from_results(news, tmp_path, monkeypatch):
    from verify.engine.articles import run_articles
    from verify.errors import VerifyError

    home, folder, local = news
    monkeypatch.setenv("VERIFY_HOME", str(home))
    results = tmp_path / "results.jsonl"
    seen: list[dict] = []

    def kill_after_four(row):
        seen.append(row)
        if len(seen) == 4:
            os.kill(int(row["pid"]), signal.SIGKILL)

    with pytest.raises(VerifyError) as err:
        run_articles(
            str(folder),
            store_article=False,
            results=results,
            actors=1,
            on_row=kill_after_four,
            max_restarts=0,
        )
    assert str(results) in err.value.message
    before = results.read_text()
    finished = _lines(results)
    assert 4 <= len(finished) < 15  # what finished before the actor died is kept
    by_key = {json.loads(r)["article"]["origin"]: r for r in local}
    for line in finished:
        line.pop("key")
        assert (
            json.dumps(line, sort_keys=True, ensure_ascii=False)
            == by_key[line["article"]["origin"]]
        )
    # the rerun (the CLI) checks only the rest and reports all fifteen, as a local rerun
    # from the same partial results does
    partial = tmp_path / "partial.jsonl"
    partial.write_text(before)
    outputs = {}
    for engine, path in (("ray", results), ("local", partial)):
        args = ["article", str(folder), "--engine", engine, "--results", str(path)]
        args += ["--no-store", "--format", "jsonl"] + (["--actors", "2"] if engine == "ray" else [])
        r = runner.invoke(app, args)
        assert r.exit_code == 0, r.output
        outputs[engine] = [
            json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False)
            for line in r.stdout.splitlines()
            if line.startswith("{")
        ]
    _same(outputs["ray"], outputs["local"])
    lines = _lines(results)
    assert len(lines) == 15 and len({line["key"] for line in lines}) == 15
    assert results.read_text().startswith(before)  # the rerun only appended the rest


def test_check_on_ray_matches_local(news, tmp_path, monkeypatch):
    home, _, _ = news
    monkeypatch.setenv("VERIFY_HOME", str(home))
    quotes = tmp_path / "quotes.jsonl"
    rows = [
        {"id": str(i), "quote": g["quote"], "speaker": g.get("speaker"), "date": None}
        for i, g in enumerate(_gold()[:40])
    ]
    text = "\n".join(json.dumps(r) for r in rows) + "\nnot json\n"
    quotes.write_text(text)
    out = {}
    for engine in ("local", "ray"):
        out[engine] = tmp_path / f"{engine}.jsonl"
        r = runner.invoke(
            app,
            ["check", str(quotes), "--engine", engine, "--out", str(out[engine]), "--no-progress"]
            + (["--actors", "2"] if engine == "ray" else ["--workers", "1"]),
        )
        assert r.exit_code == 1, r.output  # the one bad line
        assert "1 of 41 lines could not be checked" in r.output
    local, ray_rows = _lines(out["local"]), _lines(out["ray"])
    assert len(local) == 41 and ray_rows == local  # same records, input order


def test_index_build_on_ray_gives_the_local_index(news, tmp_path, monkeypatch):
    import numpy as np

    from verify.corpus.index import VectorIndex, read_manifest
    from verify.corpus.store import Store

    home, _, _ = news
    mine = copy_home(home, tmp_path / "home")
    monkeypatch.setenv("VERIFY_HOME", str(mine))
    r = runner.invoke(
        app, ["index", "build", "--rebuild", "--engine", "ray", "--actors", "2", "--json"]
    )
    assert r.exit_code == 0, r.output
    built = json.loads(r.stdout)
    ours = read_manifest(mine / "vectors")
    theirs = read_manifest(home / "vectors")
    assert built["embedded"] == theirs["passages"] == ours["passages"]
    for key in ("model", "backend", "dimension", "max_passage_id", "store_id"):
        assert ours[key] == theirs[key]
    with Store(create=False) as store:
        ids = [p.id for p in store.iter_passages(after_id=0)][::97]
        a = VectorIndex.load(store, directory=mine / "vectors").vectors(ids)
        b = VectorIndex.load(store, directory=home / "vectors").vectors(ids)
    assert np.allclose(a, b, atol=1e-6) and np.abs(a).sum() > 0


def test_ray_options_need_the_ray_engine(news, monkeypatch):
    home, folder, _ = news
    monkeypatch.setenv("VERIFY_HOME", str(home))
    r = runner.invoke(app, ["article", str(folder), "--actors", "2"])
    assert r.exit_code == 1 and "--engine ray" in r.output
    r = runner.invoke(app, ["article", str(folder), "--engine", "spark"])
    assert r.exit_code == 1 and "Unknown engine" in r.output
    monkeypatch.setenv("VERIFY_HOME", str(home.parent / "no-such-home"))
    r = runner.invoke(app, ["article", str(folder), "--engine", "ray"])
    assert r.exit_code == 1 and "Traceback" not in r.output  # said once, before Ray starts


def test_help_and_exact_wording_do_not_import_ray(news):
    home, _, _ = news
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from verify.cli import app\n"
        "r = CliRunner()\n"
        "for args in (['--help'], ['article', '--help'], ['check', '--help'],\n"
        "             ['index', 'build', '--help']):\n"
        "    assert r.invoke(app, args).exit_code == 0, args\n"
        "q = 'I would expect that President Biden will engage by telephone with President Putin'\n"
        "out = r.invoke(app, ['quote', q, '--speaker', 'Jake Sullivan', '--json'])\n"
        "assert out.exit_code == 0, out.output\n"
        "assert '\"verbatim\"' in out.stdout, out.stdout\n"
        "print(sorted(m for m in sys.modules if m == 'ray' or m.startswith('ray.')))\n"
    )
    env = {
        **os.environ,
        "VERIFY_HOME": str(home),
        "VERIFY_EMBED_BACKEND": "fake",
        "VERIFY_MODEL": "fake",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
