"""One Settings for every VERIFY_* variable, and worker processes handed it as an argument."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from verify import config
from verify.config import ENV, Settings


def test_defaults_without_any_variable() -> None:
    s = Settings.from_env({})
    assert s.home == config.PROJECT_ROOT / "indexes"
    assert s.store_path == s.home / "store.sqlite" and s.index_dir == s.home / "vectors"
    assert s.corpora == config.PROJECT_ROOT.parent / "shared" / "corpora"
    assert s.shared == s.corpora.parent
    assert s.sources == config.PROJECT_ROOT / "corpora" / "sources.toml"
    assert s.model == config.DEFAULT_MODEL
    assert s.model_cache == Path.home() / ".cache" / "verify" / "models"
    assert s.faiss_threads == 1
    assert s.threads is s.web_workers is s.web_processes is s.review_db is s.token is None


def test_every_variable_is_read(tmp_path) -> None:
    env = {
        "VERIFY_HOME": str(tmp_path / "h"),
        "VERIFY_CORPORA": str(tmp_path / "c"),
        "VERIFY_SHARED": str(tmp_path / "s"),
        "VERIFY_SOURCES": str(tmp_path / "sources.toml"),
        "VERIFY_PUBLISHERS": str(tmp_path / "publishers.toml"),
        "VERIFY_MODEL": "/models/m",
        "VERIFY_MODEL_CACHE": str(tmp_path / "mc"),
        "VERIFY_EMBED_BACKEND": "torch",
        "VERIFY_THREADS": "3",
        "VERIFY_EMBED_PARALLEL": "0",
        "VERIFY_INDEX_KIND": "ivf",
        "VERIFY_NPROBE": "16",
        "VERIFY_RERANK": "50",
        "VERIFY_FAISS_THREADS": "2",
        "VERIFY_WEB_WORKERS": "5",
        "VERIFY_WEB_PROCESSES": "0",
        "VERIFY_WEB_EMBED_CACHE": "0",
        "VERIFY_REVIEW_DB": str(tmp_path / "r.sqlite"),
        "VERIFY_WEB_SECRET": "ab" * 32,
        "VERIFY_TOKEN": "t" * 20,
        "VERIFY_FACTCHECK_THRESHOLD": "0.5",
    }
    assert set(env) == set(ENV.values())  # the test names every setting
    s = Settings.from_env(env)
    assert s.home == tmp_path / "h" and s.shared == tmp_path / "s"
    assert (s.threads, s.nprobe, s.rerank, s.faiss_threads) == (3, 16, 50, 2)
    assert (s.web_workers, s.web_processes, s.web_embed_cache) == (5, 0, 0)
    assert s.embed_parallel is False and Settings.from_env({}).embed_parallel is True
    assert s.embed_backend == "torch" and s.index_kind == "ivf" and s.model == "/models/m"
    assert s.review_db == tmp_path / "r.sqlite" and s.publishers == tmp_path / "publishers.toml"
    assert s.factcheck_threshold == "0.5"
    # and back: another process given to_env() reads the same settings
    assert Settings.from_env(s.to_env()) == s


def test_every_variable_the_package_reads_is_a_setting() -> None:
    """grep: a VERIFY_* name in the package's code that Settings does not know is a
    setting read behind its back."""
    package = config.PROJECT_ROOT / "verify"
    seen = set()
    for path in package.rglob("*.py"):
        seen |= set(re.findall(r"\bVERIFY_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    assert seen - set(ENV.values()) == set()


def test_shared_follows_corpora_and_bad_numbers_are_ignored(tmp_path) -> None:
    s = Settings.from_env(
        {"VERIFY_CORPORA": str(tmp_path / "x" / "corpora"), "VERIFY_THREADS": "two"}
    )
    assert s.shared == tmp_path / "x" and s.threads is None


def test_settings_follow_the_environment_unless_handed_some(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "a"))
    assert config.home() == tmp_path / "a"
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "b"))
    assert config.store_path() == tmp_path / "b" / "store.sqlite"
    given = config.settings().replace(home=tmp_path / "given")
    with config.using(given):
        assert config.home() == tmp_path / "given"
        assert os.environ["VERIFY_HOME"] == str(tmp_path / "b")
    assert config.home() == tmp_path / "b"


def test_worker_processes_receive_the_settings_as_an_argument(monkeypatch, tmp_path) -> None:
    """The worker sees the settings it was handed (one model thread, the given home), and
    nobody changed os.environ for it."""
    from verify.workers import default_workers, process_pool, worker_settings

    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "env-home"))
    monkeypatch.delenv("VERIFY_THREADS", raising=False)
    before = dict(os.environ)
    handed = worker_settings(config.settings().replace(home=tmp_path / "handed"))
    assert handed.threads == 1
    with process_pool(1, settings=handed) as pool:
        seen = pool.submit(config.settings).result(timeout=120)
        child_env_home = pool.submit(os.getenv, "VERIFY_HOME").result(timeout=60)
    assert seen == handed and seen.home == tmp_path / "handed"
    assert child_env_home == str(tmp_path / "env-home")  # inherited, not rewritten
    assert dict(os.environ) == before
    assert 1 <= default_workers() <= 4


def test_web_defaults_come_from_settings(tmp_path) -> None:
    pytest.importorskip("fastapi")
    from verify.web import server
    from verify.web.security import Guard
    from verify.web.workbench import DEFAULT_EMBED_CACHE, Workbench

    s = Settings.from_env({"VERIFY_HOME": str(tmp_path), "VERIFY_WEB_WORKERS": "3"})
    wb = Workbench(settings=s)
    assert wb.workers == 3 and wb.embed_cache == DEFAULT_EMBED_CACHE and wb._review_db is None
    assert wb.store_path() == tmp_path / "store.sqlite" and not wb.has_corpus()
    assert server.default_processes(s.replace(web_processes=2)) == 2
    a, b = Guard(secret="cd" * 32), Guard(secret="cd" * 32)
    assert a.csrf_for("c") == b.csrf_for("c") != Guard(secret="").csrf_for("c")
