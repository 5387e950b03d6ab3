"""Speaker attribution rules of general newswire (the error causes found on PolNeAR dev):
each rule asserted both ways, the case it fixes and a near case it must leave as it was."""

from __future__ import annotations

import verify.article.extract as extract
from verify.article.extract import extract_quotes
from verify.article.quotes.cues import analyse
from verify.article.quotes.marks import find_quotations
from verify.article.quotes.phrases import nickname
from verify.article.quotes.sentences import read_sentences


def quotes(text: str, **kw):
    return [q for q in extract_quotes(text, **kw) if q.kind == "quote"]


def by_text(items, start: str):
    return next(q for q in items if q.text.startswith(start))


# ------------------------------------------------------------ pasted block-quote markers


def test_a_straight_mark_opening_a_paragraph_of_curly_quotes_is_an_excerpt_marker():
    text = (
        "The Post profiled her on Saturday.\n\n"
        '"On her discharge papers, a doctor had typed \u201chomicidal ideation.\u201d\n\n'
        "\u201cIt never crossed my mind that I was losing it,\u201d Melanie Austin said."
    )
    spans = [text[q.start : q.end] for q in find_quotations(text)]
    assert spans == ["homicidal ideation.", "It never crossed my mind that I was losing it,"]
    q = by_text(quotes(text), "It never crossed")
    assert q.speaker_mention == "Melanie Austin"


def test_a_straight_quotation_is_not_run_on_by_a_curly_paragraph():
    text = (
        '"Kevin was snoring.\n\n'
        "\u201cHere he is, babe,\u201d she said. \u201cDonald\u2019s here, babe.\u201d"
    )
    spans = [text[q.start : q.end] for q in find_quotations(text)]
    assert spans == ["Kevin was snoring.", "Here he is, babe,", "Donald\u2019s here, babe."]


def test_straight_quotations_still_run_on_over_paragraphs():
    text = (
        'Peskov said: "The first point is that we are ready.\n\n'
        '"The second point is that nobody called, the \u201cpartners\u201d least of all."'
    )
    (outer,) = [q for q in find_quotations(text) if q.parent is None]
    assert text[outer.start : outer.end].endswith("least of all.")
    # a straight mark that closes in its paragraph is a quotation, curly marks or not
    text = '"The \u201cpartners\u201d have not called," Peskov said.'
    assert [q.speaker_mention for q in quotes(text)] == ["Peskov", "Peskov"]
    # mixed marks: a straight opening closed by a curly one is a quotation
    text = 'Vote\n\n"Not because of any other reason,\u201d Psaki said.'
    assert [(q.text, q.speaker_mention) for q in quotes(text)] == [
        ("Not because of any other reason,", "Psaki")
    ]


# ------------------------------------------------------------ "said, looking out ..."


def test_a_participle_after_said_is_not_content():
    text = (
        "\u201cThat\u2019s right, Donald,\u201d Melanie Austin said to the TV.\n\n"
        "\u201cWho would have believed that we would have received almost 14 million "
        "votes?\u201d Donald Trump said, looking out on the cheering crowd."
    )
    q = by_text(quotes(text), "Who would")
    assert q.speaker == "Donald Trump" and q.speaker_mention == "Donald Trump"
    # "said, nothing ..." and a reported clause after "said," stay content
    text = "Sen. Mark Warner said, \u201cnothing has changed in the committee since May.\u201d"
    assert quotes(text)[0].speaker_mention == "Sen. Mark Warner"


# ------------------------------------------------------------ "As X put it, ..."


def test_as_someone_put_it_with_adjuncts_before_the_main_clause():
    text = (
        "As Ms. Simonyan put it in a statement to my colleague in July, RT is "
        "''providing a perspective you won't get from the mainstream press.''"
    )
    assert quotes(text)[0].speaker_mention == "Ms. Simonyan"
    # without "as", "put it" is no attribution of the clause after the comma
    text = (
        "Vote\n\nHe put it on the table in July, and the aides said nothing. "
        '"We will not back down on this bill at all," a sign read.'
    )
    assert quotes(text)[0].speaker_mention == "a sign"


def test_an_appositive_speaker_with_an_adverb_before_the_verb():
    text = (
        "As Steven M. Rosenthal, a tax lawyer at the Tax Policy Center, recently put it, "
        "''Did Trump lower his taxes through legal tax avoidance?''"
    )
    assert quotes(text)[0].speaker_mention == "Steven M. Rosenthal"
    text = 'Mr. Burman, an economist, later said the tax is "a misguided approach."'
    assert quotes(text)[0].speaker_mention == "Mr. Burman"
    # a name after a verb is its object, not an appositive subject
    text = 'Officials met Rosenthal, a tax lawyer, recently said "the bill will fail," it said.'
    assert all(q.speaker_mention != "Rosenthal" for q in extract_quotes(text))


# ------------------------------------------------------------ speakers after the quotation


def test_an_inverted_speaker_whose_first_words_are_no_name_words():
    text = (
        "Vote\n\n\u201cThe president\u2019s rationales to veto JASTA don\u2019t hold weight,\u201d "
        "said 9/11 widow Terry Strada."
    )
    assert quotes(text)[0].speaker_mention == "Terry Strada"
    # a phrase with no name at its end is left to the other rules
    text = "Vote\n\n\u201cWe will not win this one with the votes we have,\u201d said 9/11 widows."
    assert quotes(text)[0].speaker_mention is None


def test_a_collective_noun_after_the_quotation_is_the_speaker():
    text = (
        "The statement referenced the impact it said Clinton would have on women: "
        "\u201cSecretary Clinton\u2019s fight has opened the door for women,\u201d the union wrote."
    )
    assert quotes(text)[0].speaker_mention == "the union"
    text = "The statement said Clinton had \u201copened the door for women in the workplace.\u201d"
    assert quotes(text)[0].speaker_mention == "The statement"


def test_a_quotation_finished_by_a_short_phrase_continues_the_speaker():
    text = (
        'Vote\n\n"It\'s more tinkering at the edges," said Alan Cole, an economist. '
        '"It\'s basically just a tax increase" for the top income bracket.'
    )
    assert [q.speaker_mention for q in quotes(text)] == ["Alan Cole", "Alan Cole"]
    # a phrase with a verb is the writer's own sentence about the quotation
    text = (
        'Vote\n\n"It\'s more tinkering at the edges," said Alan Cole, an economist. '
        '"It is basically a tax increase on the rich" is what they wrote.'
    )
    assert by_text(quotes(text), "It is basically").speaker_mention is None


def test_a_cue_in_a_relative_clause_has_no_content_after_it():
    text = (
        "The four \u201cloopholes\u201d he cited are \u201cthe ability to use real estate "
        "losses to offset other income,\u201d The Hill reported."
    )
    (sent,) = read_sentences(text, find_quotations(text))
    cited = next(c for c in analyse(sent.toks, False) if c.lemma == "cite")
    assert cited.pre is None
    assert quotes(text)[-1].speaker_mention == "The Hill"
    # a parenthetical cue is followed by the rest of the content: "X, he said, can ..."
    text = (
        "Vote\n\nObama spoke. African-Americans, he said, can ''rock like Jimi'' and "
        "''stir the pot like Richard Pryor.''"
    )
    assert [q.speaker_mention for q in quotes(text)] == ["he", "he"]


# ------------------------------------------------------------ subjects before the verb


def test_a_subject_with_two_appositives():
    text = (
        "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the "
        "Security Council, said North Korea's latest \"provocation cannot be left without "
        'consequences."'
    )
    assert quotes(text)[0].speaker_mention == "Jean-Marc Ayrault"
    # a place before the first comma is no subject
    text = 'In Paris, the leader of France, a close ally, said "nothing will change soon."'
    assert quotes(text)[0].speaker_mention != "Paris"


def test_a_possessive_after_said_is_not_an_inverted_speaker():
    text = (
        "The envoys met in New York, said North Korea's latest \"provocation cannot be "
        'left without consequences."'
    )
    assert quotes(text)[0].speaker_mention != "North Korea's"
    text = 'Vote\n\n"The provocation cannot be left without consequences," said North Korea.'
    assert quotes(text)[0].speaker_mention == "North Korea"


def test_a_participle_shares_the_speaker_of_the_main_clause():
    text = (
        "Clinton told the debate audience that she believes we must push policies that "
        "help, saying that \u201crace still determines too much\u201d in America."
    )
    assert quotes(text)[0].speaker_mention == "Clinton"
    # with no reported clause in between it is the cue right before it
    text = (
        "Peskov spoke to reporters. Putin said on Friday that talks had stalled, adding "
        "that \u201cnobody has offered anything\u201d yet."
    )
    assert quotes(text)[0].speaker_mention == "Putin"


# ------------------------------------------------------------ a report, then the quotation


def test_a_quotation_after_an_unquoted_report_is_the_reporters():
    text = (
        "Vote\n\nThe administration may be reluctant to act while talks go on, Schiff said. "
        '"The other factor the administration may be considering is the appearance."'
    )
    q = quotes(text)[0]
    assert q.speaker_mention == "Schiff" and not q.speaker_inferred
    text = (
        "Vote\n\nSchiff said the administration may be reluctant to act.\n\n"
        '"The other factor the administration may be considering is the appearance."'
    )
    assert quotes(text)[0].speaker_mention == "Schiff"
    # a verb that is no verb of saying does not report the quotation ("welcomed the guests")
    text = (
        "Vote\n\nAs he welcomed several hundred guests, Scott was launching his bid.\n\n"
        '"This is a big year for our potential United States senator!"'
    )
    assert quotes(text)[0].speaker_mention is None


# ------------------------------------------------------------ names written with more in them


def test_a_quoted_nickname_is_part_of_the_name():
    text = (
        'Vote\n\n"This is a big year for our potential senator, Bobby Scott!" Scott\'s niece, '
        'state Del. Marcia "Cia" Price (D-Newport News), shouted to the crowd. '
        '"The nation is watching Virginia."'
    )
    qs = quotes(text)
    assert [q.text[:8] for q in qs] == ["This is ", "The nati"]  # the nickname is no quote
    assert {q.speaker_mention for q in qs} == {"Scott's niece"}
    text = 'Vote\n\n"We will be watching closely," said Robert "Bobby" Scott.'
    assert quotes(text)[0].speaker_mention == 'Robert "Bobby" Scott'
    # a quoted word after a name and before no name is a quotation
    text = 'Trump called Clinton "Crooked" on Friday and Scott "Bobby" Scott.'
    (sent,) = read_sentences(text, find_quotations(text))
    marks = [k for k, t in enumerate(sent.toks) if t.kind == "q"]
    assert [nickname(sent.toks, k) for k in marks] == [False, True]


def test_del_and_sens_are_abbreviations():
    text = 'Vote\n\n"This is a waste of time," said Del. Stacey Plaskett of the Virgin Islands.'
    assert quotes(text)[0].speaker_mention.startswith("Del. Stacey Plaskett")
    text = "It led Sens. Jon Tester and David Vitter to act. \u201cWe must act,\u201d Tester said."
    (sent, _) = read_sentences(text, find_quotations(text))[:2]
    assert "Tester and David Vitter" in text[sent.start : sent.end]


def test_a_possessive_before_a_person_noun_is_a_speaker_phrase():
    text = "Vote\n\n\u201cHe was a kind man,\u201d Scott\u2019s niece said on Friday."
    assert quotes(text)[0].speaker_mention == "Scott\u2019s niece"
    # a thing after a possessive is no speaker ("Russia's anniversary called 'X'")
    text = (
        "Vote\n\nPutin spoke at an event to coincide with Russia's anniversary called "
        '"Astronaut\'s Day and the day of the whole nation."'
    )
    assert all(q.speaker_mention != "Russia's anniversary" for q in quotes(text))


# ------------------------------------------------------------ more verbs and "according to"


def test_according_to_a_name_after_lowercase_modifiers(monkeypatch):
    text = (
        "According to conservative talk radio host Rush Limbaugh, the move reeks of "
        "\u201cfear\u201d and desperation."
    )
    assert quotes(text)[0].speaker_mention == "Rush Limbaugh"
    # no name at the end: the rules find no speaker phrase (a lone word is none)
    monkeypatch.setattr(extract, "USE_PARSE", False)
    assert quotes(text)[0].speaker_mention == "Rush Limbaugh"
    text = "According to some conservative radio hosts, the move reeks of \u201cfear\u201d."
    assert quotes(text) == []


def test_attacked_is_a_cue_with_a_quotation_after_it():
    text = (
        "Vote\n\nIn an August speech, Trump attacked \u201cthe hateful ideology of radical "
        "Islam\u201d on Monday."
    )
    assert quotes(text)[0].speaker_mention == "Trump"
    # "continues to attack Ukraine": not speech
    text = (
        "As Russia continues to attack Ukraine, Putin issued a warning that he would "
        'cleanse the country of the "scum and traitors" who work for the West.'
    )
    assert all(q.speaker_mention != "Russia" for q in quotes(text))
    (sent,) = read_sentences(text, find_quotations(text))
    assert "attack" not in [c.lemma for c in analyse(sent.toks, False)]


def test_doubled_consonant_forms_of_cue_verbs():
    text = 'Vote\n\nWarren slammed the bank, calling its chief "gutless" on Tuesday.'
    assert quotes(text)[0].speaker_mention == "Warren"
    text = 'Vote\n\nWarren dubbed the plan "a gutless scheme for the rich" on Tuesday.'
    assert quotes(text)[0].speaker_mention == "Warren"


def test_a_subject_with_an_age_a_place_and_a_relative_clause():
    text = (
        "Donna Sampson Rawlings, 59, of Ashton, Md., who watched the ceremony on a screen, "
        "said the event brought back memories of ''all the people who weren't here.''"
    )
    q = quotes(text)[0]
    assert q.speaker_mention == "Donna Sampson Rawlings" and not q.speaker_inferred
    # a clause before the commas is no subject ("After the vote, which passed 59-41, ...")
    text = (
        "Vote\n\nAfter the vote in Ashton, Md., which passed 59 to 41, said "
        "''all the people who weren't here'' would regret it."
    )
    assert all(q.speaker_mention not in ("Md.", "Ashton") for q in quotes(text))


# ------------------------------------------------------------ where a claim ends


def claims(text: str):
    return [q for q in extract_quotes(text) if q.kind == "claim"]


def test_a_quoted_complement_ends_the_claim_before_an_adjunct():
    text = (
        "Former President Bill Clinton criticized the Affordable Care Act as a "
        "\u201ccrazy system\u201d during a campaign stop in Flint on Monday."
    )
    assert [c.text for c in claims(text)] == [
        "the Affordable Care Act as a \u201ccrazy system\u201d"
    ]
    text = "Christie blasted Clinton as a \u201cdisgrace\u201d Wednesday on a radio show."
    assert [c.text for c in claims(text)] == ["Clinton as a \u201cdisgrace\u201d"]
    # "for ..." goes on with the complement; a verb of saying keeps its whole clause
    text = "The union called Clinton a \u201cchampion\u201d for its members in the workplace."
    assert [c.text for c in claims(text)] == [
        "Clinton a \u201cchampion\u201d for its members in the workplace"
    ]
    text = "Warren said the bank was \u201cgutless\u201d during the hearing on Tuesday."
    assert [c.text for c in claims(text)] == [
        "the bank was \u201cgutless\u201d during the hearing on Tuesday"
    ]


def test_a_trailing_participle_clause_is_not_the_claim():
    text = (
        'Trump has repeatedly wondered whether the moderators will be "fair" to him, '
        "engaging in what analysts described as age-old tactics."
    )
    assert 'whether the moderators will be "fair" to him' in [c.text for c in claims(text)]
    # a participle that is not the claim's last comma clause stays in it
    text = 'Warren said the bank had been "gutless," hurting its workers, and that it lied.'
    assert [c.text for c in claims(text)] == [
        'the bank had been "gutless," hurting its workers, and that it lied'
    ]


# ------------------------------------------------------------ ads, pieces, songs, footage


def test_a_document_or_a_collective_is_a_speaker_not_a_person_role():
    text = (
        "Hillary Clinton spoke in Ohio.\n\n"
        "\u201cHer fight has opened the door for women,\u201d the union wrote."
    )
    q = quotes(text)[0]
    assert q.speaker_mention == "the union" and q.speaker is None  # not Clinton
    text = (
        "Vote\n\nThe piece used one of her quotes as its headline: "
        "\u201cFinally. Someone who thinks like me.\u201d"
    )
    assert quotes(text)[0].speaker_mention == "The piece"
    # a person role is still resolved to the person quoted before
    text = (
        "Kremlin spokesman Dmitry Peskov spoke on Friday.\n\n"
        '"We are ready for talks at any level," the spokesman said.'
    )
    assert quotes(text)[0].speaker == "Dmitry Peskov"


def test_a_speaker_phrase_with_its_head_before_a_preposition():
    text = (
        "Vote\n\n\u201cSo why didn\u2019t Donald Trump pay his taxes?\u201d a narrator in the "
        "Clinton ad asks."
    )
    assert quotes(text)[0].speaker_mention == "a narrator in the Clinton ad"
    # not across a verb: "... ,” he said in the ad."
    text = "Vote\n\n\u201cSo why didn\u2019t Donald Trump pay his taxes?\u201d he said in the ad."
    assert quotes(text)[0].speaker_mention == "he"


def test_the_subject_of_a_participle_after_of():
    text = (
        "A new ad seizes on her comments. The ad uses footage of Hillary Clinton asking, "
        "\u201cWhy aren\u2019t I 50 points ahead, you might ask?\u201d"
    )
    assert quotes(text)[0].speaker_mention == "Hillary Clinton"
    # "of" before a phrase that does not end right before the participle
    text = (
        "The ad uses footage of Hillary Clinton in Ohio, asking \u201cWhy aren\u2019t I 50 "
        "points ahead, you might ask?\u201d"
    )
    assert quotes(text)[0].speaker_mention != "Ohio"


def test_sings_is_a_cue():
    text = (
        "Vote\n\n\u201cPromise mama you\u2019ll keep your hands in sight,\u201d Blige sings to "
        "Clinton before asking her, \u201cI just want to know, where do we go from here?\u201d"
    )
    assert [q.speaker_mention for q in quotes(text)] == ["Blige", "Blige"]


# ------------------------------------------------------------ found on PolNeAR train


def test_a_statement_introduced_by_a_colon_keeps_its_straight_marks():
    text = (
        "Dr. Ward stated:\n\n"
        '"The Department of Justice isn\u2019t about \u201cEqual Justice Under Law\u201d '
        "anymore. It\u2019s about an extreme vision.\n\n"
        '"The latest example is the suit against North Carolina for its \u201cBathroom '
        'Bill.\u201d"'
    )
    q = by_text(quotes(text), "The Department")
    assert q.speaker_mention == "Dr. Ward"


def test_a_no_break_space_after_a_full_stop_ends_the_sentence():
    text = (
        "\u201cShe has made it her mission,\u201d Clinton continued, prompting loud cheers."
        "\u00a0\u201cErica has turned her sorrow into a strategy.\u201d"
    )
    assert [q.speaker_mention for q in quotes(text)] == ["Clinton", "Clinton"]
    # "No. 1" is still an abbreviation; "shaking his head no." ends a sentence
    text = (
        '"Should the dealer be sued?" Sanders asked, shaking his head no. "But I do '
        'believe gun makers should be sued," he said. He was ranked No. 1 in the poll.'
    )
    assert [q.speaker_mention for q in quotes(text)] == ["Sanders", "he"]
    (_, _, last) = read_sentences(text, find_quotations(text))[-3:]
    assert text[last.start : last.end] == "He was ranked No. 1 in the poll."


def test_the_verb_of_a_relative_clause_after_he_said_is_content():
    text = (
        "He talked of his two daughters, who he said were living in Russia and "
        "''taking the first steps of their careers.''"
    )
    assert quotes(text)[0].speaker_mention == "he"
    # a gerund subject after "she added," is content, not an adjunct
    text = (
        "While some could get a slap on the wrist, she added, revoking clearances would "
        "be \u201creally very aggressive considering the facts.\u201d"
    )
    assert quotes(text)[0].speaker_mention == "she"


def test_an_inverted_possessive_before_a_person_noun():
    text = (
        'Vote\n\n"It\'s about time that we had a woman running this country," exhorted '
        "Clinton's introducer, actress Jamie Lee Curtis."
    )
    assert quotes(text)[0].speaker_mention == "Clinton's introducer"


def test_a_quotation_after_an_adjunct_and_a_comma_is_the_content():
    text = (
        "Vote\n\nSenator Shelley Moore Capito, Republican of West Virginia, called over her "
        "shoulder, ''His comments are not helping.''"
    )
    assert quotes(text)[0].speaker_mention == "Senator Shelley Moore Capito"
    text = (
        "\u201cIf there had not been that intervention\u201d by the United States, NATO and "
        "others, Clinton said at a Fox News town hall on Monday, \u201cwe would be looking "
        "at something like Syria now.\u201d"
    )
    assert [q.speaker_mention for q in quotes(text)] == ["Clinton", "Clinton"]
    # a clause after the comma is no adjunct: "said in Ohio, where ..., 'X'" stays as it was
    text = "Vote\n\nClinton spoke in Ohio, \u201cwe would be looking at Syria now.\u201d"
    assert quotes(text)[0].speaker_mention is None


def test_a_name_label_with_a_party_in_parentheses():
    text = 'Vote\n\nRep. Trey Gowdy (R-S.C.):"I have not heard anyone ever cite that figure."'
    assert quotes(text)[0].speaker_mention == "Rep. Trey Gowdy"
    text = 'Vote\n\nThe vote (a first):"I have not heard anyone ever cite that figure."'
    assert quotes(text)[0].speaker_mention is None


def test_an_editorial_board_writes():
    text = (
        "Vote\n\n\u201cAre we talking about the same Nikki Haley?\u201d the editorial board writes."
    )
    q = quotes(text)[0]
    assert q.speaker_mention == "the editorial board" and q.speaker is None


# ------------------------------------------------------------ verbs the lists do not know


def test_a_past_tense_verb_after_a_quotation_ending_in_a_comma():
    text = 'Vote\n\n"People are afraid of wasting their votes," he surmised.'
    assert quotes(text)[0].speaker_mention == "he"
    text = "Vote\n\n\u201cFrance will always be France,\u201d an angry Hollande retaliated."
    assert quotes(text)[0].speaker_mention == "an angry Hollande"
    # a participle phrase about a title is no attribution
    text = (
        "Vote\n\n\u201cThe Apprentice Season Finale Tonight,\u201d the show hosted by Trump, ended."
    )
    assert all(q.speaker_mention is None for q in quotes(text))
    text = "Vote\n\n\u201cCongress must act on this now,\u201d a phrase she has repeated since."
    assert quotes(text)[0].speaker_mention != "a phrase she"


def test_a_base_form_after_a_modal_is_a_cue():
    text = (
        "Vote\n\nThe scheduling was so odd that a spokesman for Bernie Sanders could only "
        'quip: "I guess Christmas Eve was booked."'
    )
    assert quotes(text)[0].speaker_mention == "a spokesman for Bernie Sanders"
    # "the quip" is a noun
    text = 'Vote\n\nThe quip: "I guess Christmas Eve was booked for the whole team."'
    assert quotes(text)[0].speaker_mention is None


def test_the_subject_before_a_determiner_appositive():
    text = (
        "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the "
        'Security Council, said the "provocation cannot be left without consequences."'
    )
    assert quotes(text)[0].speaker_mention == "Jean-Marc Ayrault"
    text = 'In Moscow, Peskov, the spokesman, said "the talks cannot go on like this."'
    assert quotes(text)[0].speaker_mention == "Peskov"
