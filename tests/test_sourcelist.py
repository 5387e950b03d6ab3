"""corpora/sources.toml: parsing, path resolution, demo selection and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify import config
from verify.corpus.sourcelist import get_source, load_sources
from verify.errors import ConfigError

TOML = """
[[source]]
name = "kremlin-en"
publisher = "Kremlin"
kind = "primary"
format = "csv"
location = "kremlin-en/putin.csv"
map = { text = "body", url = "link" }
demo = true

[source.fetch]
base_url = "http://en.kremlin.ru"
listing = "/events/president/transcripts/page/{page}"
min_interval = 2.5

[[source]]
name = "wh"
publisher = "White House"
kind = "primary"
format = "markdown"
location = "whitehouse/press-briefings"
demo = ["2022-10", "2022-11"]

[[source]]
name = "nodemo"
format = "markdown"
location = "whitehouse/press-briefings"
"""


@pytest.fixture
def corpora(tmp_path, monkeypatch):
    """A tiny corpora tree and a sources.toml pointing into it."""
    root = tmp_path / "corpora"
    (root / "kremlin-en").mkdir(parents=True)
    (root / "kremlin-en" / "putin.csv").write_text("body,link\nx,y\n", encoding="utf-8")
    for month in ("2022-09", "2022-10", "2022-11"):
        (root / "whitehouse" / "press-briefings" / month).mkdir(parents=True)
    toml = tmp_path / "sources.toml"
    toml.write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("VERIFY_CORPORA", str(root))
    monkeypatch.setenv("VERIFY_SOURCES", str(toml))
    return root


def test_load_sources_resolves_locations_and_settings(corpora):
    sources = load_sources()
    assert [s.name for s in sources] == ["kremlin-en", "wh", "nodemo"]
    kremlin = sources[0]
    assert kremlin.location == corpora / "kremlin-en" / "putin.csv"
    assert (kremlin.publisher, kremlin.kind, kremlin.format) == ("Kremlin", "primary", "csv")
    assert kremlin.map == {"text": "body", "url": "link"}
    assert kremlin.language == "en"
    assert kremlin.fetch.min_interval == 2.5
    assert kremlin.fetch.max_retries == 4  # default
    assert (
        kremlin.fetch.listing_url(3) == "http://en.kremlin.ru/events/president/transcripts/page/3"
    )
    assert sources[1].fetch is None


def test_paths_and_demo_selection(corpora):
    kremlin, wh, nodemo = load_sources()
    briefings = corpora / "whitehouse" / "press-briefings"
    assert kremlin.paths() == [str(corpora / "kremlin-en" / "putin.csv")]
    assert kremlin.paths(demo=True) == [str(corpora / "kremlin-en" / "putin.csv")]
    assert wh.paths() == [str(briefings)]
    assert wh.paths(demo=True) == [str(briefings / "2022-10"), str(briefings / "2022-11")]
    assert nodemo.paths(demo=True) == []


def test_absolute_location_is_not_resolved_against_corpora(corpora, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("text\nx\n", encoding="utf-8")
    toml = tmp_path / "abs.toml"
    toml.write_text(f'[[source]]\nname = "abs"\nlocation = "{elsewhere}"\n', encoding="utf-8")
    (src,) = load_sources(toml)
    assert src.location == elsewhere and src.paths() == [str(elsewhere)]


def test_missing_location_says_to_set_verify_corpora(corpora, tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFY_CORPORA", str(tmp_path / "nowhere"))
    src = get_source("wh")
    assert not src.exists
    with pytest.raises(ConfigError) as info:
        src.paths()
    assert "VERIFY_CORPORA" in info.value.hint
    assert "whitehouse/press-briefings" in info.value.hint


def test_missing_demo_folder_is_an_error(corpora):
    import shutil

    shutil.rmtree(corpora / "whitehouse" / "press-briefings" / "2022-11")
    with pytest.raises(ConfigError) as info:
        get_source("wh").paths(demo=True)
    assert "2022-11" in info.value.message


def test_get_source_unknown_lists_known_names(corpora):
    with pytest.raises(ConfigError) as info:
        get_source("kremlin")
    assert "kremlin-en" in info.value.hint and "wh" in info.value.hint


@pytest.mark.parametrize(
    "text, words",
    [
        ('[[source]]\nname = "a"\nlocation = "x"\nformat = "xml"\n', "unknown format"),
        ('[[source]]\nname = "a"\nlocation = "x"\nkind = "tertiary"\n', "unknown kind"),
        ('[[source]]\nname = "a"\nlocation = "x"\nlocaton = "y"\n', "unknown setting"),
        ('[[source]]\nname = "a"\n', "no `location`"),
        ('[[source]]\nlocation = "x"\n', "no `name`"),
        (
            '[[source]]\nname = "a"\nlocation = "x"\n[[source]]\nname = "a"\nlocation = "y"\n',
            "twice",
        ),
        ('[[source]]\nname = "a"\nlocation = "x"\ndemo = 3\n', "demo"),
        ('[[source]]\nname = "a"\nlocation = "x"\nfetch = { base_url = "x" }\n', "base_url"),
        ('[[source]]\nname = "a"\nlocation = "x"\nmap = { text = 1 }\n', "map"),
        ("[[source]\nname = 1\n", "invalid TOML"),
    ],
)
def test_invalid_sources_file_is_a_config_error(tmp_path, text, words):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert words in info.value.message
    assert str(path) in info.value.message


def test_missing_sources_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_sources(tmp_path / "absent.toml")
    assert "VERIFY_SOURCES" in info.value.hint


def test_project_sources_file_is_valid(monkeypatch):
    monkeypatch.delenv("VERIFY_SOURCES", raising=False)
    sources = load_sources(config.PROJECT_ROOT / "corpora" / "sources.toml")
    names = [s.name for s in sources]
    assert "kremlin-en" in names and len(names) == len(set(names))
    kremlin = next(s for s in sources if s.name == "kremlin-en")
    assert kremlin.map["text"] == "body" and kremlin.fetch is not None


@pytest.mark.skipif(not config.corpora_root().exists(), reason="shared corpora absent")
def test_project_sources_point_at_existing_shared_data(monkeypatch):
    monkeypatch.delenv("VERIFY_SOURCES", raising=False)
    for src in load_sources(config.PROJECT_ROOT / "corpora" / "sources.toml"):
        for path in src.paths(demo=True) + src.paths():
            assert Path(path).exists(), (src.name, path)
