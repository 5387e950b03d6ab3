"""Speaker-turn segmentation: White House capitals, Kremlin inline labels, narrative text."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from verify.config import corpora_root
from verify.corpus.turns import detect_style, segment
from verify.models import Turn

NEWS_CONFERENCE = "http://en.kremlin.ru/events/president/news/67438"
BRIEFING = (
    "press-briefings/2022-10/2022-10-26-press-briefing-by-press-secretary-karine-jean-pierre-and-"
    "national-security-council-coordinator-for-strategic-communications-john-kirby-3.md"
)
STATEMENT = (
    "statements-releases/2022-09/2022-09-23-president-biden-announces-presidential-delegation-to-"
    "japan-to-attend-the-state-funeral-of-former-prime-minister-abe-shinzo-of-japan.md"
)


def assert_partition(text: str, turns: list[Turn]) -> None:
    """Turns cover the text contiguously, in order; each body lies inside its turn."""
    assert turns, "a non-empty text has at least one turn"
    assert turns[0].start == 0
    assert turns[-1].end == len(text)
    for a, b in zip(turns, turns[1:], strict=False):
        assert a.end == b.start
    for t in turns:
        assert t.start <= t.body_start <= t.end
        assert t.start < t.end


def bodies(text: str, turns: list[Turn]) -> list[str]:
    return [text[t.body_start : t.end].strip() for t in turns]


# ------------------------------------------------------------------ small inline examples


def test_empty_text_has_no_turns():
    assert segment("") == []


def test_kremlin_inline_turns_with_long_titles():
    text = (
        "The President met with journalists. Mr Peskov, please. Deputy Chief of Staff of the "
        "Presidential Executive Office\u2013 Presidential Press Secretary Dmitry Peskov: Let us "
        "begin. Ivan Petrov: Good afternoon, Mr President. What will happen to prices? Thank you. "
        "Vladimir Putin: Prices are stable. Governor of the Tver Region Igor Rudenya: And what "
        "about roads? Vladimir Putin: Roads are being built."
    )
    turns = segment(text, publisher="Kremlin", date="2021-12-23")
    assert_partition(text, turns)
    narrative, peskov, petrov, putin, rudenya, putin2 = turns
    assert narrative.label is None and narrative.speaker is None
    assert text[: narrative.end].endswith("Mr Peskov, please. ")
    assert peskov.label.startswith("Deputy Chief of Staff") and peskov.label.endswith("Peskov")
    assert peskov.speaker == "Dmitry Peskov"
    assert text[peskov.body_start :].startswith("Let us begin.")
    # an untitled non-official who asks a question is a questioner; a titled official is not
    assert (petrov.speaker, petrov.is_question) == ("Ivan Petrov", True)
    assert (rudenya.speaker, rudenya.is_question) == ("Igor Rudenya", False)
    assert putin.speaker == putin2.speaker == "Vladimir Putin"
    assert not putin.is_question and not peskov.is_question


def test_a_label_ending_in_an_interpreters_note_is_still_a_turn():
    # a foreign leader's words, retranslated: theirs, not the previous speaker's
    text = (
        "President of Russia Vladimir Putin: I am happy to see you. Welcome. President of Iran "
        "Sayyid Ebrahim Raisi Raisi Sayyid EbrahimPresident of Iran (retranslated): Thank you "
        "very much. We want these relations to be sustainable and comprehensive."
    )
    turns = segment(text, publisher="Kremlin", date="2022-01-19")
    assert_partition(text, turns)
    assert [t.speaker for t in turns] == ["Vladimir Putin", "Ebrahim Raisi"]
    assert bodies(text, turns)[1].startswith("Thank you very much.")


def test_question_label_is_a_reporter():
    text = "Vladimir Putin: Good afternoon. Question: Can you tell us about the talks? Vladimir "
    text += "Putin: Yes."
    turns = segment(text, publisher="Kremlin")
    assert [(t.label, t.speaker, t.is_question) for t in turns] == [
        ("Vladimir Putin", "Vladimir Putin", False),
        ("Question", None, True),
        ("Vladimir Putin", "Vladimir Putin", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "And the most important question, of course: how do you assess the work of the Bank?",
        "The agenda includes: the budget, the regions and the roads.",
        "Naturally, when people watch this, they might say: it's an average again.",
        "The meeting began at 10:30. It ended at 12:15: All went well.",
        "Russia's position is clear: No expansion of NATO.",
        "He said, and I quote: We will not give up. Dear Friends: Thank you.",
        "Take the new strain: Omicron spreads fast. First: we must vaccinate.",
        "They are building on the American Pandemic Preparedness Plan: Transforming Our "
        "Capabilities, released last year.",
    ],
)
def test_ordinary_colons_are_not_labels(text):
    for publisher in ("Kremlin", None):
        turns = segment(text, publisher=publisher)
        assert len(turns) == 1 and turns[0].label is None and turns[0].speaker is None


def test_narrative_text_is_one_turn():
    text = (
        "Vladimir Putin sent a message of greetings to the participants of the forum. The "
        'message reads, in part: "You have achieved a great deal."'
    )
    turns = segment(text, publisher="Kremlin")
    assert turns == [Turn(0, 0, len(text))]


def test_white_house_paragraph_labels():
    text = (
        "James S. Brady Press Briefing Room\n\n1:33 P.M. EDT\n\n"
        "MS. JEAN-PIERRE:  Good afternoon, everybody.\n\n"
        "I have two announcements.\n\n"
        "Q  Thank you, Karine. On Ukraine: what is next?\n\n"
        "MS. JEAN-PIERRE: Look, we have been clear.\n\n"
        "MR. KIRBY: Thanks, Karine.\n\n"
        "THE PRESIDENT: Thank you all.\n\n"
        "END 2:10 P.M. EDT"
    )
    turns = segment(text, publisher="White House", date="2022-10-26")
    assert_partition(text, turns)
    got = [(t.label, t.speaker, t.is_question) for t in turns]
    assert got == [
        (None, None, False),
        ("MS. JEAN-PIERRE", "Karine Jean-Pierre", False),
        ("Q", None, True),
        ("MS. JEAN-PIERRE", "Karine Jean-Pierre", False),
        ("MR. KIRBY", "John Kirby", False),
        ("THE PRESIDENT", "Joe Biden", False),
        (None, None, False),  # the END line is not the President's
    ]
    assert bodies(text, turns)[1].startswith("Good afternoon, everybody.\n\nI have two")
    assert bodies(text, turns)[2].startswith("Thank you, Karine. On Ukraine:")


def test_white_house_label_inside_a_paragraph():
    # the source lost a paragraph break between the question and the answer
    text = "Q Will he sign it? Is there a date? MS. PSAKI: Well, first, he will.\n\nQ Thanks."
    turns = segment(text, publisher="White House", date="2021-08-24")
    assert [(t.label, t.speaker) for t in turns] == [
        ("Q", None),
        ("MS. PSAKI", "Jen Psaki"),
        ("Q", None),
    ]
    assert bodies(text, turns)[1] == "Well, first, he will."


def test_white_house_headings_are_not_speakers():
    text = (
        "NOMINATIONS SENT TO THE SENATE:\n\nJane Doe, of Ohio, to be a Judge.\n\n"
        "SUBJECT: Delegation of Authority\n\nBy the authority vested in me: I hereby delegate."
    )
    turns = segment(text, publisher="White House", date="2022-01-07")
    assert len(turns) == 1 and turns[0].label is None


def test_unknown_official_gets_the_full_name_the_document_gives():
    text = (
        "MODERATOR: Our speaker today is Dana Whitfield, our director.\n\n"
        "MS. WHITFIELD: Thanks, everyone.\n\nQ Thank you."
    )
    turns = segment(text, publisher="White House", date="2022-06-01")
    assert turns[1].speaker == "Dana Whitfield"
    alone = segment("MS. WHITFIELD: Thanks, everyone.", publisher="White House")
    assert alone[0].speaker == "Whitfield"


def test_style_is_detected_without_a_publisher():
    wh = "MS. PSAKI: Good afternoon.\n\nQ Thanks, Jen."
    kremlin = "Vladimir Putin: Good afternoon. Dmitry Peskov: Let us begin."
    assert detect_style(wh) == "upper"
    assert detect_style(kremlin) == "title"
    assert [t.speaker for t in segment(wh)] == ["Jen Psaki", None]
    assert [t.speaker for t in segment(kremlin)] == ["Vladimir Putin", "Dmitry Peskov"]


def test_kremlin_paragraph_labels_from_html_text():
    text = (
        "President of Russia Vladimir Putin: Good afternoon,\n\nLet us begin.\n\n"
        "Presidential Press Secretary Dmitry Peskov: Thank you, Mr President.\n\n"
        "Valery Sanfirov: Hello. Valery Sanfirov, Mayak radio station.\n\nWhat are the risks?"
    )
    turns = segment(text, publisher="Kremlin", date="2019-12-19")
    assert_partition(text, turns)
    assert [(t.speaker, t.is_question) for t in turns] == [
        ("Vladimir Putin", False),
        ("Dmitry Peskov", False),
        ("Valery Sanfirov", True),
    ]


# ------------------------------------------------------------------ real transcripts


def _corpora() -> Path:
    root = corpora_root()
    if not root.is_dir():
        pytest.skip(f"shared corpora not found at {root}")
    return root


def _kremlin_rows() -> dict[str, dict]:
    path = _corpora() / "kremlin-en" / "putin.csv"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["link"]: row for row in csv.DictReader(fh)}


def _whitehouse_text(rel: str) -> tuple[str, str | None]:
    path = _corpora() / "whitehouse" / rel
    if not path.exists():
        pytest.skip(f"{path} is missing")
    from tools.evaluation.turns import _whitehouse_doc

    doc = _whitehouse_doc(path)
    assert doc is not None
    return doc.text, doc.date


def test_annual_news_conference_2021():
    row = _kremlin_rows()[NEWS_CONFERENCE]
    text = row["body"]
    turns = segment(text, publisher="Kremlin", date=row["date"])
    assert_partition(text, turns)
    first = turns[0]
    assert (first.label, first.speaker) == ("President of Russia Vladimir Putin", "Vladimir Putin")
    peskov = next(t for t in turns if t.speaker == "Dmitry Peskov")
    assert peskov.label.startswith("Deputy Chief of Staff of the Presidential Executive Office")
    assert text[peskov.body_start :].startswith("Let us begin.")
    terekhov = next(t for t in turns if t.label == "Vyacheslav Terekhov")
    assert terekhov.is_question and text[terekhov.body_start :].startswith("Good afternoon")
    by_speaker: dict[str, set[bool]] = {}
    for t in turns:
        by_speaker.setdefault(t.speaker or "", set()).add(t.is_question)
    assert by_speaker["Vladimir Putin"] == {False}
    assert by_speaker["Dmitry Peskov"] == {False}
    journalists = [s for s, q in by_speaker.items() if q == {True}]
    assert len(journalists) >= 20
    assert sum(t.speaker == "Vladimir Putin" for t in turns) >= 50
    # a colon inside a journalist's question does not start a turn
    assert not any(t.label and t.label.endswith("of course") for t in turns)


def test_whole_kremlin_corpus_is_partitioned_quickly():
    rows = list(_kremlin_rows().values())
    t0 = time.perf_counter()
    for row in rows:
        text = row["body"]
        turns = segment(text, publisher="Kremlin", date=row["date"])
        if text:
            assert turns[0].start == 0 and turns[-1].end == len(text)
    assert time.perf_counter() - t0 < 20  # about 0.3 s on the reference machine


def test_white_house_briefing_with_kirby():
    text, date = _whitehouse_text(BRIEFING)
    turns = segment(text, publisher="White House", date=date)
    assert_partition(text, turns)
    assert turns[0].label is None  # "James S. Brady Press Briefing Room", the time
    labelled = [t for t in turns if t.label]
    qs = [t for t in labelled if t.label == "Q"]
    assert len(qs) > 20 and all(t.is_question and t.speaker is None for t in qs)
    kjp = [t for t in labelled if t.label == "MS. JEAN-PIERRE"]
    assert kjp and all(t.speaker == "Karine Jean-Pierre" and not t.is_question for t in kjp)
    kirby = [t for t in labelled if t.label == "MR. KIRBY"]
    assert kirby and all(t.speaker == "John Kirby" for t in kirby)
    assert {t.label for t in labelled} <= {"Q", "MS. JEAN-PIERRE", "MR. KIRBY"}


def test_white_house_statement_is_one_narrative_turn():
    text, date = _whitehouse_text(STATEMENT)
    for publisher in ("White House", None):
        turns = segment(text, publisher=publisher, date=date)
        assert turns == [Turn(0, 0, len(text))]


def test_hand_labelled_sample_scores():
    """bench/turns_gold.jsonl: hand labels over both sources (dev and held-out documents)."""
    _corpora()
    from tools.evaluation.turns import DEFAULT_GOLD, evaluate

    result = evaluate(DEFAULT_GOLD)
    assert not result["missing_documents"]
    overall = result["overall"]
    assert overall["docs"] >= 30 and overall["gold_turns"] >= 300
    assert overall["gold_turns_not_found_in_text"] == 0
    assert overall["precision"] >= 0.97 and overall["recall"] >= 0.97
    assert overall["speaker_accuracy_same_person"] >= 0.97
    assert overall["is_question_accuracy"] >= 0.95
    assert overall["narrative_only_correct"] == overall["narrative_only_docs"]
