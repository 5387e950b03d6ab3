"""Word alignment and wording verdicts, on transcript text (no store, no model)."""

from __future__ import annotations

import pytest

from verify.check.align import DocTokens, align, clean_quote, split_quote
from verify.check.verdict import wording_verdict

# Real sentences of the Kremlin's 2021-12-23 news conference transcript (CC BY 4.0).
SOURCE = (
    "Vladimir Putin: Good afternoon, colleagues. I think that we can get down to work. "
    "There is quite a distance between us, but I do hope that our technical staff have made all "
    "the necessary arrangements so that you can hear me well. I also hope that I will be able to "
    "hear you clearly. Mr Peskov, I think that we can begin without any lengthy introductory "
    "remarks, since this would be more useful and interesting for everyone. As you may know, a "
    "group of Russian scientists and experts is now in South Africa, where their colleagues "
    "actually discovered this new strain. They are working there, and are quite successful at "
    "that. Once again, I would like to thank our colleagues from South Africa. Well, we will "
    "organise the work so that 3 groups of experts travel there – travel there next week. "
    "It is you who must give us guarantees, and you must do it immediately, right now."
)
DOC = DocTokens(SOURCE)


def judge(quote: str):
    aln = align(clean_quote(quote), DOC)
    assert aln is not None
    verdict, score, notes, changes = wording_verdict(aln)
    return verdict, aln, notes, changes


@pytest.mark.parametrize(
    "quote",
    [
        "I also hope that I will be able to hear you clearly.",
        "\u201cI also hope that I will be able to hear you clearly\u201d",
        "i also hope that i will be able to hear you clearly",
        # a fragment of a long sentence, and a quote running over two sentences
        "our technical staff have made all the necessary arrangements",
        "They are working there, and are quite successful at that. Once again, I would like",
    ],
)
def test_verbatim_after_typographic_normalisation(quote):
    verdict, aln, _, _ = judge(quote)
    assert verdict == "verbatim"
    s, e = aln.span
    assert SOURCE[s:e].lower().startswith(clean_quote(quote)[:10].lower())


def test_marked_omission_is_verbatim_with_an_elide_operation():
    verdict, aln, _, _ = judge(
        "There is quite a distance between us ... our technical staff have made all the "
        "necessary arrangements"
    )
    assert verdict == "verbatim"
    elides = [op for op in aln.ops if op.tag == "elide"]
    assert len(elides) == 1 and elides[0].marker == "..."
    assert elides[0].j2 > elides[0].j1  # the omitted source words are recorded


def test_bracketed_editorial_insertion_is_allowed():
    verdict, aln, _, _ = judge("It is you who must give [Russia] guarantees")
    assert verdict == "verbatim"
    assert any(op.tag == "elide" and op.marker == "[Russia]" for op in aln.ops)


@pytest.mark.parametrize(
    "quote,reason",
    [
        ("Once again, I'd like to thank our colleagues from South Africa", "contraction"),
        ("we will organize the work so that 3 groups of experts travel there", "spelling"),
        ("we will organise the work so that three groups of experts travel there", "number form"),
        ("There is quite a distance between us but I do hope", "punctuation"),
        ("We will organise the work so that 3 groups of experts travel there next week", "stutter"),
    ],
)
def test_harmless_differences_are_minor(quote, reason):
    verdict, aln, notes, _ = judge(quote)
    assert verdict == "minor", (verdict, notes)
    reasons = {r for op in aln.harmless() for r in op.harmless.split(", ")}
    assert reason in reasons or reason == "stutter" and "dropped filler" in reasons | {"stutter"}


def test_dropped_filler_is_minor():
    verdict, aln, _, _ = judge(
        "I would like to thank our colleagues from South Africa. We will organise the work"
    )
    assert verdict == "minor"
    assert any(op.harmless == "dropped filler" for op in aln.ops)


@pytest.mark.parametrize(
    "quote,changed",
    [
        ("I also hope that I will not be able to hear you clearly", "not"),
        ("we will organise the work so that 4 groups of experts travel there", "4"),
        ("Once again, I would like to thank our colleagues from South Korea", "korea"),
        ("It is you who must give us guarantees, and you must do it within a year", "year"),
        (
            "There is quite a distance between us, but I do hope that our staff have made all "
            "the necessary arrangements",
            "technical",
        ),
    ],
)
def test_meaning_changes_are_altered_and_named(quote, changed):
    verdict, aln, _, changes = judge(quote)
    assert verdict == "altered"
    assert any(changed in c.lower() for c in changes), changes


def test_two_distant_sentences_joined_are_composite():
    verdict, aln, _, _ = judge(
        "I also hope that I will be able to hear you clearly. It is you who must give us "
        "guarantees, and you must do it immediately"
    )
    assert verdict == "composite"
    assert len(aln.pieces) == 2


def _turn_bounds(doc: DocTokens, starts: list[int]) -> list[tuple[int, int]]:
    """Token bounds of the turns starting at these character offsets."""
    ends = starts[1:] + [len(doc.text)]
    return [(doc.token_at(a), doc.token_at(b)) for a, b in zip(starts, ends, strict=True)]


def test_two_answers_joined_across_a_reporters_interjection_are_composite():
    text = (
        "MS. JEAN-PIERRE: I just answered that question. Do you have another one?\n\n"
        "Q But more specifically --\n\n"
        "MS. JEAN-PIERRE: I literally just answered this question."
    )
    doc = DocTokens(text)
    bounds = _turn_bounds(doc, [0, text.index("Q But"), text.index("MS. JEAN-PIERRE: I literally")])
    quote = "Do you have another one? I literally just answered this question."
    aln = align(clean_quote(quote), doc, turn_bounds=bounds)
    assert aln is not None
    assert wording_verdict(aln)[0] == "composite"
    assert len(aln.pieces) == 2
    # without the turns the reporter's two words look like a skipped aside
    assert wording_verdict(align(clean_quote(quote), doc))[0] != "composite"


def test_a_marked_cut_over_a_reporters_question_joins_one_speakers_answers():
    text = (
        "THE PRESIDENT: And we're looking at what alternatives we may have.\n\n"
        "Q Is Venezuela one of those alternatives?\n\n"
        "THE PRESIDENT: There's a lot of alternatives. We haven't made up our mind yet."
    )
    doc = DocTokens(text)
    bounds = _turn_bounds(doc, [0, text.index("Q Is"), text.rindex("THE PRESIDENT")])
    quote = "we're looking at what alternatives we may have … There's a lot of alternatives."
    doc.turn_speakers = ["Joe Biden", None, "Joe Biden"]
    aln = align(clean_quote(quote), doc, turn_bounds=bounds)
    assert wording_verdict(aln)[0] in ("verbatim", "minor")
    # the same cut joining two people's words stays composite
    doc.turn_speakers = ["Joe Biden", None, "Jen Psaki"]
    aln = align(clean_quote(quote), doc, turn_bounds=bounds)
    assert wording_verdict(aln)[0] == "composite"


def test_unrelated_words_do_not_align_as_a_match():
    aln = align("Sanctions against the energy sector will be lifted by spring", DOC)
    verdict = wording_verdict(aln)[0] if aln else None
    assert verdict in (None,)


def test_split_quote_finds_markers():
    parts, markers = split_quote("We will \u2026 travel there [next] week")
    assert [p.text.strip() for p in parts] == ["We will", "travel there", "week"]
    assert [m.kind for m in markers] == ["ellipsis", "bracket"]


def test_a_short_part_before_a_bracket_is_placed_next_to_the_part_after_it():
    # "They [insurrectionists] want ...": the "They" of that sentence, not one before it
    source = (
        "They came to the Capitol. Those who stormed it sought to stop the peaceful transfer "
        "of power. They want chaos to reign. We want the people to rule."
    )
    aln = align(clean_quote("They [insurrectionists] want chaos to reign."), DocTokens(source))
    verdict, _, _, changes = wording_verdict(aln)
    assert verdict in ("verbatim", "minor") and not changes
    elided = [op for op in aln.ops if op.tag == "elide"]
    assert elided and all(op.j2 == op.j1 for op in elided)  # no source word skipped


@pytest.mark.parametrize(
    "quote,source,verdict",
    [
        # a fragment that leaves out the "and" between its two words: found, and harmless
        ("undaunted, unafraid", "we will operate undaunted and unafraid wherever", "minor"),
        ("schools, hospitals", "they shelled schools or hospitals in the city", "minor"),
    ],
)
def test_a_fragment_without_its_joining_word_is_found(quote, source, verdict):
    aln = align(clean_quote(quote), DocTokens(source))
    assert aln is not None and aln.coverage == 1.0
    assert wording_verdict(aln)[0] == verdict


def test_a_fragment_with_another_word_between_is_not_joined():
    # only a joining word may be missing: "schools, hospitals" is not "schools near hospitals"
    assert align(clean_quote("schools, hospitals"), DocTokens("schools near hospitals")) is None


def test_a_fragment_in_another_form_next_to_a_repeated_word_is_aligned_word_for_word():
    # "Deeply, deeply concerned": the fragment's "deeply" is the one before "concerned"
    aln = align(clean_quote("deeply concerning"), DocTokens("Deeply, deeply concerned that —"))
    assert aln is not None and aln.coverage == 1.0
    verdict, _, notes, _ = wording_verdict(aln)
    assert verdict == "minor" and notes == ["inflection"]


def test_a_struck_out_word_keeps_its_correction_rather_than_a_loose_match():
    aln = align(
        clean_quote("rightly enraged"), DocTokens("They are rightly ~~engaged~~ [enraged].")
    )
    assert aln is not None and wording_verdict(aln)[0] == "verbatim"


def test_a_one_word_fragment_is_not_found_as_another_word_spelt_alike():
    # "walking" is not a misspelling of "working"; a word in another form still is the word
    assert align(clean_quote("walking"), DocTokens("we are working on it")) is None
    aln = align(clean_quote("walking"), DocTokens("he walked out of the talks"))
    assert aln is not None and wording_verdict(aln)[0] == "minor"
