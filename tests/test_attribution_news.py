"""Attribution rules found on the real-article dev set (bench/articles, split dev)."""

from __future__ import annotations

import pytest

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


def test_quoted_as_saying_credits_the_subject_before_the_passive():
    text = (
        "“The sanctions have not worked and will not work,” Putin, while addressing a "
        "conference of ministers, was quoted as saying by Bloomberg."
    )
    q = by_text(quotes(text, date="2022-04-27"), "The sanctions")
    assert q.speaker == "Vladimir Putin"
    # a pronoun of a thing is no subject: "it was quoted as saying" credits no "it"
    text = "“We will respond,” it was quoted as saying by the agency."
    assert all(q.speaker_mention != "it" for q in quotes(text))


def test_an_outlet_quoting_someone_as_saying_credits_the_one_quoted():
    text = (
        "Russian President Vladimir Putin on Saturday warned against a no-fly zone. “Any "
        "movement in this direction will be considered by us as participation in an armed "
        "conflict,” AFP quoted the Russian leader as saying during a meeting."
    )
    q = by_text(quotes(text, date="2022-03-05"), "Any movement")
    assert q.speaker == "Vladimir Putin"
    assert q.via == "AFP"
    text = "TASS quoted Peskov as saying that “nothing has been decided.”"
    q = by_text(quotes(text, date="2022-03-05"), "nothing has")
    assert q.speaker == "Dmitry Peskov"
    assert q.via == "TASS"


def test_according_to_him_is_the_person_named_before():
    text = (
        "Vladimir Putin spoke at length. He pointed out that the efforts failed. According "
        "to him, the Minsk agreements were “killed” by Kiev long before."
    )
    assert by_text(quotes(text, date="2022-02-22"), "killed").speaker == "Vladimir Putin"
    text = "Jen Psaki spoke at length. According to her, the plan is “dead on arrival” today."
    assert by_text(quotes(text, date="2022-02-22"), "dead on").speaker == "Jen Psaki"


def test_a_person_explaining_inside_an_outlets_report_is_the_speaker():
    text = (
        "President Vladimir Putin spoke at a meeting. The Russian President explained that "
        "Russia plans to abandon all “compromised” currencies in payment settlements, RT "
        "reported."
    )
    q = by_text(quotes(text, date="2022-03-23"), "compromised")
    assert q.speaker == "Vladimir Putin"
    assert q.via == "RT"
    # an outlet's report with no one else speaking stays the outlet's
    q = by_text(quotes("“We will not allow it,” Reuters reported."), "We will not")
    assert q.speaker is None
    assert q.via == "Reuters"


def test_a_pronoun_of_the_wrong_gender_is_the_one_just_quoted():
    # a machine translation's "he said" after "Adrienne Watson said": nobody else to be
    text = (
        "“The United States condemns the decision,” White House NSC spokeswoman Adrienne "
        "Watson said Tuesday. “This regrettable decision is the latest effort by the "
        "Taliban,” he said."
    )
    q = by_text(quotes(text, date="2022-12-20"), "This regrettable")
    assert q.speaker == "Adrienne Watson"
    # a man named before is still the one "he" means
    text = "“We condemn it,” Jen Psaki said. President Joe Biden agreed. “It is wrong,” he said."
    assert by_text(quotes(text, date="2022-03-01"), "It is wrong").speaker == "Joe Biden"


def test_an_unresolved_pronoun_claims_no_speaker():
    from types import SimpleNamespace

    from verify.article.runner import claimed_speaker

    assert claimed_speaker(SimpleNamespace(speaker=None, speaker_mention="he")) is None
    assert claimed_speaker(SimpleNamespace(speaker=None, speaker_mention="They")) is None
    mention = SimpleNamespace(speaker=None, speaker_mention="a UN spokesperson")
    assert claimed_speaker(mention) == "a UN spokesperson"
    assert claimed_speaker(SimpleNamespace(speaker="Jen Psaki", speaker_mention="she")) == (
        "Jen Psaki"
    )


def test_a_participle_opening_the_sentence_is_not_part_of_a_name():
    text = (
        "Putin extolled the ties. Calling Putin his “dear old friend,” Xi said he was "
        "looking forward to it. Referring to the Games, he added that “we have always "
        "supported each other,” Putin said."
    )
    items = quotes(text, date="2021-12-15")
    assert by_text(items, "we have always").speaker == "Vladimir Putin"
    assert all(q.speaker != "Calling Putin" for q in items)


def test_the_subject_before_a_relative_clause_is_the_speaker():
    text = (
        "Russian President Vladimir Putin who arrived in New Delhi to bolster ties with a "
        "traditional ally being courted by Washington said, “We perceive India as a great "
        "power.”"
    )
    assert by_text(quotes(text, date="2021-12-06"), "We perceive").speaker == "Vladimir Putin"
    # "who he said": the pronoun is the one speaking, not the phrase before "who"
    text = (
        "Vladimir Putin spoke on Tuesday. Putin also turned his ire to the United States who "
        "he said considered itself “God's emissary on Earth”."
    )
    q = by_text(quotes(text, date="2022-06-17"), "God")
    assert q.speaker != "United States" and q.speaker_mention == "he"


def test_asked_about_a_person_saying_credits_that_person():
    text = (
        "Psaki was asked about Manchin saying, “I cannot vote to continue with this "
        "legislation,” on Sunday."
    )
    q = by_text(quotes(text, date="2021-12-20"), "I cannot vote")
    assert q.speaker_mention and "Manchin" in q.speaker_mention


def test_the_head_of_state_is_the_president_the_article_named():
    text = (
        "Russia has always been interested in the Minsk agreements, Russian President "
        "Vladimir Putin told journalists.\n\n"
        "“That is why I would like to emphasize once again that we were interested in "
        "this package of measures,” the head of state stressed."
    )
    q = by_text(quotes(text, date="2022-02-22"), "That is why")
    assert q.speaker == "Vladimir Putin"
    assert q.speaker_mention == "the head of state"


def test_a_leads_indefinite_role_is_the_person_named_next():
    text = (
        "According to a presidential adviser, the talks took place amid unparalleled "
        "‘hysteria’ in the United States.\n\n"
        "Yuri Ushakov, a Kremlin foreign policy adviser, shared details of the call."
    )
    assert by_text(quotes(text, date="2022-02-12"), "hysteria").speaker == "Yury Ushakov"


def test_an_anonymous_voice_stays_anonymous_even_when_someone_is_named_next():
    text = (
        "“We are not going to wait,” a senior official said.\n\n"
        "Ned Price, a State Department official, spoke later."
    )
    assert by_text(quotes(text, date="2022-02-12"), "We are not").speaker != "Ned Price"


def test_a_clause_that_goes_on_after_the_cue_is_content_on_both_sides():
    text = (
        'Al-Zawahiri, 71, was "deeply involved" in the planning of the Sept. 11 attacks, '
        'Biden said, and was the "mastermind" of the 2000 bombing of the USS Cole.'
    )
    got = quotes(text)
    assert [(q.text, q.speaker) for q in got] == [
        ("deeply involved", "Joe Biden"),
        ("mastermind", "Joe Biden"),
    ]


def test_a_thing_that_shows_something_is_no_speaker():
    text = (
        "President Joe Biden spoke at the climate summit on Friday.\n\n"
        "Russia’s war in Ukraine shows that “it is more urgent than ever to redouble our "
        "climate commitments.”"
    )
    q = by_text(quotes(text), "it is more urgent")
    assert q.speaker != "Russia’s war"


@pytest.mark.parametrize(
    "headline,speaker",
    [
        ("US will operate 'undaunted, unafraid' in Taiwan Strait: Harris", "Kamala Harris"),
        ("PH 'must stand up' to harassment in South China Sea — Harris", "Kamala Harris"),
        # a leading "USA:" is the headline's topic when a speaker ends it
        ("USA: Russia staging 'false-flag' operation – Harris", "Kamala Harris"),
        # title-case words credited to the White House are words, not a title
        ("US Has Every Indication Protests In Cuba 'Spontaneous' - White House", "White House"),
    ],
)
def test_a_headline_credits_its_quotation_to_the_speaker_at_its_end(headline, speaker):
    text = (
        f"{headline}\n\nVice President Kamala Harris spoke in Manila on Tuesday about the "
        "region's security."
    )
    q = quotes(text, date="2022-11-22")[0]
    assert q.start < len(headline)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "headline",
    [
        "Protests in Cuba 'spontaneous' - analysis",  # no name after the dash
        "Protests 'spontaneous' in Havana",  # a place at the end, no dash or colon
        "Protests 'spontaneous' across Miami-Dade",  # a hyphen inside a name
    ],
)
def test_only_a_name_after_a_dash_or_colon_credits_a_headline(headline):
    text = f"{headline}\n\nThe protests went on for a second day on Monday."
    assert all(q.speaker is None for q in quotes(text))


def test_a_participle_after_the_name_opens_an_adjunct_not_the_name():
    text = (
        "Meanwhile, PM Modi talking about the Covid-19 pandemic said, “Despite the challenges "
        "posed by Covid, there is no change in the pace of growth of India-Russia relations.”"
    )
    assert quotes(text, date="2021-12-06")[0].speaker == "Narendra Modi"


def test_he_continues_the_person_just_quoted_whose_gender_the_article_never_gave():
    # a speaker of unknown gender quoted in the paragraph before, a man quoted earlier
    text = (
        "“We are watching it closely,” John Kirby said on Monday.\n\n"
        "Pentagon spokesperson Pat Ryder said the object was small.\n\n"
        "“The object was about the size of a small car,” he said."
    )
    assert by_text(quotes(text, date="2023-02-13"), "The object").speaker == "Pat Ryder"
    # not a reporter who asked: the answer is the addressee's
    text = (
        "Press Secretary Jen Psaki spoke on Wednesday.\n\n"
        "Fox News’ Kristin Fisher asked Psaki about the border.\n\n"
        "“Our policy continues to be the same,” she said."
    )
    assert by_text(quotes(text, date="2021-03-10"), "Our policy").speaker == "Jen Psaki"
    # a person of that gender named in the pronoun's own sentence comes first
    text = (
        "“It is benign,” Press Secretary Karine Jean-Pierre said.\n\n"
        "Jean-Pierre bristled at correspondent Michael Shear when he asked if Biden was "
        "“embarrassed” by it."
    )
    assert by_text(quotes(text, date="2023-02-14"), "embarrassed").speaker == "Michael Shear"


def test_an_object_after_a_verb_of_praise_is_not_an_inverted_speaker():
    text = (
        "Xi, for his part, praised Putin for standing against efforts by outsiders “to drive "
        "a wedge between our countries.”"
    )
    assert by_text(quotes(text, date="2022-02-04"), "to drive").speaker == "Xi Jinping"


def test_but_added_is_coordinated_with_the_main_clause_not_the_reported_one():
    text = (
        "Lavrov noted that Russian officials have warned “against endless discussions,” but "
        "added that “there is always a chance” that diplomacy could work."
    )
    q = by_text(quotes(text, date="2022-02-14"), "there is always")
    assert q.speaker == "Sergei Lavrov"


def test_an_office_named_by_its_title_is_its_holder_named_before_by_surname_only():
    # "Biden" is written only as a surname, never as a full name the article introduces
    text = (
        "He spoke about Biden’s appearance on “60 Minutes” in which the President criticized "
        "Trump as “irresponsible” for having classified documents."
    )
    assert by_text(quotes(text, date="2023-01-18"), "irresponsible").speaker == "Joe Biden"
    # on a date the office had another holder, the surname does not hold it
    text = (
        "He spoke about Biden’s remarks, in which the President called the plan "
        "“irresponsible” on Monday."
    )
    assert by_text(quotes(text, date="2018-05-01"), "irresponsible").speaker != "Joe Biden"


def test_a_cleft_sentence_and_a_participle_after_a_quote_credit_the_name_after_that():
    text = (
        "It was against a background of these threats that Putin extolled the “deep "
        "historical traditions of friendship between the Russian and Chinese people,” saying "
        "relations were closer than ever and they were “constantly in contact.”"
    )
    got = quotes(text, date="2022-02-03")
    assert by_text(got, "deep historical").speaker == "Vladimir Putin"  # "extolled": -ll-
    assert by_text(got, "constantly").speaker == "Vladimir Putin"


def test_a_thing_that_shows_something_is_not_a_speaker_the_speech_report_goes_on():
    text = (
        "“No nation can use energy as a weapon,” said US President Joe Biden.\n\n"
        "Russia’s war in Ukraine shows that “it is more urgent than ever to redouble our "
        "climate commitments.”"
    )
    q = by_text(quotes(text, date="2022-11-11"), "it is more urgent")
    assert q.speaker == "Joe Biden" and q.speaker_inferred
    # a person who shows it is a speaker, not inferred
    text = "“Not now,” Biden said.\n\nThe official shows that “it is more urgent than ever.”"
    q = by_text(quotes(text, date="2022-11-11"), "it is more urgent")
    assert not q.speaker_inferred
    # what a thing shows is still a reported claim, with no speaker
    text = "The new data shows that inflation fell sharply in the last three months of the year."
    claims = [q for q in extract_quotes(text) if q.kind == "claim"]
    assert [c.text for c in claims] == [
        "inflation fell sharply in the last three months of the year"
    ]
    assert claims[0].speaker is None


def test_british_spellings_of_cue_verbs_are_cues():
    text = "Sergei Lavrov labelled the sanctions “illegitimate” on Tuesday."
    assert by_text(quotes(text, date="2022-03-01"), "illegitimate").speaker == "Sergei Lavrov"


def test_a_cue_with_its_own_infinitive_does_not_take_the_quotation_before_it():
    text = (
        "White House calls video of agents chasing migrants 'horrific,' DHS promises to "
        "investigate\n\nThe video stirred outrage on Monday."
    )
    assert by_text(quotes(text, date="2021-09-20"), "horrific").speaker == "White House"


def test_an_acronym_speaker_keeps_its_capitals():
    text = "DHS promised the review would be “thorough and fast” on Monday."
    assert by_text(quotes(text, date="2021-09-20"), "thorough").speaker == "DHS"
