"""Shared fixtures: paths to the real shared data, and a small real corpus with its index.

``small_home`` ingests a handful of real transcripts from ../shared (the 2021-12-23 Kremlin
news conference and other Kremlin documents, White House briefings of October-November 2022
that say "nothing about Ukraine without Ukraine") into a temporary VERIFY_HOME and builds
the vector index with the real embedding model. It is built once per test session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from verify import config

SHARED = config.shared_root()
KREMLIN_CSV = SHARED / "corpora" / "kremlin-en" / "putin.csv"
WH = SHARED / "corpora" / "whitehouse"
TASNIM = SHARED / "articles" / "tasnim-2022-peskov-biden.txt"

SMALL_KREMLIN_URLS = {
    "http://en.kremlin.ru/events/president/news/67438",  # annual news conference 2021-12-23
    "http://en.kremlin.ru/events/president/news/67828",  # address, 2022-02-21
    "http://en.kremlin.ru/events/president/news/68179",  # with Lukashenko, 2022-04-12
    "http://en.kremlin.ru/events/president/news/67734",  # with Macron, 2022-02-07
}
SMALL_WH_FILES = [
    "press-briefings/2022-10/2022-10-17-press-briefing-by-press-secretary-karine-jean-pierre"
    "-october-17-2022.md",
    "press-briefings/2022-11/2022-11-10-press-briefing-by-press-secretary-karine-jean-pierre"
    "-and-national-security-advisor-jake-sullivan-november-10-2022.md",
    "statements-releases/2022-10/2022-10-25-press-briefing-by-press-secretary-karine-jean-pierre"
    "-and-covid-19-response-coordinator-dr-ashish-jha-6.md",
]


def need_shared() -> None:
    if not KREMLIN_CSV.exists() or not WH.exists():
        pytest.skip(f"shared data not found at {SHARED} (set VERIFY_SHARED)")


@pytest.fixture(scope="session")
def shared_root() -> Path:
    need_shared()
    return SHARED


def build_small_home(home: Path, *, index: bool = True) -> Path:
    """Ingest the small real corpus into ``home`` (and build its index)."""
    from verify.corpus.ingest import ingest_records
    from verify.corpus.sources import iter_records
    from verify.corpus.store import Store

    old = os.environ.get("VERIFY_HOME")
    os.environ["VERIFY_HOME"] = str(home)
    try:
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
                if getattr(r, "url", None) in SMALL_KREMLIN_URLS
            ]
            ingest_records(recs, store, publisher="Kremlin", kind="primary", original_language="ru")
            wh = iter_records(
                [str(WH / f) for f in SMALL_WH_FILES], publisher="White House", kind="primary"
            )
            ingest_records(wh, store, publisher="White House", kind="primary")
            if index:
                from verify.corpus.index import build

                build(store)
    finally:
        if old is None:
            os.environ.pop("VERIFY_HOME", None)
        else:
            os.environ["VERIFY_HOME"] = old
    return home


@pytest.fixture(scope="session")
def small_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A VERIFY_HOME with a small real corpus and its vector index (read-only for tests)."""
    need_shared()
    return build_small_home(tmp_path_factory.mktemp("small_home"))


def copy_home(src: Path, dst: Path) -> Path:
    """A private copy of a VERIFY_HOME (store and vector index), so that tests that write
    do not change the session's shared corpus."""
    import shutil

    dst.mkdir(parents=True, exist_ok=True)
    for name in ("store.sqlite", "store.sqlite-wal", "store.sqlite-shm"):
        if (src / name).exists():
            shutil.copy2(src / name, dst / name)
    shutil.copytree(src / "vectors", dst / "vectors")
    return dst


@pytest.fixture
def use_home(monkeypatch: pytest.MonkeyPatch):
    """Point VERIFY_HOME at a folder for one test: use_home(path)."""

    def apply(path: Path) -> Path:
        monkeypatch.setenv("VERIFY_HOME", str(path))
        return path

    return apply


@pytest.fixture
def small_env(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERIFY_HOME", str(small_home))
    return small_home


class OneDocument:
    """The resources a search over one document needs (``document``, ``embedder``): the
    document's text under id 9, fake-embedded (the same word, the same vector; no model)."""

    def __init__(self, text: str):
        from types import SimpleNamespace

        from verify.corpus.embed import FakeEmbedder

        self.doc = SimpleNamespace(id=9, text=text)
        self.emb = FakeEmbedder(dimension=256)

    def document(self, doc_id: int):
        return self.doc

    def embedder(self):
        return self.emb


@pytest.fixture
def one_document():
    """``one_document(text)``: :class:`OneDocument` resources for that text."""
    return OneDocument
