"""Quote and claim extraction: quote styles, attribution, coreference, via, bad input."""

from __future__ import annotations

import time

import pytest

from verify.article.extract import extract_quotes, find_quotations
from verify.config import shared_root


def quotes(text: str, **kw):
    return [q for q in extract_quotes(text, **kw) if q.kind == "quote"]


def claims(text: str, **kw):
    return [q for q in extract_quotes(text, **kw) if q.kind == "claim"]


def one(items, words: str):
    hits = [q for q in items if words in q.text]
    assert len(hits) == 1, [q.text for q in items]
    return hits[0]


def assert_offsets(text: str, items) -> None:
    for q in items:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention


# ---------------------------------------------------------------- quote styles


@pytest.mark.parametrize(
    "open_, close",
    [('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"), ("'", "'")],
)
def test_quote_mark_styles(open_, close):
    text = (
        f"{open_}We will not accept these terms under any circumstances,{close} "
        "Foreign Minister Sergei Lavrov said on Monday."
    )
    (q,) = quotes(text)
    assert q.text == "We will not accept these terms under any circumstances,"
    assert q.speaker == "Sergei Lavrov"
    assert q.speaker_mention == "Foreign Minister Sergei Lavrov"
    assert q.cue == "said"
    assert_offsets(text, [q])


def test_apostrophes_are_not_single_quotes():
    text = (
        "Russia's position hasn't changed since the talks' collapse, and the ministers' "
        "aides say it's the '90s all over again, the official said."
    )
    assert quotes(text) == []
    assert find_quotations(text) == []


def test_single_quotes_around_a_headline_fragment():
    text = (
        "Kremlin Denounces U.S. 'Peak Hysteria' After Call\n\n"
        'The Kremlin on Saturday denounced U.S. "peak hysteria" over Ukraine.'
    )
    head = one(quotes(text), "Peak Hysteria")
    assert head.speaker == "Kremlin"  # the same words, attributed in the body


def test_multi_paragraph_quote_is_one_quote():
    text = (
        'Kremlin spokesman Dmitry Peskov said: "The first point is that we are ready for talks.\n\n'
        '"The second point is that the talks must take our concerns into account.\n\n'
        '"And the third point is that nobody has offered anything yet."\n\n'
        "The White House did not comment."
    )
    (q,) = quotes(text)
    assert q.text.startswith("The first point")
    assert q.text.endswith("offered anything yet.")
    assert q.speaker == "Dmitry Peskov"
    assert_offsets(text, [q])


def test_an_opening_mark_written_as_a_closing_one_still_opens():
    text = (
        "The president called on Congress to act.”We can keep assault weapons off our "
        "streets,” Biden said. “We’ve done it before.”"
    )
    first, second = quotes(text)
    assert first.text.startswith("We can keep assault weapons")
    assert first.speaker == "Joe Biden"
    assert second.text.startswith("We’ve done it")
    assert_offsets(text, [first, second])


def test_a_left_out_opening_mark_makes_the_paragraph_the_quotation():
    text = (
        "Biden said Putin had “badly miscalculated” the resolve of Ukraine.\n\n"
        "Six days ago, Russia’s Vladimir Putin sought to shake the foundations of the free "
        "world. But he badly miscalculated,” Biden said."
    )
    q = next(q for q in quotes(text) if q.text.startswith("Six days ago"))
    assert q.text.endswith("badly miscalculated,")
    assert q.speaker == "Joe Biden"
    assert_offsets(text, [q])
    # a lone closing mark with nothing after it on its line is no quotation's end
    text = "Five words stand before this mark.”\n\nThe next paragraph."
    assert quotes(text) == []


def test_a_quotation_never_closed_ends_at_the_next_one_and_before_the_attribution():
    text = (
        "Orban clarified the nature of his visit saying, “This is partly a mission of peace, "
        "and none of the EU leaders want a war, according to the Kremlin’s transcript. “We "
        "favor a political solution.”"
    )
    first, second = quotes(text)
    assert first.text.endswith("want a war")
    assert second.text == "We favor a political solution."
    assert first.speaker == second.speaker == "Viktor Orban"
    assert_offsets(text, [first, second])
    # a quotation inside a quotation mid-sentence stays nested
    text = "He said, “They call it “peace” and we call it war.”"
    outer, inner = quotes(text)
    assert outer.text == "They call it “peace” and we call it war."
    assert inner.text == "peace"


def test_split_quote_gives_two_quotes_with_one_speaker():
    text = (
        "Russian presidential spokesman Dmitry Peskov spoke to reporters.\n\n"
        '"There is no basis for talks now," he said, "but that may change if Washington '
        'is ready to listen."'
    )
    qs = quotes(text)
    assert [q.text[:8] for q in qs] == ["There is", "but that"]
    assert {q.speaker for q in qs} == {"Dmitry Peskov"}
    assert all(q.speaker_mention == "he" for q in qs)


def test_nested_quote_is_reported_with_the_outer_speaker():
    text = (
        "\u201cThe countries of the \u201cgolden billion\u201d still consider all the rest to "
        "be their colonies,\u201d Russian President Vladimir Putin said."
    )
    qs = quotes(text)
    assert len(qs) == 2
    (inner,) = [q for q in qs if q.text == "golden billion"]
    assert inner.speaker == "Vladimir Putin"
    assert_offsets(text, qs)


def test_partial_quote_woven_into_a_sentence():
    text = (
        "White House press secretary Karine Jean-Pierre said OPEC's decision was "
        '"short-sighted" and would hurt "low- and middle-income countries" the most.'
    )
    qs = quotes(text)
    assert [q.text for q in qs] == ["short-sighted", "low- and middle-income countries"]
    assert {q.speaker for q in qs} == {"Karine Jean-Pierre"}
    (c,) = claims(text)
    assert c.text.startswith("OPEC's decision was")
    assert c.speaker == "Karine Jean-Pierre"


def test_continued_to_do_something_is_no_speech():
    text = (
        "Russian President Vladimir Putin spoke at a forum. Moscow would be forced to act, the "
        "Russian president repeated, if the Atlantic Alliance continued to arm Kiev by "
        "crossing the \u201cred lines\u201d set by the Kremlin."
    )
    (q,) = quotes(text)
    assert q.text == "red lines" and q.speaker == "Vladimir Putin"
    (q,) = quotes('Psaki continued: "We are not going to do that."')
    assert q.speaker == "Jen Psaki"


def test_labels_that_are_no_speakers_and_inverted_label_cues():
    text = (
        "Russian President Vladimir Putin said a war was being waged in the media.\n\n"
        "Quote: \u201cThe number of attacks has been growing.\u201d"
    )
    assert [q.speaker for q in quotes(text)] == ["Vladimir Putin"]
    text = (
        'Defence Minister Sergei Shoigu said: "The drills are large-scale."\n'
        "Added Shoigu: \u201cSome things remain to be done.\u201d"
    )
    assert [(q.speaker, q.speaker_mention) for q in quotes(text)][1] == ("Sergei Shoigu", "Shoigu")


def test_what_an_institution_issued_speaks_for_it():
    text = '"The presidents discussed food security," a Kremlin press release said.'
    assert [q.speaker for q in quotes(text)] == ["Kremlin"]


def test_the_role_itself_before_a_synonym_of_it():
    text = (
        "President Joe Biden praised former Soviet leader Mikhail Gorbachev.\n\n"
        "The president applauded Gorbachev\u2019s bravery, noting that when he came to "
        "power, \u201cfew officials had the courage to admit it.\u201d"
    )
    assert [q.speaker for q in quotes(text)] == ["Joe Biden"]


def test_a_bare_surname_two_people_share_is_the_one_already_quoted():
    text = (
        "Turkmen President Serdar Berdimuhamedov called the ties \u201cstrategic.\u201d He "
        "was elected in March after his father Gurbanguly Berdimuhamedov resigned.\n\n"
        "\u201cOur bilateral relations are growing,\u201d said Berdimuhamedov."
    )
    assert [q.speaker for q in quotes(text)] == ["Serdar Berdimuhamedov"] * 2


def test_a_pronoun_after_the_sentences_subject_is_the_subject():
    text = (
        "Russian President Vladimir Putin met Defence Minister Sergei Shoigu.\n\n"
        '"More than 16,000 applications," Shoigu said.\n\n'
        "Putin contrasted the volunteers with what he called foreign \u201cmercenaries.\u201d"
    )
    assert [q.speaker for q in quotes(text)] == ["Sergei Shoigu", "Vladimir Putin"]


def test_declining_to_say_is_saying_nothing():
    text = (
        "Press secretary Karine Jean-Pierre declined to say whether Biden would call Mayor "
        "Trent Conaway, who slammed the trip as \u201ca slap in the face.\u201d"
    )
    assert [q.speaker for q in quotes(text)] == ["Trent Conaway"]


def test_a_retort_pushed_back_is_a_cue_and_pushing_back_an_army_is_not():
    text = (
        "\u201cIt is under their purview,\u201d press secretary Karine Jean-Pierre said.\n\n"
        "\u201cBut the question was how determined is the president,\u201d Fox News "
        "correspondent Jacqui Heinrich pushed back."
    )
    assert [q.speaker for q in quotes(text)] == ["Karine Jean-Pierre", "Jacqui Heinrich"]


def test_a_countrys_statement_is_its_governments():
    text = (
        "Russian President Vladimir Putin spoke with Iran's Ebrahim Raisi. The Russian "
        "statement said that the two leaders \u201cnoted that reaching a final agreement\u201d "
        "would benefit the region."
    )
    assert [q.speaker for q in quotes(text)] == ["Kremlin"]


def test_quote_alone_in_a_paragraph_continues_the_previous_speaker():
    text = (
        '"We want to be crystal clear on this point," national security adviser Jake '
        'Sullivan said. "Any American in Ukraine should leave as soon as possible."\n\n'
        '"If you stay, you are assuming risk with no guarantee of an evacuation."\n\n'
        "Officials in Kyiv disagreed."
    )
    qs = quotes(text)
    assert len(qs) == 3
    assert {q.speaker for q in qs} == {"Jake Sullivan"}


def test_doubled_apostrophes_as_quote_marks():
    text = (
        "''Anyone claiming that America's economy is in decline is peddling fiction,'' "
        "Mr. Obama told the lawmakers."
    )
    (q,) = quotes(text)
    assert q.text == "Anyone claiming that America's economy is in decline is peddling fiction,"
    assert q.speaker_mention == "Mr. Obama"
    assert q.cue == "told"


def test_doubled_curly_apostrophes_as_quote_marks():
    # TASS's style: two curly apostrophes for a double quotation mark
    text = (
        '"I\u2019d like to congratulate you on a convincing victory,\u2019\u2019 Putin said. '
        "\u2018\u2019We discussed it many times.\u2019\u2019"
    )
    qs = quotes(text)
    assert [q.text for q in qs] == [
        "I\u2019d like to congratulate you on a convincing victory,",
        "We discussed it many times.",
    ]
    assert {q.speaker for q in qs} == {"Vladimir Putin"}


def test_quoted_titles_are_not_quotations():
    text = 'Sanders said on "Meet the Press" that the party needed "a political revolution".'
    assert [q.text for q in quotes(text)] == ["a political revolution"]


def test_name_label_before_a_quote():
    text = 'John Kirby: "We do not support Taiwan independence"'
    (q,) = quotes(text)
    assert q.speaker == "John Kirby"
    assert q.cue == ":"


# ---------------------------------------------------------------- attribution


def test_coreference_titles_pronouns_and_surnames():
    text = (
        "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart on Monday.\n\n"
        '"We are ready to listen," the minister stressed.\n\n'
        "White House Press Secretary Karine Jean-Pierre was asked about the meeting.\n\n"
        '"We have seen the reports," she said. "Nothing has changed," Lavrov added later.'
    )
    qs = quotes(text)
    assert one(qs, "ready to listen").speaker == "Sergei Lavrov"
    assert one(qs, "ready to listen").speaker_mention == "the minister"
    assert one(qs, "seen the reports").speaker == "Karine Jean-Pierre"
    assert one(qs, "Nothing has changed").speaker == "Sergei Lavrov"
    assert_offsets(text, qs)


def test_pronoun_follows_the_last_speaker_not_the_last_name():
    text = (
        "According to Kremlin spokesman Dmitry Peskov, a Putin-Biden meeting is not planned.\n\n"
        "Responding to a question about Biden, he said that nothing had been proposed."
    )
    c = one(claims(text), "nothing had been proposed")
    assert c.speaker == "Dmitry Peskov"
    assert c.speaker_mention == "he"


def test_institution_speaker():
    text = 'The White House stressed that there would be "nothing about Ukraine without Ukraine".'
    q = one(quotes(text), "nothing about Ukraine")
    assert q.speaker == "White House"
    assert q.speaker_mention == "The White House"
    assert q.cue == "stressed"


def test_inverted_attribution_with_adjuncts():
    text = (
        '"The era of the unipolar world order is over," said Russian President Vladimir '
        "Putin on Friday during his speech at the forum."
    )
    (q,) = quotes(text)
    assert q.speaker == "Vladimir Putin"
    assert q.speaker_mention == "Russian President Vladimir Putin"
    assert claims(text) == []  # "on Friday during his speech" is not reported content


def test_appositive_speaker():
    text = (
        "Yury Ushakov, the president's foreign policy adviser, told reporters the talks were "
        '"balanced".\n\n"The Americans are inflating the hysteria," the adviser said.'
    )
    qs = quotes(text)
    assert {q.speaker for q in qs} == {"Yury Ushakov"}
    assert one(qs, "inflating").speaker_mention == "the adviser"


# ---------------------------------------------------------------- via


@pytest.mark.parametrize(
    "sentence, via",
    [
        ('"We are open to dialogue," the spokesman said, Sputnik reported.', "Sputnik"),
        ('"We are open to dialogue," the spokesman told TASS.', "TASS"),
        (
            '"We are open to dialogue," the spokesman said in an interview with RIA Novosti.',
            "RIA Novosti",
        ),
        ('"We are open to dialogue," the spokesman said, according to Interfax.', "Interfax"),
        (
            '"We are open to dialogue," said the spokesman, APA reports citing Morning Express.',
            "Morning Express",
        ),
        ('"We are open to dialogue," the spokesman said.', None),
    ],
)
def test_via_credited_outlet(sentence, via):
    text = "Kremlin spokesman Dmitry Peskov spoke on Monday.\n\n" + sentence
    (q,) = quotes(text)
    assert q.via == via
    assert q.speaker == "Dmitry Peskov"


def test_outlet_is_not_a_speaker():
    text = (
        "The Russian agency TASS reports that President Vladimir Putin visited the site.\n\n"
        '"It will be a new milestone in our cooperation," Putin said.'
    )
    c = one(claims(text), "visited the site")
    assert c.speaker is None and c.via == "TASS"
    q = one(quotes(text), "new milestone")
    assert q.speaker == "Vladimir Putin"
    assert q.via == "TASS"  # the article rewrites TASS's report


def test_wire_byline_credits_the_wire_unless_it_is_the_outlet():
    text = (
        "By AFP\n\nThe Kremlin's adviser Yury Ushakov told a conference call: "
        '"Hysteria has reached its peak."'
    )
    assert quotes(text)[0].via == "AFP"
    assert quotes(text, outlet="AFP")[0].via is None
    assert quotes(text, outlet="The Moscow Times")[0].via == "AFP"


def test_embedded_tweet_credits_the_tweet_author():
    text = (
        'John Kirby: "We do not support Taiwan independence"\n'
        "\u2014 Benny Johnson (@bennyjohnson) August 1, 2022\n"
        'Kirby said the policy was unchanged. "The speaker has the right to visit," he said.'
    )
    qs = quotes(text)
    assert one(qs, "Taiwan independence").via == "Benny Johnson (tweet)"
    assert one(qs, "right to visit").via is None


# ---------------------------------------------------------------- claims


def test_reported_speech_claims():
    text = (
        "Dmitry Peskov said that the talks could resume next month.\n\n"
        "According to Lavrov, the West has not made a serious offer.\n\n"
        "The sanctions will not work, the minister said on Tuesday.\n\n"
        "Lavrov emphasized the importance of the meeting."
    )
    cs = claims(text)
    assert [c.text for c in cs] == [
        "the talks could resume next month",
        "the West has not made a serious offer",
        "The sanctions will not work",
    ]
    assert [c.cue for c in cs] == ["said", "According to", "said"]
    assert quotes(text) == []
    assert claims(text) and extract_quotes(text, claims=False) == []


# ---------------------------------------------------------------- bad input


def test_no_quotes_gives_an_empty_list():
    assert extract_quotes("The weather in Moscow was mild on Monday.") == []
    assert extract_quotes("") == []
    assert extract_quotes("   \n\n ") == []


def test_unclosed_quote_ends_at_its_paragraph():
    text = (
        'Dmitry Peskov said: "We are ready for talks, but nobody has called us\n\n'
        'Sergei Lavrov said: "Nothing has changed."'
    )
    qs = quotes(text)
    assert [q.text for q in qs] == [
        "We are ready for talks, but nobody has called us",
        "Nothing has changed.",
    ]
    assert [q.speaker for q in qs] == ["Dmitry Peskov", "Sergei Lavrov"]
    assert_offsets(text, qs)


def test_an_unclosed_single_quote_that_opens_a_sentence_ends_at_its_paragraph():
    # the reporter opened a second quote with a single mark and never closed it
    text = (
        "\u201cI just answered that question,\u201d she said. \u2018Do you have another one? "
        "I literally just answered this question.\n\n"
        "White House press secretary Karine Jean-Pierre became defensive."
    )
    qs = quotes(text)
    assert [q.text for q in qs][-1] == (
        "Do you have another one? I literally just answered this question."
    )
    assert_offsets(text, qs)
    # an apostrophe inside a word does not close it: the paragraph is one quotation
    text = (
        "They said in a statement: \u2018Hundreds of civilians are trapped in the plant\u2019s "
        "shelters. They have almost no food.\n\n\u2018A corridor is needed.\u2019\n"
    )
    assert [q.text for q in quotes(text)] == [
        "Hundreds of civilians are trapped in the plant\u2019s shelters. They have almost no food.",
        "A corridor is needed.",
    ]
    # an apostrophe, or a mark in the middle of a sentence, opens nothing
    for other in (
        "The \u2018Squad\u2019 member said it was 'nuff for today.\n\nNext.",
        "She spoke of the \u2018progress made so far.\n\nNext paragraph.",
    ):
        assert all("Next" not in q.text for q in quotes(other))


@pytest.mark.parametrize(
    "text", ['"', "\u201c", "\u00ab\u00bb", "'", 'He said "', '"""', "\u201d\u201c", "x" * 10]
)
def test_degenerate_inputs_do_not_crash(text):
    assert isinstance(extract_quotes(text), list)


def test_five_megabyte_article_finishes(tmp_path):
    para = (
        '"We are always ready to listen to our Western partners if they make another request '
        'to arrange a conversation," Russian Foreign Minister Sergei Lavrov said on Tuesday. '
        "He added that the talks were possible only if there were realistic proposals. "
        "Peskov told TASS that the Kremlin would study any proposal.\n\n"
    )
    text = para * (5_000_000 // len(para) + 1)
    assert len(text) >= 5_000_000
    t0 = time.perf_counter()
    items = extract_quotes(text)
    elapsed = time.perf_counter() - t0
    assert elapsed < 120, elapsed
    n = text.count("Lavrov said")
    assert sum(1 for q in items if q.kind == "quote") == n
    assert all(q.speaker == "Sergei Lavrov" for q in items if q.kind == "quote")


# ---------------------------------------------------------------- the Tasnim article


def test_tasnim_article():
    path = shared_root() / "articles" / "tasnim-2022-peskov-biden.txt"
    if not path.exists():
        pytest.skip(f"{path} not found (set VERIFY_SHARED)")
    text = path.read_text(encoding="utf-8")
    items = extract_quotes(text, outlet="Tasnim", date="2022-10-31")
    assert_offsets(text, items)
    qs = [q for q in items if q.kind == "quote"]
    cs = [q for q in items if q.kind == "claim"]

    peskov = one(qs, "The desire of the United States")
    assert (peskov.speaker, peskov.speaker_mention, peskov.via) == (
        "Dmitry Peskov",
        "the Kremlin spokesman",
        "Sputnik",
    )
    assert peskov.cue == "explained"
    lavrov = one(qs, "We are always ready to listen")
    assert (lavrov.speaker, lavrov.speaker_mention, lavrov.cue) == (
        "Sergei Lavrov",
        "the minister",
        "stressed",
    )
    assert lavrov.via is None  # the dateline names the article's own outlet
    wh = one(qs, "nothing about Ukraine without Ukraine")
    assert wh.text == "nothing about Ukraine without Ukraine"
    assert wh.speaker == "White House"

    assert one(cs, "if the US is ready to address Russia's concerns").speaker == "Dmitry Peskov"
    assert one(cs, "Washington's desire to return").speaker == "Dmitry Peskov"
    assert one(cs, "talks with Western countries are possible only if").speaker == ("Sergei Lavrov")
    putin = one(cs, "there is no need for talks with Biden")
    assert putin.speaker_mention == "the Russian president"
    try:
        from verify.knowledge.speakers import SpeakerRegistry  # noqa: F401
    except ImportError:
        return
    assert putin.speaker == "Vladimir Putin"  # through the speaker registry
    # text order
    assert [q.start for q in items] == sorted(q.start for q in items)
