"""Knowledge as data: a publisher is one entry of publishers.toml. A made-up publisher added
from a temporary file is segmented, translated and credited like the shipped ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.check.pipeline import Checker
from verify.corpus.ingest import ingest_records
from verify.corpus.store import Store
from verify.corpus.turns import detect_style
from verify.errors import ConfigError
from verify.knowledge import publishers
from verify.models import DocumentRecord

SHIPPED = Path(publishers.DEFAULT_FILE).read_text()

ELYSEE = (
    SHIPPED
    + """
[[publisher]]
name = "Elysee"
turn_style = "upper"
original_language = "fr"
match = ["elysee", "élysée"]
institution_names = ["the elysee", "the élysée", "elysee", "paris", "the french presidency"]
"""
)

TRANSCRIPT = (
    "Press conference at the Elysee Palace\n\n"
    "PRESIDENT MACRON:  We will not accept a peace dictated by force. Europe will stand "
    "with Ukraine for as long as it takes.\n\n"
    "Q  Mr. President, will France send more air defence systems?\n\n"
    "PRESIDENT MACRON:  We have decided to deliver additional systems in the coming weeks.\n"
)


@pytest.fixture
def elysee(tmp_path, monkeypatch):
    path = tmp_path / "publishers.toml"
    path.write_text(ELYSEE)
    monkeypatch.setenv("VERIFY_PUBLISHERS", str(path))
    return path


def test_the_shipped_publishers_are_the_kremlin_and_the_white_house():
    names = {p.name for p in publishers.publishers(publishers.DEFAULT_FILE)}
    assert {"Kremlin", "White House"} <= names
    assert publishers.institution("the Kremlin", publishers.DEFAULT_FILE) == "Kremlin"
    assert publishers.turn_style("White House", publishers.DEFAULT_FILE) == "upper"
    assert publishers.turn_style("Kremlin (en.kremlin.ru)", publishers.DEFAULT_FILE) == "title"


def test_a_new_publisher_is_one_entry(elysee):
    assert publishers.institution("the French presidency") == "Elysee"
    assert publishers.turn_style("Elysee") == "upper"
    assert detect_style("No labels at all here.", publisher="Élysée") == "upper"
    assert publishers.find("elysee").original_language == "fr"
    # the shipped ones are still there
    assert publishers.institution("the White House") == "White House"


def test_a_new_publishers_transcripts_are_translations_and_speak_for_it(elysee, tmp_path):
    with Store(tmp_path / "store.sqlite") as store:
        rec = DocumentRecord(
            text=TRANSCRIPT,
            url="https://elysee.example/2023-01-10",
            title="Press conference",
            date="2023-01-10",
            publisher="Elysee",
            kind="primary",
            origin="test",
        )
        ingest_records([rec], store)
        doc = store.get_document("https://elysee.example/2023-01-10")
        assert doc.meta.get("original_language") == "fr"
        checker = Checker(store, semantic=False)
        r = checker.check_quote(
            "Europe will stand with Ukraine for as long as it takes",
            speaker="the Elysee",
            date="2023-01-11",
        )
        assert r.verdict == "verbatim"
        assert r.source.publisher == "Elysee"
        r = checker.check_quote(
            "Europe will stand with Ukraine for as long as it takes",
            speaker="the White House",
            date="2023-01-11",
        )
        assert r.verdict == "misattributed"


def test_a_broken_publishers_file_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[publisher]]\nname = "X"\nturn_style = "sideways"\n')
    monkeypatch.setenv("VERIFY_PUBLISHERS", str(bad))
    with pytest.raises(ConfigError, match="turn_style"):
        publishers.publishers()
    monkeypatch.setenv("VERIFY_PUBLISHERS", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="Cannot read"):
        publishers.publishers()
