"""The wording stage's occasion rules, without a store: the occasion of a document, a
fragment's pattern, and whether a turn quotes the claimed speaker."""

from __future__ import annotations

from verify.check.lexical import fragment_pattern, on_occasion, quotes_claimed
from verify.check.request import make_request
from verify.knowledge.speakers import SpeakerRegistry
from verify.models import Document, Turn


class Res:
    def __init__(self):
        self.registry = SpeakerRegistry.default()

    def registry_or_none(self):
        return self.registry

    def same_person(self, a, b, date):
        return self.registry.same_person(a, b, date=date)


def test_the_occasion_is_the_event_or_a_few_days_before_the_claimed_date():
    req = make_request("five waves", "Putin", "2021-12-24")
    assert on_occasion(1, "2021-12-23", req) is True
    assert on_occasion(1, "2021-12-25", req) is True
    assert on_occasion(1, "2021-12-10", req) is False
    assert on_occasion(1, "2022-01-10", req) is False
    with_event = make_request("five waves", "Putin", "2021-12-24", event={7})
    assert on_occasion(7, "2021-11-01", with_event) is True
    assert on_occasion(1, None, make_request("five waves", "Putin")) is None


def test_a_fragment_pattern_allows_inflection_hyphens_and_case():
    p = fragment_pattern("continue to deteriorate")
    assert p.search("the situation continues to deteriorate")
    assert fragment_pattern("short-sighted").search("a shortsighted decision")
    assert fragment_pattern("Tectonic").search("tectonic shifts")
    assert not fragment_pattern("five waves").search("five new waves")
    assert fragment_pattern("...") is None


def _doc(text: str, turn: Turn, publisher="White House", date="2022-10-25") -> Document:
    return Document(
        id=1,
        url="u",
        title="t",
        date=date,
        publisher=publisher,
        kind="primary",
        language="en",
        text=text,
        content_hash="h",
        version=1,
        turns=[turn],
    )


def _quotes(text: str, words: str, claimed: str, **kw) -> bool:
    turn = Turn(0, 3, len(text), "Q", None, is_question=True)
    doc = _doc(text, turn, **kw)
    start = text.index(words)
    req = make_request(words, claimed, doc.date, canonical=lambda s, d: s)
    return quotes_claimed(Res(), req, doc, turn, start, start + len(words))


def test_a_question_that_names_the_speaker_quotes_them():
    text = "Q: Biden said on July 4 that we are closer than ever to declaring independence."
    assert _quotes(text, "closer than ever to declaring independence", "Joe Biden")


def test_a_title_that_names_the_speaker_in_that_document_counts():
    text = "Q: The President said the economy is strong. Is it?"
    assert _quotes(text, "the economy is strong", "Joe Biden")


def test_a_reporters_own_question_does_not_quote_the_official():
    text = "Q: Is the administration worried that inflation will keep rising this winter?"
    assert not _quotes(text, "inflation will keep rising this winter", "Karine Jean-Pierre")
