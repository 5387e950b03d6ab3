"""Attribution rules found on the real-article dev set (bench/articles, split dev)."""

from __future__ import annotations

from verify.article.extract import extract_quotes


def quotes(text: str, **kw):
    return [q for q in extract_quotes(text, claims=False, **kw) if q.kind == "quote"]


def by_text(items, start: str):
    return next(q for q in items if q.text.startswith(start))


def test_a_role_before_said_is_no_appositive_of_the_word_before_the_comma():
    text = (
        "Putin agreed “in principle” to involve the Red Cross in evacuating civilians from "
        "the plant in Mariupol, a UN spokesperson said."
    )
    q = by_text(quotes(text, date="2022-04-27"), "in principle")
    assert q.speaker_mention == "a UN spokesperson"
    assert q.speaker != "Mariupol"


def test_the_un_spokesperson_is_dujarric():
    text = (
        "“Follow-on discussions will be had with the relevant offices,” UN spokesman "
        "Stephane Dujarric said."
    )
    q = by_text(quotes(text, date="2022-04-27"), "Follow-on")
    assert q.speaker == "Stéphane Dujarric"


def test_agreeing_inside_a_reported_clause_is_the_reporters_account():
    text = (
        "The United Nations, in turn, said that the Russian president had agreed “in "
        "principle” to the participation of the Red Cross in evacuating civilians."
    )
    assert by_text(quotes(text), "in principle").speaker == "United Nations"
    # a verb of saying inside the clause still governs ("reported that Putin stated")
    text = "The AFP reported that Putin stated Russia faced “financial difficulties” this year."
    assert by_text(quotes(text), "financial").speaker == "Vladimir Putin"
