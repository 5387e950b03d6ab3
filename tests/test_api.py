"""The Python API: the README's example runs as written, and the Verifier returns what the
CLI prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verify import Verifier
from verify.errors import InputError, StoreError

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> str:
    text = README.read_text()
    m = re.search(r"<!-- api-example[^>]*-->\s*```python\n(.*?)```", text, re.S)
    assert m, "the README has lost its API example"
    return m.group(1)


@pytest.mark.slow
def test_the_readme_example_runs(small_env, capsys):
    exec(compile(readme_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("verbatim https://")
    assert "q1 verbatim" in out
    assert "White House" in out


@pytest.mark.slow
def test_verifier_answers_as_the_checker_does(small_home):
    with Verifier(home=small_home) as v:
        r = v.quote(
            "nothing about Ukraine without Ukraine", speaker="White House", date="2022-11-01"
        )
        assert r.verdict == "verbatim" and r.source.publisher == "White House"
        assert r.to_json()["verdict"] == "verbatim"
        results = list(v.check([{"id": "a", "quote": ""}, {"id": "b", "quote": "Ukraine"}]))
        assert [x.id for x in results] == ["a", "b"]
        assert results[0].error and "empty" in results[0].error
        quotes = v.extract('Psaki said the talks were "constructive and useful".')
        assert [q.text for q in quotes if q.kind == "quote"] == ["constructive and useful"]
        assert quotes[0].speaker == "Jen Psaki"


def test_verifier_errors_are_actionable(tmp_path):
    with pytest.raises(StoreError) as exc:
        Verifier(home=tmp_path / "nowhere")
    assert exc.value.hint


@pytest.mark.slow
def test_article_needs_text_or_source(small_home):
    with Verifier(home=small_home) as v, pytest.raises(InputError):
        v.article()
