"""Provenance as a function: appearances and the credited outlet in, the statement out. The
check against the outlet's documents is a callable, here a fake: no store, no model."""

from __future__ import annotations

from verify.article.provenance import trace
from verify.check.appearances import earliest_primary
from verify.models import Appearance, Article, ExtractedQuote, QuoteResult, SourceSpan

ARTICLE = Article(text="...", date="2022-11-01", outlet="Tasnim")


def appearance(date, kind="primary", verdict="verbatim", quoted=False, publisher="Kremlin"):
    return Appearance(f"https://x/{date}", date, publisher, kind, verdict, quoted=quoted)


def quote(via=None):
    return ExtractedQuote("quote", "the words", 0, 9, speaker="Dmitry Peskov", via=via)


def result(verdict="verbatim", appearances=(), source=None):
    r = QuoteResult(quote="the words", verdict=verdict, score=1.0, explanation="")
    r.appearances = list(appearances)
    r.source = source
    r.earliest_primary = earliest_primary(r.appearances)
    return r


def span(url, date, publisher):
    kind = "primary" if publisher == "Kremlin" else "secondary"
    return SourceSpan(url, "title", date, publisher, kind, None, "the words", 0, 9)


def never_called(*args):
    raise AssertionError("the outlet check should not run")


def test_earliest_primary_skips_secondary_misattributed_and_quoted_words():
    apps = [
        appearance("2022-10-01", kind="secondary"),
        appearance("2022-10-02", verdict="misattributed"),
        appearance("2022-10-03", quoted=True),
        appearance("2022-10-04"),
    ]
    assert earliest_primary(apps).date == "2022-10-04"
    # words only ever quoted still count when nothing else is there
    assert earliest_primary([appearance("2022-10-03", quoted=True)]).date == "2022-10-03"
    assert earliest_primary([appearance("2022-10-01", kind="secondary")]) is None


def test_an_outlet_that_is_not_indexed_is_said_so():
    p = trace(never_called, lambda name: False, quote("Sputnik"), result(), ARTICLE)
    assert p.via == "Sputnik" and p.via_indexed is False
    assert "Sputnik is not in the indexed sources" in p.statement


def test_no_credited_outlet_and_no_primary_source():
    p = trace(never_called, lambda name: True, quote(), result("not_found"), ARTICLE)
    assert "No primary source found" in p.statement and "credits no outlet" in p.statement
    assert p.earliest_primary is None


def test_the_primary_predates_the_outlet_and_the_wording_changed_on_the_way():
    calls = []

    def check(text, speaker, date, publisher, exclude):
        calls.append((text, speaker, date, publisher))
        return result("verbatim", source=span("https://tass/1", "2022-10-30", "TASS"))

    r = result("altered", [appearance("2022-10-28")])
    p = trace(check, lambda name: name == "TASS", quote("TASS"), r, ARTICLE, exclude={7})
    assert calls == [("the words", "Dmitry Peskov", "2022-11-01", "TASS")]
    assert p.via_indexed and p.via_published and p.primary_predates_via
    assert "The primary source predates TASS's report." in p.statement
    assert "the article follows TASS" in p.statement


def test_a_paraphrase_result_still_gets_its_earliest_primary():
    src = span("https://x/1", "2022-10-20", "Kremlin")
    r = result("paraphrase", [appearance("2022-10-20", verdict="paraphrase")], source=src)
    r.earliest_primary = None  # paraphrase results carry none of their own
    p = trace(never_called, lambda name: False, quote(), r, ARTICLE)
    assert p.earliest_primary is not None and p.earliest_primary.date == "2022-10-20"
