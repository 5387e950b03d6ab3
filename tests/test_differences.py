"""Each difference judged by what it is: harmless clean-ups against meaning-bearing changes
(hand-built quote/source pairs; no store, no model)."""

from __future__ import annotations

import pytest

from verify.check.align import DocTokens, align, clean_quote
from verify.check.differences import edit_distance, features, typo_of
from verify.check.verdict import wording_verdict


def judge(quote: str, source: str):
    aln = align(clean_quote(quote), DocTokens(source))
    assert aln is not None
    verdict, _, notes, changes = wording_verdict(aln)
    return verdict, aln, changes


@pytest.mark.parametrize(
    "quote,source",
    [
        # partial words and false starts
        ("and we found it in the cellar", "and how we fou- — we found it in the cellar"),
        (
            "we will stunt the growth of the Russian military",
            "we will stunt the growth of Rus- - the Russian military",
        ),
        (
            "the reality is the Taliban control large parts of the country",
            "the reality is the Afghan — the Taliban control large parts of the country",
        ),
        (
            "we expect March CPI headline inflation to be elevated",
            "we expect March CPA - CPI headline inflation to be elevated",
        ),
        # a dropped complementiser, conjunction, leading marker, "of course", "again"
        (
            "it is no secret the president believes supply should meet demand",
            "it is no secret that the president believes supply should meet demand",
        ),
        (
            "we spoke with Mexico, Guatemala and Honduras about migration",
            "we spoke with Mexico and Guatemala and Honduras about migration",
        ),
        (
            "the president looks forward to signing these bills into law",
            "the president, of course, looks forward to signing these bills into law",
        ),
        (
            "what we do is we rely on the assessments of the Federal Reserve",
            "what we do, again, is we rely on the assessments of the Federal Reserve",
        ),
        # contractions across words and spoken forms
        (
            "the president's going to travel to Brussels next week",
            "the President is going to travel to Brussels next week",
        ),
        (
            "this is gonna impose severe costs on the Russian economy",
            "this is going to impose severe costs on the Russian economy",
        ),
        # reporters' typos and misspellings of names
        (
            "we are working to bring Paul Whalen home as soon as we can",
            "we are working to bring Paul Whelan home as soon as we can",
        ),
        (
            "Americans who are travelling aboard should register with the embassy",
            "Americans who are travelling abroad should register with the embassy",
        ),
        # a parenthetical insertion, another inflection, an article
        (
            "we know that President (Vladimir) Putin has made his choice",
            "we know that President Putin has made his choice",
        ),
        # an editor's gloss in parentheses that ends with its own stop
        (
            "and then we're out of schlitz (budget -ed.) when it comes to helping Ukraine",
            "and then we're out of Schlitz when it comes to helping Ukraine",
        ),
        # a contraction with a word that has a number's key ("one")
        (
            "however, when that one's done, we will need Congress",
            "however, when that one is done, we will need Congress",
        ),
        # a stutter before a contraction, a partial word restarted with another article
        (
            "we were hoping that it doesn't get to that",
            "we — we're hoping that it doesn't get to that",
        ),
        (
            "that is not a norm in this town, and we know it",
            "that is not a nor- — that is not the norm in this town, and we know it",
        ),
        # the editor's words in brackets standing in for the speaker's
        (
            "they are working in state after state to (empower) election deniers",
            "they are working in state after state to give power to election deniers",
        ),
        (
            "this will impose severe cost on the Russian economy",
            "this will impose severe costs on the Russian economy",
        ),
        (
            "by choosing a war without cause, he has made Russia weaker",
            "by choosing a war without a cause, he has made Russia weaker",
        ),
        # word order of the same words inside a phrase
        (
            "they want guarantees against any further NATO movement to the east",
            "they want guarantees against any further movement of NATO to the east",
        ),
        # number forms: ordinals, the currency sign; a courtesy title added to a name
        (
            "this is the 21st century and we are not going back",
            "this is the twenty-first century and we are not going back",
        ),
        (
            "we sent $5 billion in aid to Ukraine this spring",
            "we sent 5 billion dollars in aid to Ukraine this spring",
        ),
        ("Mr. Putin has made a grave mistake here", "Putin has made a grave mistake here"),
        # abbreviations, either way
        (
            "the U.S. will continue to stand with Ukraine",
            "the United States will continue to stand with Ukraine",
        ),
        (
            "we will talk to Sen. Manchin about the bill today",
            "we will talk to Senator Manchin about the bill today",
        ),
        (
            "the meeting is on Feb. 24 at the White House",
            "the meeting is on February 24th at the White House",
        ),
        # "of course" and "again" dropped where they stand
        (
            "we will continue to support Ukraine for as long as it takes",
            "we will of course continue to support Ukraine for as long as it takes",
        ),
        (
            "we will continue to support Ukraine for as long as it takes",
            "we will again continue to support Ukraine for as long as it takes",
        ),
        # one opening connective for another: the reporter's link to the article
        (
            "So why the lack of any interaction in a formal setting",
            "Then why the lack of any interaction in a formal setting",
        ),
        # a dropped repeated preposition in a coordination
        (
            "they are trained in urban warfare and using explosives",
            "they are trained in urban warfare and in using explosives",
        ),
        # the transcriber's notes are not the speaker's words
        (
            "Iran and Russia, they can lie to the world, but they cannot hide facts",
            "Iran and Russia (inaudible) they can lie to the world, but they cannot hide facts.",
        ),
        (
            "we are going to win this and it is fine",
            "we are going to win this (Applause.) and it is fine",
        ),
        # an auxiliary agreeing with its subject; "there's been" is "there has been"
        (
            "there have been severe shortages throughout the country",
            "there's been severe shortages throughout the country",
        ),
        ("there was no agreement on the text", "there were no agreement on the text"),
        # an auxiliary's tense, as "work" / "worked" is a regular verb's (a reporter's backshift)
        (
            "the Russian army has nothing to do with the provocation",
            "the Russian army had nothing to do with the provocation",
        ),
        # the tense or aspect of "be": supplied, or the perfect for the present
        (
            "the Court is literally taking America back 150 years",
            "the Court literally taking America back 150 years",
        ),
        (
            "this is something the administration has been working on for some time",
            "this has been something the administration has been working on for some time",
        ),
        # a preposition for its near-equivalent in time or topic
        (
            "we would not be here had we not been working on this since the beginning",
            "we would not be here had we not been working on this from the beginning",
        ),
        # one word in the possessive and the plural: "women's" / "a woman's"
        (
            "we will protect women's access to medications",
            "we will protect a woman's access to medications",
        ),
        # "might" is the backshift of "may": both say a thing is possible
        (
            "And what is that right, some might ask, that they took away?",
            "And what is that right, some may ask, that they took away?",
        ),
        # one participle of a verb for the other with its preposition
        (
            "a large difference between core and headline inflation reflected in the global "
            "disruptions in energy markets",
            "a large difference between core and headline inflation, reflecting the global "
            "disruptions in energy markets",
        ),
        # a repetition said once
        (
            "Silence is complicity, we cannot remain silent.",
            "Silence is complicity. It's complicity. We cannot remain silent.",
        ),
        # a noun and its verb put in the other number together
        ("This espionage charge is ridiculous,", "This espionage charges are ridiculous."),
        # a fragment with a word in another form or spelling: no word run to anchor on
        ("severe cost", "our allies are ready to impose severe costs and significant harm"),
        ("peaceful protesters", "costs on perpetrators of violence against peaceful protestors."),
        # the transcript's correction: the struck-out word left out, or kept with the
        # correction left out (a slip the transcript corrected)
        ("They are rightly enraged", "They are rightly ~~engaged~~ [enraged] by the death."),
        ("the Republic of Korea is an ally", "The Republic of ~~North~~ Korea is an ally."),
        # "and" between two clauses dropped: nothing fused
        (
            "things that are on the table we continue to look at",
            "things that are on the table and we continue to look at",
        ),
        # a repeat across a filler ("as we — you know, as we go forward")
        (
            "measures that we will continue to assess as we go forward",
            "measures that we will continue to assess as we — you know, as we go forward",
        ),
        # a parallel clause's opener said once ("that it is giving up ..., [that it is]
        # building ...")
        (
            "that it is giving up on the G20, building an alternative world order",
            "that it is giving up on the G20, that it is building an alternative world order",
        ),
        # a possessive before its noun dropped ("the arms of [her] loved ones")
        (
            "will soon be back in the arms of loved ones",
            "Brittney will soon be back in the arms of her loved ones, and she should",
        ),
        # two names listed without their "and" are still two
        (
            "talks with Mexico Guatemala and Honduras",
            "talks with Mexico and Guatemala and Honduras",
        ),
        # a word broken off mid-word (a hyphen, no word joined on) left out or completed
        (
            "It is where visitors to the West Wing come through.",
            "And — and it is where visitors fr- — to the West Wing come through.",
        ),
        (
            "this is a heavily, heavily trafficked, heavily traveled area",
            "this is a heavily — heavily traf- — heavily traveled area",
        ),
        # the transcriber's [sic] and the slip it marks, corrected
        (
            "through his own conditions he determined",
            "through his own contitions \\[sic\\] he determined.",
        ),
        # an "and" joining what the transcript has as two sentences
        (
            "it came down in our territorial waters – and those waters are frozen now",
            "it came down in our territorial waters.  Those waters are frozen now",
        ),
        # a false start the alignment may place on either copy of the repeated words
        (
            "we do not know whether it's state owned or private",
            "we do not know whether it's a — whether it's state owned or private",
        ),
        # the repair of a restart, dropped: it says again what came before the break
        (
            "they faced a show trial in Moscow last year",
            "they faced a show — at a show trial in Moscow last year",
        ),
        (
            "it was never meant, when we drafted the rule, to cover these cases",
            "it was never meant, when we drafted the rule — we never meant to cover these cases",
        ),
        # a subject taken up again by a pronoun after a break; a marker after "and"
        (
            "this agreement is a good start for both sides",
            "this agreement — it's a good start for both sides",
        ),
        (
            "we saw the reports and we had to respond",
            "we saw the reports, and — and so we had to respond",
        ),
        # a coordination begun and left; a function word repeated in a coordination
        (
            "the details the president gave to all of you just yesterday",
            "the details the President gave to all of you and also — just yesterday",
        ),
        (
            "as we said before, and as many of you will remember, the plan works",
            "as we said before, and many of you will remember, the plan works",
        ),
        # a compound written as one word without its possessive
        ("For Godsake, how much more carnage", "For God's sake, how much more carnage"),
        # a replacement that is an added function word beside a dropped restart
        # the verb of "which it's" kept, the pronoun repeating the relative's subject not
        (
            "the agency, which is under their authority, is looking into it",
            "the agency, which it's under their authority, is looking into it",
        ),
        # an editor's note that completes a title and a name
        (
            "as Secretary (of State, Antony) Blinken told the allies this week",
            "as Secretary Blinken told the allies this week",
        ),
        (
            "families pay the costs but get no help, the worst of both worlds",
            "families pay the costs but get no help and — worst of both worlds",
        ),
        # a stutter dropped beside an agreement of the verb
        (
            "There are many reasons why this matters to us",
            "There's — there's many reasons why this matters to us",
        ),
        # the quote's own filler, and its copy of the words a speaker broke off
        (
            "So, you know, we will help them, you know, to rebuild their homes",
            "So, you know, we will help them to rebuild their homes",
        ),
        (
            "so that they can supply supply their troops at the front",
            "so that they can sub- — supply their troops at the front",
        ),
    ],
)
def test_harmless_clean_ups_are_minor(quote, source):
    verdict, aln, changes = judge(quote, source)
    expected = "verbatim" if "~~" in source else "minor"  # the transcript as corrected
    assert verdict == expected, (verdict, changes, [(o.tag, o.harmless) for o in aln.ops])


@pytest.mark.parametrize(
    "quote,source,changed",
    [
        (
            "we will not impose new sanctions on Russia this week",
            "we will impose new sanctions on Russia this week",
            "not",
        ),
        (
            "we will send 400 more troops to the border next month",
            "we will send 300 more troops to the border next month",
            "400",
        ),
        (
            "the sanctions will hit the economy of Iraq very hard",
            "the sanctions will hit the economy of Iran very hard",
            "iraq",
        ),
        (
            "we discussed the situation with the government of Austria today",
            "we discussed the situation with the government of Australia today",
            "austria",
        ),
        (
            "the number of cases will decrease over the coming weeks",
            "the number of cases will increase over the coming weeks",
            "decrease",
        ),
        (
            "the president deliberately made it clear that the talks will go on",
            "the president made it clear that the talks will go on",
            "deliberately",
        ),
        (
            "the president made it clear that talks will go on",
            "the president made it clear that the peace talks will go on",
            "peace",
        ),
        (
            "we will always stand with the people of Ukraine",
            "we will never stand with the people of Ukraine",
            "always",
        ),
        # a connective inside the quote is the speaker's logic
        (
            "we will talk to them and then we will decide on the sanctions",
            "we will talk to them but then we will decide on the sanctions",
            "and",
        ),
        # the pronoun "us" is not the U.S.; another day is another date
        (
            "they told us to leave the country right now",
            "they told the United States to leave the country right now",
            "us",
        ),
        (
            "we met on Feb. 23 in Paris with the allies",
            "we met on February 24 in Paris with the allies",
            "23",
        ),
        # another ordinal is another number
        (
            "this is the second time we have imposed sanctions on them",
            "this is the third time we have imposed sanctions on them",
            "second",
        ),
        # another tense of a modal changes what was promised; a word in parentheses that is
        # no note is words
        ("we have done it and we will go on", "we have done it and we would go on", "will"),
        # ability is not possibility: "can" / "could" is no backshift pair
        ("we can stop the war tomorrow", "we could stop the war tomorrow", "can"),
        # a negation broken off is no partial word of the negation after it
        ("we will change it", "we will not — nothing will change it", "nothing"),
        # a bracketed substitution is no licence for a negation or a number
        ("we will (not) send troops there", "we will gladly send troops there", "not"),
        (
            "they sent (5,000) troops to the border",
            "they sent thousands of troops to the border",
            "5,000",
        ),
        # a participle with a preposition of another verb is another word
        (
            "inflation driven by the disruptions in energy markets",
            "inflation, reflecting the disruptions in energy markets",
            "driven",
        ),
        (
            "we will go on with the talks",
            "we will (gladly) go on with the talks",
            "gladly",
        ),
        # "have" is no form of "be": the active for the passive
        (
            "Russian forces were attacked near the city of Kherson yesterday",
            "Russian forces have attacked near the city of Kherson yesterday",
            "were",
        ),
        # a dropped sentence that adds a word is not a repetition
        (
            "they are wrong, and they will fail",
            "they are wrong. They are very wrong. And they will fail",
            "very",
        ),
        # a dropped "and" that fuses two modifiers into one: another kind of weapon
        (
            "the potential use of tactical nuclear weapons or biological weapons",
            "the potential use of tactical and nuclear weapons, or biological weapons",
            "and",
        ),
        # a word broken off is no licence for another word in its place
        ("a heavily guarded area", "a heavily traf- — heavily traveled area", "guarded"),
        # a false start that carries a negation is not dropped silently
        (
            "he told us he will go to Kyiv next week",
            "he told us he will not — he will go to Kyiv next week",
            "not",
        ),
        # a coordination left before a dash keeps its content words
        (
            "we will fund schools — and roads across the country",
            "we will fund schools and hospitals — and roads across the country",
            "hospitals",
        ),
        # a contraction of another number is another number
        (
            "when that two's done, we will need Congress",
            "when that one is done, we will need Congress",
            "two",
        ),
        # words in parentheses that are no note: a negation
        (
            "we are (not) out of money when it comes to helping Ukraine",
            "we are out of money when it comes to helping Ukraine",
            "not",
        ),
        # nor does a repair that adds a negation to the words it repeats
        (
            "they will sign the deal next week",
            "they will sign — they will not sign the deal next week",
            "not",
        ),
        # a relative clause without its own subject is another statement
        (
            "the bill, which passed last week, will lower costs",
            "the bill, which we passed last week, will lower costs",
            "we",
        ),
        # an editor's note may name the person, not characterise them
        (
            "it shows the cruelty of (dictator Vladimir) Putin's war on Ukraine",
            "it shows the cruelty of Mr. Putin's war on Ukraine",
            "dictator",
        ),
        (
            "it shows the cruelty of (dictator) Putin's war on Ukraine",
            "it shows the cruelty of Putin's war on Ukraine",
            "dictator",
        ),
        # a replacement is two harmless differences, but a conjunction for a dash does not
        # stand in for the words dropped after it
        (
            "they aimed at the heart of the city and its people",
            "they aimed at the heart of the city — at its people",
            "and",
        ),
    ],
)
def test_meaning_bearing_changes_stay_altered(quote, source, changed):
    verdict, _, changes = judge(quote, source)
    assert verdict == "altered", (verdict, changes)
    assert any(changed in c.lower() for c in changes), changes


def test_a_name_moved_past_another_name_is_not_word_order():
    verdict, _, _ = judge(
        "officials said Russia attacked Ukraine early on Thursday morning",
        "officials said Ukraine attacked Russia early on Thursday morning",
    )
    assert verdict != "minor"


def test_repeated_phrase_aligns_to_the_occurrence_that_explains_the_quote():
    source = (
        "we said at the time that this would be the first of a series of steps. "
        "So, this is the next in that series of steps."
    )
    verdict, aln, changes = judge("the next in a series of steps", source)
    assert verdict == "minor", changes
    s, e = aln.span
    assert source[s:e] == "the next in that series of steps"


def test_one_changed_word_inside_a_repeated_phrase_is_altered_not_composite():
    source = (
        "I'm not — I'm just not going to get ahead of the President. That's something for "
        "him to decide. I'm just not going to get ahead of it."
    )
    verdict, aln, changes = judge("I'm not just not going to get ahead of it", source)
    assert verdict == "altered" and len(aln.pieces) == 1, (verdict, changes)


def test_features_describe_the_difference():
    aln = align("the sanctions will hit Iraq hard", DocTokens("the sanctions will hit Iran hard"))
    op = next(o for o in aln.ops if o.tag == "replace")
    f = features(aln, op)
    assert f.other_name and f.s_name and f.distance == 1 and op.harmless is None
    assert f.row()["replace"] is True


def test_typo_needs_the_same_start_and_a_close_spelling():
    assert typo_of("whalen", "whelan") and typo_of("brittny", "brittney")
    assert typo_of("illigitiment", "illegitimate")
    assert not typo_of("increase", "decrease") and not typo_of("won", "own")
    assert edit_distance("abroad", "aboard") == 2
    # a derivational suffix makes another word, not a misspelling of it
    assert not typo_of("dishonestly", "dishonest") and not typo_of("alleged", "allegedly")


def test_function_words_alone_do_not_make_a_passage_altered():
    """The quote keeps "to minimize the ... of the" but only one of its content words: not
    that passage with a changed word."""
    verdict, aln, _ = judge(
        "to minimize the effects of the war",
        "we want to minimize the spillovers on the rest of the economy",
    )
    assert verdict != "altered"
    from verify.check.verdict import content_coverage

    assert content_coverage(aln) < 0.5
    verdict, aln, _ = judge(
        "the sanctions hit good chunks of the economy",
        "the sanctions hit big chunks of the economy",
    )
    assert verdict == "altered" and content_coverage(aln) >= 0.5


@pytest.mark.parametrize(
    "quote,source,verdict",
    [
        # another translator's words, some added or dropped: the same statement
        (
            "The Russian people will always be able to distinguish true patriots from scum "
            "and traitors and simply spit them out like a fly",
            "the Russian people will always be able to distinguish true patriots from scum "
            "and traitors and will simply spit them out like an insect",
            "paraphrase",
        ),
        (
            "the presidents have agreed to continue contacts at all levels",
            "the presidents agreed to continue contacts on various levels",
            "paraphrase",
        ),
        # a time word rendered by its synonym keeps the time ("invariably" / "always"), and
        # a word of a time group that is no time word here ("the final consumer") is none
        (
            "we have always supported each other on issues of international sports "
            "cooperation, including in rejecting any attempts to politicize sports",
            "we invariably support each other in every aspect of international sports "
            "cooperation, including in condemning any attempts to politicise sports",
            "paraphrase",
        ),
        (
            "it is important not only to extract oil, but also to build the entire vertical "
            "chain leading to the final consumer",
            "it is important not only to produce oil but also to build an entire vertical "
            "chain, all the way to the end consumer",
            "paraphrase",
        ),
        # another time is another statement
        (
            "we will return to this question later, after the talks in Geneva",
            "we will return to this question now, after the talks in Geneva",
            "altered",
        ),
        # the official English word for word, but for a word added: an edit of it
        (
            "Their reaction was deliberately instantaneous: they said that it was a mistake",
            "Their reaction was instantaneous: they said that it was a mistake",
            "altered",
        ),
        # what no translation does: the opposite, a negation, another number or name
        (
            "it is possible to completely isolate anyone in the modern world today",
            "it is impossible to completely isolate anyone in the modern world today",
            "altered",
        ),
        (
            "we are going to isolate ourselves from the rest of the world and its science",
            "we are not going to isolate ourselves from the rest of the world and its science",
            "altered",
        ),
        (
            "our troops will leave the area around Kiev within three days from now",
            "our troops will leave the area around Kharkov within three days from now",
            "altered",
        ),
    ],
)
def test_a_translated_source_is_altered_only_where_the_meaning_flips(quote, source, verdict):
    aln = align(clean_quote(quote), DocTokens(source))
    assert aln is not None
    got, _, notes, changes = wording_verdict(aln, translated=True)
    assert got == verdict, (got, changes, notes)


@pytest.mark.parametrize(
    "quote,source,verdict",
    [
        # the reporter starts the sentence past a connective, a marker or a false start
        ("With your vote, you can act.", "And with your vote, you can act.", "minor"),
        (
            "We can address the relentless exploitation of the internet",
            "You can't prevent it, but we can address the relentless exploitation of the Internet",
            "minor",
        ),
        (
            "We have not waited to take action,",
            "MS. PSAKI: Well, Zeke, we have not waited to take action.",
            "minor",
        ),
        (
            "The information we have is that the Iranians have put trainers",
            "What we - the information we have is that the Iranians have put trainers",
            "minor",
        ),
        # where the transcript's sentence starts too, or the quote runs on in lower case
        (
            "We do not support Taiwan independence",
            "MR. KIRBY: We do not support Taiwan independence.",
            "verbatim",
        ),
        (
            "we do not support Taiwan independence",
            "and we do not support Taiwan independence.",
            "verbatim",
        ),
        # the quote starts at the restart of a false start with the transcript's own word
        # ("I'm" is capitalised anyway): nothing was changed, the words run as said
        (
            "I'm just not going to get ahead of the president,",
            "MS. JEAN-PIERRE: (Laughs.) I'm not - I'm just not going to get ahead of the "
            "President.",
            "verbatim",
        ),
        # case alone is no difference; a fragment is a piece of a sentence anyway
        (
            "The court's decision to do so will have",
            "The Court's decision to do so will have",
            "verbatim",
        ),
        ("Of course,", "And of course, we will.", "verbatim"),
    ],
)
def test_a_dropped_opening_word_is_a_clean_up(quote, source, verdict):
    got, _, changes = judge(quote, source)
    assert got == verdict, changes


def test_a_passage_changed_in_many_places_is_still_altered():
    # more changes than an alteration's few, but nearly every word the passage's own: these
    # words altered, not the statement in other words (and never verbatim or minor)
    source = (
        "But we have already evacuated more than 120,000 people in this mission, and I would "
        "let you evaluate your — that for yourself."
    )
    quote = (
        "But we have evacuated 120,000 people in this mission and I will let you evaluate "
        "that for yourself"
    )
    verdict, _, changes = judge(quote, source)
    assert verdict == "altered", changes
    assert len(changes) > 2


def test_a_statement_reworded_in_many_places_is_a_paraphrase():
    tail = " and we will keep working with the Congress to make sure this never happens again"
    source = (
        "The United States is in touch with our partners on this issue and will take robust "
        "steps to advance our shared interests in the 10 countries of the region" + tail
    )

    def quote(*words: str) -> str:
        contact, strong, joint, ten = words
        return (
            f"The United States is in {contact} with our partners on this issue and will take "
            f"{strong} steps to advance our {joint} interests in the {ten} countries of the "
            "region" + tail
        )

    # a rewritten copy puts other words in three places: the statement in other words
    assert judge(quote("contact", "strong", "joint", "10"), source)[0] == "paraphrase"
    # two such changes are still an alteration of the words
    assert judge(quote("contact", "strong", "shared", "10"), source)[0] == "altered"
    # and so is a rewording that changes a number on the way
    assert judge(quote("contact", "strong", "joint", "12"), source)[0] == "altered"


def test_words_joined_over_an_unmarked_stretch_of_the_transcript_are_a_composite():
    source = (
        "We will build new schools across the state. We — I have talked with the governor "
        "about this many times, and we will hire more teachers by next year."
    )
    quote = "We will build new schools across the state. We will hire more teachers by next year."
    verdict, _, changes = judge(quote, source)
    assert verdict == "composite", changes
    # a few words left out in the middle are an alteration of the sentence, not a join
    verdict, _, changes = judge(
        "We will build new schools across the state by next year.",
        "We will build new schools and new hospitals across the state by next year.",
    )
    assert verdict == "altered", changes
