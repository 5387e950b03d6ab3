"""Speaker attribution: inferred speakers, non-names, institutions, the passes' values."""

from __future__ import annotations

import dataclasses

import pytest

import verify.article.extract as extract
from verify.article.extract import extract_quotes
from verify.article.quotes.cues import Cue, analyse
from verify.article.quotes.marks import find_quotations
from verify.article.quotes.sentences import read_sentences


def quotes(text: str, **kw):
    return [q for q in extract_quotes(text, **kw) if q.kind == "quote"]


def by_text(items, start: str):
    return next(q for q in items if q.text.startswith(start))


SPEECH = (
    "Russian President Vladimir Putin addressed the forum on Friday.\n"
    '"The era of the unipolar world is over," Putin said.\n'
    '"Our economy has withstood the pressure of sanctions and keeps growing."\n'
    "The audience applauded. Analysts were cautious.\n"
    '"We will never give up our sovereignty, whatever happens in the world."\n'
)


def test_quotes_continuing_a_speech_report_are_inferred():
    qs = quotes(SPEECH)
    said = by_text(qs, "The era")
    assert said.speaker == "Vladimir Putin" and not said.speaker_inferred
    # a quotation opening the next paragraph continues the one before it (newswire style)
    assert by_text(qs, "Our economy").speaker == "Vladimir Putin"
    q = by_text(qs, "We will never")  # after a paragraph about something else
    assert q.speaker == "Vladimir Putin"
    assert q.speaker_inferred
    assert q.speaker_mention is None and q.speaker_start is None
    assert by_text(qs, "We will never").to_json()["speaker_inferred"] is True


def test_inference_can_be_turned_off(monkeypatch):
    monkeypatch.setattr(extract, "INFER", False)
    q = by_text(quotes(SPEECH), "We will never")
    assert q.speaker is None and not q.speaker_inferred


def test_no_inference_without_anybody_to_infer():
    q = quotes('"We will never give up our sovereignty, whatever happens," read a banner.\n')
    assert all(not x.speaker_inferred for x in q)


@pytest.mark.parametrize(
    "sentence",
    [
        '"That is not what we agreed at all," Him said.',
        '"That is not what we agreed at all," Russian said.',
        '"That is not what we agreed at all," Tensions said.\nTensions rose; tensions fell.',
    ],
)
def test_non_names_are_not_speakers(sentence):
    q = by_text(quotes(sentence), "That is not")
    assert q.speaker is None


def test_verb_began_is_a_cue():
    text = (
        "White House press secretary Jen Psaki took questions.\n"
        '"That is hard to assess from here," Psaki began.'
    )
    assert by_text(quotes(text), "That is hard").speaker == "Jen Psaki"


def test_an_unnamed_official_speaks_for_the_institution_named():
    text = '"We are not discussing regime change in any way," a White House official said.'
    assert by_text(quotes(text), "We are not").speaker == "White House"


def test_press_secretary_resolves_to_the_spokesman():
    text = (
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Monday.\n"
        '"The situation is relatively calm from that point of view," added the press secretary.'
    )
    assert by_text(quotes(text), "The situation").speaker == "Dmitry Peskov"


def test_a_one_off_headline_phrase_is_not_a_speaker():
    text = (
        'Reporter Grills Jean-Pierre: "Absolutely Not The Right Way To Do This At All"\n'
        "White House press secretary Karine Jean-Pierre was asked about the meeting.\n"
    )
    q = by_text(quotes(text), "Absolutely")
    assert q.speaker != "Reporter Grills Jean-Pierre"


def test_cues_are_frozen_values():
    text = '"We will respond," Peskov said, adding that talks would go on.'
    marks = find_quotations(text)
    sentence = read_sentences(text, marks)[0]
    cues = analyse(sentence.toks, sentence.title_case)
    assert cues and all(isinstance(c, Cue) for c in cues)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cues[0].np = None  # type: ignore[misc]
    adding = next(c for c in cues if c.lemma == "add")
    said = next(c for c in cues if c.lemma == "say")
    assert adding.parent == said.ci  # "adding" shares the speaker of "said"
