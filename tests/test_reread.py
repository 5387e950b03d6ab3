"""The article's attribution re-read from the evidence (verify.article.reread): pure, no store."""

from verify.article.reread import reread_speaker
from verify.models import ExtractedQuote, QuoteResult, SourceSpan


def _quote(text: str, words: str, mention: str | None, inferred: bool = False) -> ExtractedQuote:
    start = text.index(words)
    m = text.find(mention) if mention else -1
    return ExtractedQuote(
        "quote",
        words,
        start,
        start + len(words),
        speaker=mention,
        speaker_mention=mention,
        speaker_start=m if m >= 0 else None,
        speaker_end=m + len(mention) if m >= 0 else None,
        speaker_inferred=inferred,
    )


def _found_in(turn_speaker: str | None, label: str, claimed: str, verdict="misattributed"):
    src = SourceSpan(
        url="https://example.gov/briefing",
        title="Briefing",
        date="2022-05-11",
        publisher="White House",
        kind="primary",
        speaker=turn_speaker,
        text="...",
        start=0,
        end=3,
        speaker_label=label,
    )
    return QuoteResult("q", verdict, 1.0, "", claimed_speaker=claimed, source=src)


def surnames(name: str) -> list[str]:
    return [name.split()[-1]]


BRIEFING = (
    "Press Secretary Karine Jean-Pierre took questions aboard Air Force One.\n\n"
    "Republicans have criticised the administration over the border.\n\n"
    "“Anyone who suggests otherwise is doing the work of smugglers,” Republicans were told.\n"
)


def test_words_of_a_person_named_beside_them_are_read_as_theirs():
    q = _quote(BRIEFING, "Anyone who suggests otherwise", "Republicans")
    r = _found_in("Karine Jean-Pierre", "MS. JEAN-PIERRE", "Republicans")
    assert reread_speaker(BRIEFING, q, r, surnames) == "Karine Jean-Pierre"


def test_a_person_the_article_does_not_name_there_keeps_the_misattribution():
    q = _quote(BRIEFING, "Anyone who suggests otherwise", "Republicans")
    r = _found_in("Jen Psaki", "MS. PSAKI", "Republicans")
    assert reread_speaker(BRIEFING, q, r, surnames) is None
    # nor a verdict that is not misattributed
    ok = _found_in("Karine Jean-Pierre", "MS. JEAN-PIERRE", "Republicans", verdict="verbatim")
    assert reread_speaker(BRIEFING, q, ok, surnames) is None


def test_a_speaker_named_nearer_than_the_other_person_stands():
    # "..., Psaki said": the article says who spoke; the words being Biden's is the finding
    text = (
        "President Joe Biden spoke on Friday.\n\n"
        "“There is more that can be done,” White House press secretary Jen Psaki said.\n"
    )
    q = _quote(text, "There is more", "White House press secretary Jen Psaki")
    q.speaker = "Jen Psaki"
    r = _found_in("Joe Biden", "THE PRESIDENT", "Jen Psaki")
    assert reread_speaker(text, q, r, surnames) is None


def test_a_reporters_question_the_article_speaks_of_is_the_reporters():
    text = (
        "Karine Jean-Pierre scolded a reporter for asking whether the cocaine "
        "“belonged to the Biden family.”\n"
    )
    q = _quote(text, "belonged to the Biden family.", "Karine Jean-Pierre")
    r = _found_in(None, "Q", "Karine Jean-Pierre")
    assert reread_speaker(text, q, r, surnames) == "reporter"
    # no word of asking beside it: the article's attribution stands
    plain = text.replace("for asking whether", "because")
    q2 = _quote(plain, "belonged to the Biden family.", "Karine Jean-Pierre")
    assert reread_speaker(plain, q2, r, surnames) is None


def test_a_fragment_in_the_own_words_of_a_person_named_beside_it_that_day():
    from verify.models import Appearance

    text = (
        "A busy briefing on Tuesday.\n\n"
        "Fox News' Peter Doocy pressed Press Secretary Jen Psaki on “vital” investments.\n"
    )
    q = _quote(text, "vital", "Fox News' Peter Doocy")
    q.speaker = "Peter Doocy"

    def seen(speaker, date, quoted=False):
        return Appearance(
            "https://example.gov/b",
            date,
            "White House",
            "primary",
            "misattributed",
            speaker=speaker,
            quoted=quoted,
        )

    r = QuoteResult(
        "vital",
        "not_found",
        0.9,
        "",
        claimed_speaker="Peter Doocy",
        claimed_date="2021-08-10",
        appearances=[seen("Gina Raimondo", "2021-07-22"), seen("Jen Psaki", "2021-08-10")],
    )
    assert reread_speaker(text, q, r, surnames) == "Jen Psaki"
    # her words of another month, or inside a quotation in her turn, are no reading of the
    # article: it stands
    r.appearances = [seen("Jen Psaki", "2021-07-22"), seen("Jen Psaki", "2021-08-10", True)]
    assert reread_speaker(text, q, r, surnames) is None


def test_an_inferred_speaker_gives_way_to_the_person_named_anywhere_in_the_article():
    # the article names nobody for the quote; the rules guessed Biden. The words are Psaki's
    # own, and she is named at the top: they are hers, however far up
    text = (
        "Press Secretary Jen Psaki held her briefing on Monday.\n\n"
        "The President was in Delaware.\n\n"
        "He is expected back on Tuesday.\n\n"
        "Aides were busy.\n\n"
        "“We are not going to get ahead of the process.”\n"
    )
    q = _quote(text, "We are not going", None, inferred=True)
    q.speaker = "Joe Biden"
    r = _found_in("Jen Psaki", "MS. PSAKI", "Joe Biden")
    assert reread_speaker(text, q, r, surnames) == "Jen Psaki"
    # a speaker the article gives keeps its paragraph window: Psaki is too far up
    q.speaker_inferred = False
    assert reread_speaker(text, q, r, surnames) is None
