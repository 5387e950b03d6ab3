"""The verdict decision as a pure function: hand-built judgements in, a decision out.

No store, no model: these run in milliseconds and pin down the rules of
verify.check.decide one by one.
"""

from __future__ import annotations

from verify.check.decide import (
    NOT_FOUND,
    PARAPHRASE,
    STATEMENT_ELSEWHERE,
    WORDING,
    WORDING_FAR,
    WORDS_ELSEWHERE,
    confident_elsewhere,
    decide,
    decide_wording,
    event_rewording,
    event_wording,
    off_event_fragment,
    order_key,
)
from verify.check.verdict import TRANSLATION_NOTE, Judgement
from verify.models import Document, Turn


def doc(id: int, date: str = "2022-10-25", kind: str = "primary", publisher="White House"):
    return Document(
        id=id,
        url=f"https://example.org/{id}",
        title=f"Doc {id}",
        date=date,
        publisher=publisher,
        kind=kind,
        language="en",
        text="x" * 100,
        content_hash=str(id),
        version=1,
        turns=[Turn(0, 0, 100, "MS. JEAN-PIERRE", "Karine Jean-Pierre")],
    )


def wording(
    id: int,
    verdict: str,
    *,
    speaker_ok: bool | None = True,
    date: str = "2022-10-25",
    remote: bool = False,
    quoted: bool = False,
    kind: str = "primary",
    notes: list[str] | None = None,
) -> Judgement:
    j = Judgement(
        doc(id, date, kind),
        verdict,
        1.0,
        None,
        (0, 10),
        None,
        speaker_ok,
        quoted,
        notes=notes or [],
    )
    j.remote = remote
    return j


def meaning(id: int, score: float, cosine: float, *, speaker_ok=True, overlap=0.3, date=None):
    return Judgement(
        doc(id, date or "2022-10-20"),
        "paraphrase",
        score,
        None,
        (0, 10),
        None,
        speaker_ok,
        False,
        cosine=cosine,
        overlap=overlap,
    )


CLAIMED, DATE = "Karine Jean-Pierre", "2022-11-01"


def test_verbatim_by_the_claimed_speaker_settles_the_quote():
    d = decide_wording([wording(1, "verbatim")], CLAIMED, DATE)
    assert d is not None and d.kind == WORDING and d.verdict == "verbatim" and d.chosen.doc.id == 1


def test_a_paraphrase_alone_does_not_settle_the_wording():
    assert decide_wording([wording(1, "paraphrase")], CLAIMED, DATE) is None
    assert decide_wording([], CLAIMED, DATE) is None


def test_another_translation_of_the_passage_settles_like_an_alteration():
    j = wording(1, "paraphrase", notes=[TRANSLATION_NOTE])
    d = decide_wording([j], CLAIMED, DATE)
    assert d is not None and d.verdict == "paraphrase" and d.kind == WORDING


def test_words_in_someone_elses_turn_are_misattributed():
    d = decide_wording([wording(1, "verbatim", speaker_ok=False)], CLAIMED, DATE)
    assert d.verdict == "misattributed"


def test_an_equally_good_match_by_the_claimed_speaker_wins_over_misattribution():
    wrong = wording(1, "verbatim", speaker_ok=False, date="2022-10-30")
    right = wording(2, "verbatim", speaker_ok=True, date="2022-08-01")
    d = decide_wording([wrong, right], CLAIMED, DATE)
    assert d.verdict == "verbatim" and d.chosen.doc.id == 2


def test_better_wording_beats_the_right_speaker_only_when_no_claim_is_made():
    altered = wording(1, "altered", speaker_ok=None)
    verbatim = wording(2, "verbatim", speaker_ok=None)
    d = decide_wording([altered, verbatim], None, DATE)
    assert d.verdict == "verbatim" and d.chosen.doc.id == 2


def test_unquoted_and_primary_and_closer_in_date_are_preferred():
    quoted = wording(1, "verbatim", quoted=True)
    plain = wording(2, "verbatim")
    assert order_key(plain, DATE) < order_key(quoted, DATE)
    secondary = wording(3, "verbatim", kind="secondary")
    assert order_key(plain, DATE) < order_key(secondary, DATE)
    near = wording(4, "verbatim", date="2022-10-30")
    far = wording(5, "verbatim", date="2021-01-01")
    assert order_key(near, DATE) < order_key(far, DATE)


def test_a_short_quote_far_from_the_date_is_not_taken_as_the_source():
    far = wording(1, "verbatim", remote=True, date="2021-01-01")
    assert decide_wording([far], CLAIMED, DATE) is None
    # ... but it is reported when nothing better is found, with the far-date caveat
    d = decide([far], [], CLAIMED, DATE)
    assert d.kind == WORDING_FAR and d.verdict == "verbatim"


def test_a_short_quotes_changed_match_far_from_the_date_is_not_found():
    # one word of five different, months after the report: no evidence it was said so
    far = wording(1, "altered", remote=True, date="2022-10-18")
    d = decide([far], [], CLAIMED, DATE)
    assert d.verdict == "not_found" and d.kind == WORDS_ELSEWHERE
    assert d.ranked[0].doc.id == 1  # the place is still listed
    # near the date the same changed match is the source
    near = wording(2, "altered", remote=False)
    assert decide([near], [], CLAIMED, DATE).verdict == "altered"


def test_a_clear_paraphrase_by_the_claimed_speaker():
    d = decide([], [meaning(1, 0.8, 0.82), meaning(2, 0.3, 0.7)], CLAIMED, DATE)
    assert d.kind == PARAPHRASE and d.verdict == "paraphrase" and d.chosen.doc.id == 1
    assert abs(d.score - 0.8) < 1e-9


def test_a_statement_dated_after_the_report_is_not_its_source():
    later = meaning(1, 0.9, 0.88, date="2022-11-02")  # the day after the report
    d = decide([], [later, meaning(2, 0.3, 0.6)], CLAIMED, DATE)
    assert d.verdict == "not_found" and d.closest.doc.id == 1
    other_later = meaning(3, 0.0, 0.93, speaker_ok=False, overlap=0.6, date="2022-11-03")
    assert decide([], [other_later], CLAIMED, DATE).verdict == "not_found"
    same_day = meaning(4, 0.9, 0.88, date=DATE)
    assert decide([], [same_day], CLAIMED, DATE).verdict == "paraphrase"


def test_a_paraphrase_beats_a_remote_wording_match():
    far = wording(1, "verbatim", remote=True, date="2021-01-01")
    d = decide([far], [meaning(2, 0.9, 0.85)], CLAIMED, DATE)
    assert d.kind == PARAPHRASE and d.chosen.doc.id == 2


def test_below_the_threshold_is_not_found_with_the_closest_kept():
    d = decide([], [meaning(1, 0.4, 0.7), meaning(2, 0.2, 0.75)], CLAIMED, DATE)
    assert d.kind == NOT_FOUND and d.verdict == "not_found" and d.chosen is None
    assert d.closest.doc.id == 1
    assert abs(d.score - 0.6) < 1e-9


def test_the_same_statement_clearly_made_by_someone_else_is_misattributed():
    other = meaning(1, 0.0, 0.93, speaker_ok=False, overlap=0.6, date="2022-10-28")
    assert confident_elsewhere(other, DATE)
    d = decide([], [other], CLAIMED, DATE)
    assert d.kind == STATEMENT_ELSEWHERE and d.verdict == "misattributed"


def test_a_fragment_close_to_someone_elses_line_is_not_found_not_misattributed():
    """ "as soon as possible" credited to Erdogan, a Psaki line of those words: a few words
    close in meaning to someone's line are not their statement."""
    other = meaning(1, 0.0, 0.93, speaker_ok=False, overlap=0.6, date="2022-10-28")
    d = decide([], [other], CLAIMED, DATE, fragment=True)
    assert d.verdict == "not_found" and d.closest is other


def test_a_loose_look_alike_by_someone_else_is_not_found():
    other = meaning(1, 0.0, 0.70, speaker_ok=False)
    assert not confident_elsewhere(other, DATE)
    assert decide([], [other], CLAIMED, DATE).verdict == "not_found"


def test_without_a_claimed_speaker_nobody_is_wrong():
    d = decide([], [meaning(1, 0.7, 0.9, speaker_ok=None)], None, DATE)
    assert d.verdict == "paraphrase"


# ---------------------------------------------------------------- fragments and quotations


class _Aln:
    """Just what the rules read of an alignment: how many words the quote has."""

    def __init__(self, n_quote: int):
        self.n_quote = n_quote
        self.coverage = 1.0


def fragment(id: int, verdict="verbatim", *, n=2, speaker_ok=True, on_occasion=True, **kw):
    j = wording(id, verdict, speaker_ok=speaker_ok, **kw)
    j.aln = _Aln(n)
    j.turn = Turn(0, 0, 100, "PRESIDENT PUTIN", "Vladimir Putin")
    j.on_occasion = on_occasion
    return j


def test_a_fragment_in_the_claimed_speakers_turn_on_the_occasion_is_the_source():
    d = decide_wording([fragment(1)], "Vladimir Putin", "2022-10-25")
    assert d is not None and d.verdict == "verbatim" and d.chosen.doc.id == 1


def test_a_fragment_found_only_on_another_day_is_not_found_with_the_places_listed():
    far = fragment(1, on_occasion=False)
    assert decide_wording([far], "Vladimir Putin", "2022-10-25") is None
    d = decide([far], [], "Vladimir Putin", "2022-10-25")
    assert d.verdict == "not_found" and d.kind == WORDS_ELSEWHERE and d.ranked == (far,)


def test_a_fragment_in_someone_elses_turn_is_no_evidence_not_misattributed():
    other = fragment(1, speaker_ok=False)
    d = decide([other], [], "Vladimir Putin", "2022-10-25")
    assert d.verdict == "not_found" and d.kind == WORDS_ELSEWHERE


def test_the_speakers_own_fragment_wins_over_a_reporters_question_of_that_day():
    question = fragment(1, speaker_ok=False)
    own = fragment(2, speaker_ok=True)
    d = decide_wording([question, own], "Vladimir Putin", "2022-10-25")
    assert d.verdict == "verbatim" and d.chosen.doc.id == 2


def test_a_fragment_without_a_claimed_speaker_needs_only_the_occasion():
    assert decide_wording([fragment(1, speaker_ok=None)], None, "2022-10-25").verdict == "verbatim"
    assert decide_wording([fragment(1, speaker_ok=None, on_occasion=False)], None, None) is None


def test_a_fragment_of_an_unknown_occasion_counts_in_the_speakers_turn():
    d = decide_wording([fragment(1, on_occasion=None)], "Vladimir Putin", None)
    assert d is not None and d.verdict == "verbatim"


def test_a_fragments_words_in_the_event_come_before_those_of_another_day():
    day_before = fragment(1, date="2022-10-24")  # said the day before too
    in_event = fragment(2, date="2022-10-20")  # the occasion the article reports
    d = decide_wording([day_before, in_event], "Vladimir Putin", "2022-10-25")
    assert d.chosen.doc.id == 1 and off_event_fragment(d, {2}, True)
    assert not off_event_fragment(d, {1}, True) and not off_event_fragment(d, {2}, False)
    inside = event_wording(d, {2}, "Vladimir Putin")
    assert inside is not None and inside.verdict == "verbatim" and inside.chosen.doc.id == 2
    assert event_wording(d, {3}, "Vladimir Putin") is None


def test_a_fragment_said_otherwise_in_the_event_beats_its_words_on_another_day():
    d = decide_wording([fragment(1, date="2022-10-24")], "Vladimir Putin", "2022-10-25")
    reworded = meaning(2, 0.9, 0.5)
    reworded.counterparts = (("seize", "take", 0.55),)
    out = event_rewording(d, [reworded], {2})
    assert out.verdict == "paraphrase" and out.kind == PARAPHRASE and out.chosen.doc.id == 2
    # no rewording in the event, or one in another document: the words stand
    assert event_rewording(d, [meaning(2, 0.9, 0.5)], {2}) is d
    assert event_rewording(d, [reworded], {3}) is d


def test_a_quote_over_four_words_is_not_held_to_the_occasion():
    j = fragment(1, n=9, on_occasion=False)
    assert decide_wording([j], "Vladimir Putin", "2022-10-25").verdict == "verbatim"


def quotation(id: int, *, quotes_claimed=True, quoted=False, question=True):
    j = wording(id, "verbatim", speaker_ok=False if question else None, quoted=quoted)
    j.turn = Turn(0, 0, 100, "Q", None, is_question=question)
    if not question:
        j.turn = Turn(0, 0, 100, "MR. SULLIVAN", "Jake Sullivan")
    j.quotes_claimed = quotes_claimed
    return j


def test_a_reporter_reading_the_speakers_line_is_an_appearance_not_the_source():
    q = quotation(1)
    assert decide_wording([q], "Joe Biden", "2022-10-25") is None
    d = decide([q], [], "Joe Biden", "2022-10-25")
    assert d.verdict == "not_found" and d.kind == WORDS_ELSEWHERE


def test_the_speakers_own_passage_by_meaning_beats_a_quotation_of_them():
    q = quotation(1)
    own = meaning(2, 0.9, 0.85)
    d = decide([q], [own], "Joe Biden", "2022-10-25")
    assert d.verdict == "paraphrase" and d.chosen.doc.id == 2


def test_another_official_repeating_the_speaker_in_quotation_marks_is_an_appearance():
    q = quotation(1, quotes_claimed=False, quoted=True, question=False)
    d = decide([q], [], "Joe Biden", "2022-10-25")
    assert d.verdict == "not_found" and d.kind == WORDS_ELSEWHERE


def test_a_reporters_own_words_credited_to_the_official_stay_misattributed():
    q = quotation(1, quotes_claimed=False)
    d = decide_wording([q], "Joe Biden", "2022-10-25")
    assert d is not None and d.verdict == "misattributed"


def test_a_close_look_alike_whose_names_or_numbers_differ_is_not_a_paraphrase():
    look_alike = meaning(1, 0.95, 0.8)
    look_alike.content_ok = False
    agreeing = meaning(2, 0.7, 0.7)
    agreeing.content_ok = True
    d = decide([], [look_alike, agreeing], "Karine Jean-Pierre", "2022-10-25")
    assert d.verdict == "paraphrase" and d.chosen.doc.id == 2
    d = decide([], [look_alike], "Karine Jean-Pierre", "2022-10-25")
    assert d.verdict == "not_found"


def test_another_speakers_look_alike_needs_agreeing_content_to_be_misattributed():
    other = meaning(1, 0.99, 0.9, speaker_ok=False, overlap=0.6)
    assert decide([], [other], "Karine Jean-Pierre", "2022-10-20").verdict == "misattributed"
    other.content_ok = False
    assert decide([], [other], "Karine Jean-Pierre", "2022-10-20").verdict == "not_found"


def test_a_same_topic_line_weeks_before_is_not_the_statement():
    """A close passage (cosine 0.80) said three weeks before the report, sharing a fifth of
    the quote's content words, is an official's similar line, not the source; the same
    passage on the day, in the article's event, or sharing most of the words, is."""
    from verify.check.verdict import paraphrase_probability

    assert paraphrase_probability(0.80, 0.23, True, 21) == 0.0
    assert paraphrase_probability(0.80, 0.23, True, 1) > 0.9
    assert paraphrase_probability(0.80, 0.23, True, 21, on_occasion=True) > 0.9
    assert paraphrase_probability(0.80, 0.60, True, 21) > 0.9


def test_an_exact_match_dated_after_the_claim_does_not_stop_the_search():
    from types import SimpleNamespace

    from verify.check.lexical import settled

    same_day = wording(1, "verbatim", date="2022-11-01")
    day_after = wording(2, "verbatim", date="2022-11-02")
    for j in (same_day, day_after):
        j.aln = SimpleNamespace(coverage=1.0, n_quote=6)
    assert settled(same_day, CLAIMED, DATE)
    # the briefing of the day after repeats the line: the day's own one may be further down
    assert not settled(day_after, CLAIMED, DATE)
    assert settled(day_after, CLAIMED, None)
    # both judged, the earlier of two equal matches is the source
    assert decide([day_after, same_day], [], CLAIMED, DATE).chosen.doc.id == 1


def test_words_in_quotation_marks_in_a_turn_are_a_quotation_an_article_before_them_too():
    from verify.check.verdict import inside_quotation

    text = "Q The mayor said that it was a \u201cslap in the face\u201d that the President went"
    at = text.find
    end = at("face") + 4
    assert inside_quotation(text, 0, at("a \u201cslap"), end)
    assert inside_quotation(text, 0, at("slap"), end)
    assert not inside_quotation(text, 0, at("it was"), end)  # the reporter's own words too


def test_of_the_same_words_in_two_event_transcripts_the_likelier_occasion_is_the_source():
    # the President says "ultra-MAGA" at a fundraiser and in his economy speech the same day:
    # the speech the article's other quotes come from (event rank 0) is the source
    fundraiser, speech = wording(1, "verbatim"), wording(2, "verbatim")
    fundraiser.event_rank, speech.event_rank = 1, 0
    d = decide_wording([fundraiser, speech], "Joe Biden", "2022-10-25")
    assert d is not None and d.chosen.doc.id == 2
    # outside the event, a document comes after every one inside it
    outside = wording(3, "verbatim")
    assert order_key(fundraiser, "2022-10-25") < order_key(outside, "2022-10-25")


def test_a_ranked_event_keeps_its_order_in_the_request():
    from verify.check.request import make_request

    ranked = make_request("some words here", "Joe Biden", "2022-05-10", event=[7, 3, 5])
    assert ranked.event == frozenset({3, 5, 7}) and ranked.event_order == (7, 3, 5)
    assert make_request("some words here", event={3, 5}).event_order == ()


def test_a_loose_translation_of_the_occasion_needs_less_similarity_only_in_a_translation():
    from verify.check.verdict import paraphrase_probability

    # the claimed speaker's sentence of the event, cosine 0.58: another translation of it
    kw = {"on_occasion": True}
    assert paraphrase_probability(0.58, 0.0, True, 1, translated=True, **kw) > 0.5
    # in an English transcript the same cosine is a line on the same topic, not the statement
    assert paraphrase_probability(0.58, 0.0, True, 1, translated=False, **kw) < 0.5
    # nor off the occasion, nor in someone else's turn
    assert paraphrase_probability(0.58, 0.0, True, 1, translated=True) < 0.5
    assert paraphrase_probability(0.58, 0.0, None, 1, translated=True, **kw) == 0.0


def test_someone_elses_words_also_quoted_as_the_claimed_speakers_are_no_confirmation():
    # a press secretary said "a slap in the face" herself; a reporter's question quotes the
    # mayor the article credits: neither is the mayor's own turn
    own = wording(1, "verbatim", speaker_ok=False)
    q = quotation(2)
    q.speaker_ok = None  # a reporter's question: whose words it quotes the turn cannot tell
    assert decide_wording([own, q], "Trent Conaway", DATE) is None
    d = decide([own, q], [], "Trent Conaway", DATE)
    assert d.verdict == "not_found" and d.kind == WORDS_ELSEWHERE
    # the claimed speaker's own passage in other words still wins
    d = decide([own, q], [meaning(3, 0.9, 0.85)], "Trent Conaway", DATE)
    assert d.verdict == "paraphrase" and d.chosen.doc.id == 3
    # without the quotation, someone else's own words are misattributed
    assert decide_wording([own], "Trent Conaway", DATE).verdict == "misattributed"
