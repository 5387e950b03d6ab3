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


def test_short_quotations_without_a_cue_are_terms_only_when_asked():
    text = SPEECH + 'The West, in this telling, is "in decline". Markets stayed "calm".\n'
    assert not [q for q in quotes(text) if q.text in ("in decline", "calm")]
    terms = [q for q in quotes(text, terms=True) if q.term]
    assert [q.text for q in terms] == ["in decline", "calm"]
    assert all(q.speaker == "Vladimir Putin" and q.speaker_inferred for q in terms)
    # the other quotations are the same either way, none of them a term
    assert [q for q in quotes(text, terms=True) if not q.term] == quotes(text)
    # with nobody whose speech the article reports, a short quotation is no term
    alone = 'Markets stayed "calm" on Friday.\n'
    assert quotes(alone, terms=True) == []


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


# ---------------------------------------------------------------- the speaker, not the nearest name


def test_the_name_in_apposition_after_a_role_is_the_speaker_not_the_possessor():
    text = (
        "President Joe Biden's national security adviser, Jake Sullivan, echoed that message, "
        'saying, "We will not stop until all Americans can celebrate his return."'
    )
    assert by_text(quotes(text), "We will not").speaker == "Jake Sullivan"


def test_a_participle_in_a_with_clause_has_its_own_subject():
    text = (
        "The US has accused Russia of planning an operation, with White House Press Secretary "
        'Jen Psaki claiming on Friday that operatives "trained in urban warfare and using '
        'explosives" might carry out attacks.'
    )
    assert by_text(quotes(text), "trained in").speaker == "Jen Psaki"


def test_a_titled_name_one_slip_from_the_holder_on_the_date_is_the_holder():
    text = (
        'White House Press Secretary Jen Paski said "we have information that indicates '
        'Russia has already pre-positioned a group of operatives."'
    )
    q = by_text(quotes(text, date="2022-01-14"), "we have information")
    assert q.speaker == "Jen Psaki"


def test_an_attribution_cut_off_by_the_quotations_exclamation_mark_is_its_own():
    text = (
        '"Is the administration trying to protect the president from our questions?" the '
        "reporter asked.\n\n"
        '"Absolutely not!" Jean-Pierre said. "Absolutely not."'
    )
    qs = quotes(text, date="2023-04-10")
    assert by_text(qs, "Is the administration").speaker == "reporter"
    assert by_text(qs, "Absolutely not!").speaker == "Karine Jean-Pierre"
    assert by_text(qs, "Absolutely not.").speaker == "Karine Jean-Pierre"


def test_a_headline_run_of_capitalised_words_is_not_a_person():
    text = (
        "Reporter Grills Jean-Pierre On Why Biden Won't Hold Press Conferences\n\n"
        '"We have held many press conferences and we will hold more this year," '
        "Jean-Pierre said."
    )
    q = by_text(quotes(text, date="2023-04-10"), "We have held")
    assert q.speaker == "Karine Jean-Pierre"


def test_a_signed_quotation_belongs_to_the_name_after_the_dash():
    text = (
        "Voters Share Their Thoughts.\n\n"
        "\u201cHe is ignorant of our culture and of the lives we lead here.\u201d \u2015 "
        "Pamela Padilla\n"
        "\u201cI am so ashamed and I cannot believe how low we have got.\u201d \u2015 "
        "Jacklyn Ashley\n"
    )
    qs = quotes(text)
    assert by_text(qs, "He is ignorant").speaker == "Pamela Padilla"
    assert by_text(qs, "I am so ashamed").speaker == "Jacklyn Ashley"


def test_a_definite_role_nobody_holds_is_the_last_speaker():
    text = (
        "Kremlin aide Yury Ushakov briefed reporters on Friday.\n"
        "Putin was responding to a warning about sanctions, Ushakov said.\n"
        '"Our president immediately responded that sanctions would cause a total severance '
        'of relations," the diplomat said.'
    )
    assert by_text(quotes(text), "Our president").speaker == "Yury Ushakov"


def test_a_role_of_another_nationality_is_not_the_last_speaker():
    text = (
        "Russian President Vladimir Putin spoke on Monday.\n"
        '"We are ready for talks at any moment, on our conditions," Putin said.\n'
        '"The sanctions will be lifted sooner or later, whatever they say," the Chinese '
        "diplomat said."
    )
    assert by_text(quotes(text), "The sanctions").speaker != "Vladimir Putin"


def test_a_presidency_and_the_administration_are_institutions():
    text = (
        '"President Erdogan has expressed readiness to host a meeting in Istanbul," said the '
        "Turkish presidency.\n"
        "The White House briefed reporters. The administration believed \u201ctemporary\u201d "
        "inflation would soon ease."
    )
    qs = quotes(text)
    assert by_text(qs, "President Erdogan").speaker == "Presidency of the Republic of Turkey"
    assert by_text(qs, "temporary").speaker == "White House"


def test_a_headline_label_does_not_attribute_the_bodys_fragments():
    text = (
        "Politifact: Trump Is Right, 'Thousands of Shootings' in Chicago\n\n"
        "Chicago has seen \u201cthousands of shootings\u201d this year."
    )
    body = [q for q in quotes(text) if q.start > text.index("\n")]
    # unattributed and three words: left out, not credited to "Politifact:"
    assert body == []


def test_the_speech_verb_nested_in_an_outlets_report_governs_the_quote():
    """ "the AFP reported that Putin stated ... 'financial difficulties'": Putin said it,
    the AFP is the intermediary."""
    qs = quotes(
        "Whereas the Kremlin's version was different, the AFP reported that Putin stated "
        "Russia was dealing with \u201cfinancial difficulties\u201d because of sanctions."
    )
    q = by_text(qs, "financial difficulties")
    assert q.speaker == "Vladimir Putin" and q.via == "AFP"


def test_the_user_of_a_phrase_is_its_speaker():
    q = by_text(
        quotes("Lavrov used the word \u201cgenocide\u201d to describe it, TASS said."), "genocide"
    )
    assert q.speaker == "Sergei Lavrov"


def test_a_group_is_nobody_and_a_clause_pronoun_is_not_the_speaker():
    """ "Officials said": no name to attribute to; "Officials at X, a division of Y, said
    they ...": the pronoun opens the reported clause, it does not name the speaker."""
    q = by_text(
        quotes("Officials said the move was \u201ca serious escalation\u201d."), "a serious"
    )
    assert q.speaker is None
    q = by_text(
        quotes(
            "Officials at the agency, a division of the ministry, said they were worried that "
            "smugglers \u201cmay try to use increasingly sophisticated methods\u201d."
        ),
        "may try",
    )
    assert q.speaker_mention != "they"


def test_as_someone_put_it():
    q = by_text(
        quotes(
            "As Jake Sullivan put it on Sunday, \u201cthe window for diplomacy is still open.\u201d"
        ),
        "the window",
    )
    assert q.speaker == "Jake Sullivan"


def test_an_official_relaying_anothers_words_is_their_speaker():
    """ "Ushakov told reporters that Putin stressed ... 'X'": Ushakov said it (the article
    quotes his briefing); an outlet or an institution relaying leaves it to the inner one."""
    q = by_text(
        quotes(
            "Ushakov told reporters that Putin stressed Russia was \u201cready for dialogue\u201d."
        ),
        "ready for",
    )
    assert q.speaker == "Yury Ushakov"
    q = by_text(
        quotes("The Kremlin said that Putin stressed Russia was \u201cready for dialogue\u201d."),
        "ready for",
    )
    assert q.speaker == "Vladimir Putin"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a surname that is also a title word, after a courtesy title, a given name or a
        # title and a given name
        ('Vote\n\n"We will not back down on this bill," Mr King said.', "King"),
        ('Vote\n\n"We will not back down on this bill," said Mr. Bishop.', "Bishop"),
        (
            'Vote\n\nPeter King spoke on Tuesday. "We will not back down on this bill," '
            "Mr. King said.",
            "Peter King",
        ),
        (
            'Vote\n\nRepresentative Steve King spoke. "We will not back down on this bill," '
            "Mr. King said.",
            "Steve King",
        ),
        # "VP" is a title
        ('Roe\n\nVP Harris called it a "healthcare crisis" on Friday.', "Kamala Harris"),
        # the title words still are titles where no name precedes them
        ('Vote\n\n"We will not back down on this bill," said Saudi King Salman.', "Salman"),
        ('Vote\n\n"We will not back down on this bill," the Jordanian King said.', None),
    ],
)
def test_a_surname_that_is_a_title_word(text, speaker):
    assert quotes(text, date="2022-06-24")[0].speaker == speaker


def test_a_role_is_the_holder_named_last_before_it():
    # Biden is named first and again further on; "the president" at the mention is the one
    # the article spoke of last: Putin
    text = (
        "Talks\n\nUS President Joe Biden has proposed new talks, Russian President Vladimir "
        "Putin said on Wednesday.\n\nThe talks must come soon, Putin said at a news conference "
        "in Sochi.\n\nIt would be “criminal inaction” to wait, the president stressed.\n\n"
        "“We discuss this with all partners,” he said. The crisis took an important place in "
        "his conversation with Biden on Tuesday."
    )
    q = by_text(quotes(text, date="2021-12-08"), "criminal inaction")
    assert q.speaker == "Vladimir Putin"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the statement, the press service, "it": the publisher the article has just named
        (
            "Call\n\nThe two presidents spoke by video link. The Kremlin released a statement "
            "on the call.\n\nThe statement says: “The presidents agreed to continue their "
            "dialogue on strategic stability.”",
            "Kremlin",
        ),
        (
            "Call\n\nThe leaders spoke by phone, the Kremlin press service said.\n\n“The "
            "sides discussed the situation in the region in detail,” the press service said.",
            "Kremlin",
        ),
        # with no publisher named before it, the statement stays nobody's
        (
            "Call\n\nThe leaders spoke by phone.\n\n“The sides discussed the situation in "
            "the region in detail,” the statement said.",
            None,
        ),
    ],
)
def test_what_an_institution_issued_speaks_for_it(text, speaker):
    assert quotes(text, date="2022-03-06")[0].speaker == speaker


def test_what_a_title_holder_has_is_not_their_name():
    # "the President's Delaware residences": Delaware is no president
    text = (
        "Files\n\nDocuments were found at the President’s Delaware residences last week.\n\n"
        "In an interview the President called it “irresponsible” to keep such papers."
    )
    assert quotes(text, date="2023-01-18")[0].speaker != "Delaware"


def test_a_dateline_is_not_the_subject():
    text = (
        "New York: US President Joe Biden tore into the Russian leader on Wednesday, saying "
        "he had ‘shamelessly violated’ the UN Charter."
    )
    assert quotes(text, date="2022-09-21")[0].speaker == "Joe Biden"


def test_a_title_names_the_person_of_the_article_holding_that_office():
    # the article names Karine Jean-Pierre without her title; "the Press Secretary" is her
    # (the White House press secretary on the article's date), not a name of its own
    text = (
        "Briefing\n\nReporters pressed Karine Jean-Pierre on the documents on Wednesday.\n\n"
        "“I’m going to leave it there,” the Press Secretary said."
    )
    assert quotes(text, date="2023-01-18")[0].speaker == "Karine Jean-Pierre"
    # before she held the office, she is not the one it names
    assert quotes(text, date="2021-03-01")[0].speaker != "Karine Jean-Pierre"


def test_a_party_and_state_in_parentheses_do_not_end_the_sentence():
    text = (
        "Economy\n\nPresident Biden spoke on inflation on Tuesday.\n\n"
        "The president also criticized Sen. Rick Scott's (R-Fla.) “ultra-MAGA” tax "
        "proposal, The Washington Post reports."
    )
    q = quotes(text, date="2022-05-10")[0]
    assert q.speaker == "Joe Biden" and q.via == "The Washington Post"


def test_a_qualified_title_names_its_holder_before_other_leaders():
    # "Russia's top leader" is the Russian president, though the prime minister was named last
    text = (
        "Sanctions\n\nPresident Vladimir Putin met the government on Thursday. Prime Minister "
        "Mikhail Mishustin reported on the economy.\n\nRussia’s top leader called the "
        "measures “illegitimate sanctions.”"
    )
    assert quotes(text, date="2022-03-10")[0].speaker == "Vladimir Putin"


def test_unmarked_speech_attributed_by_a_dash_line():
    # a translated copy keeps the Russian typography: the paragraph is the quote
    text = (
        "Talks\n\nPutin stressed that Moscow was interested in the agreements.\n"
        "Under these documents were the signatures of two leaders of the republics. It is "
        "straight political murder\n- Putin said.\nHe then spoke about the economy."
    )
    q = by_text(quotes(text, date="2022-02-22"), "Under these documents")
    assert q.speaker == "Vladimir Putin"
    assert q.text.endswith("political murder")
    # a paragraph that holds its own quotation marks is not taken whole
    marked = 'Talks\n\nHe said: "We will talk again soon, and often, as agreed."\n- Putin said.'
    assert [x.text for x in quotes(marked, date="2022-02-22")] == [
        "We will talk again soon, and often, as agreed."
    ]


def test_a_turn_taken_in_a_conversation_is_a_cue():
    # "followed up", "chimed in": the reporter who took the turn asked it, not the official
    text = (
        "Press Secretary Karine Jean-Pierre took questions on Tuesday.\n\n"
        '"We are tracking it closely," Jean-Pierre said.\n\n'
        '"Who is running point on the formula issue at the White House? You mentioned the '
        'White House is involved," another reporter followed up.'
    )
    q = by_text(quotes(text, date="2022-05-17"), "Who is running")
    assert q.speaker == "reporter" and not q.speaker_inferred and q.cue == "followed up"


def test_an_order_is_a_cue_for_the_words_it_quotes():
    # the words of Putin's order, not of the minister told to carry it out
    text = (
        "Defence Minister Sergei Shoigu reported on the operation.\n\n"
        '"The forces are advancing as planned," Shoigu said.\n\n'
        "Putin also ordered that Shoigu prepare a separate report on strengthening the western "
        "borders “in connection to the actions that NATO countries are taking in this direction.”"
    )
    q = by_text(quotes(text, date="2022-03-11"), "in connection to")
    assert q.speaker == "Vladimir Putin" and not q.speaker_inferred


def test_a_quotation_after_that_is_not_the_next_speakers():
    # 'the premier's statement that "A", Psaki said: "B"': A is the premier's, B is Psaki's
    text = (
        "Prime Minister Imran Khan visited Moscow last week.\n\n"
        "The spokesperson was asked to comment on Khan’s statement that “he will not be a slave "
        "of America like other politicians do”, Press Secretary Jen Psaki said: “We have a long "
        "relationship with Pakistan.”"
    )
    qs = quotes(text, date="2022-03-04")
    first = by_text(qs, "he will not")
    assert first.cue == "comment" and first.speaker != "Jen Psaki"
    assert by_text(qs, "We have a long").speaker == "Jen Psaki"
    # without "that" before it the quotation is the cue's, as in '"A," Psaki said: "B"'
    plain = "“We will not comment,” Press Secretary Jen Psaki said: “We have a long relationship.”"
    assert all(q.speaker == "Jen Psaki" for q in quotes(plain, date="2022-03-04"))


def test_a_headline_credited_to_an_institution_is_its_spokespersons_words():
    # "'Horrific' - White House": the body quotes Psaki saying it; the words are hers
    text = (
        "Haitian Migrants Treatment 'Horrific' - White House\n\n"
        "Press Secretary Jen Psaki spoke at the briefing on Monday.\n\n"
        "“It’s obviously horrific — the footage,” Psaki said."
    )
    qs = quotes(text, date="2021-09-20")
    assert by_text(qs, "Horrific").speaker == "Jen Psaki"
    # no person in the body says the words: the headline keeps the institution
    other = text.replace("obviously horrific", "obviously terrible")
    assert by_text(quotes(other, date="2021-09-20"), "Horrific").speaker == "White House"
