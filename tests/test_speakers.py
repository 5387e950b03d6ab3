"""The speaker registry: transcript labels and article mentions to canonical names."""

from __future__ import annotations

import pytest

from verify.errors import ConfigError
from verify.knowledge.speakers import SpeakerRegistry


@pytest.fixture(scope="module")
def reg() -> SpeakerRegistry:
    return SpeakerRegistry.default()


# ------------------------------------------------------------------ transcript labels


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("MS. JEAN-PIERRE", "Karine Jean-Pierre"),
        ("MS. PSAKI", "Jen Psaki"),
        ("MR. KIRBY", "John Kirby"),
        ("ADMIRAL KIRBY", "John Kirby"),
        ("MR. SULLIVAN", "Jake Sullivan"),
        ("SECRETARY BLINKEN", "Antony Blinken"),
        ("PRESIDENT ZELENSKYY", "Volodymyr Zelenskyy"),
        ("PRIME MINISTER KISHIDA", "Fumio Kishida"),
        ("DR. JHA", "Ashish Jha"),
        ("Mr. KIRBY", "John Kirby"),  # mixed-case honorific
        ("MS. JEAN-PIERE", "Karine Jean-Pierre"),  # a typo in the transcript
        ("MR. SULLIAN", "Jake Sullivan"),
    ],
)
def test_white_house_labels_resolve_to_people(reg, label, speaker):
    assert reg.resolve_label(label, date="2022-10-26", publisher="White House") == (speaker, False)


def test_unknown_white_house_label_keeps_the_surname(reg):
    assert reg.resolve_label("MR. SMITH", date="2022-10-26") == ("Smith", False)
    assert reg.resolve_label("MS. TISCH SUSSMAN")[0] == "Tisch Sussman"
    assert reg.resolve_label("MS. O\u2019CONNELL")[0] == "O'Connell"


@pytest.mark.parametrize(
    ("label", "question"),
    [
        ("Q", True),
        ("SENIOR ADMINISTRATION OFFICIAL", False),
        ("SENIOR ADMINISTRATION OFFICIAL ONE", False),
        ("MODERATOR", False),
        ("AUDIENCE MEMBER", False),
        ("PARTICIPANT", False),
        ("MR. PRESIDENT", False),  # an address, not a name
        ("Question", True),
        ("Question(retranslated)", True),
        ("Remark", False),
    ],
)
def test_generic_labels_name_nobody(reg, label, question):
    assert reg.resolve_label(label, date="2022-10-26") == (None, question)


def test_the_president_depends_on_the_date(reg):
    wh = "White House"
    assert reg.resolve_label("THE PRESIDENT", date="2022-10-25", publisher=wh)[0] == "Joe Biden"
    assert reg.resolve_label("THE PRESIDENT", date="2020-06-01", publisher=wh)[0] == (
        "Donald Trump"
    )
    assert reg.resolve_label("THE VICE PRESIDENT", date="2022-10-25")[0] == "Kamala Harris"
    assert reg.resolve_label("THE FIRST LADY", date="2022-10-25")[0] == "Jill Biden"
    # a title with a surname picks the holder of that office, not another person of that name
    assert reg.resolve_label("FIRST LADY BIDEN", date="2022-10-25")[0] == "Jill Biden"
    assert reg.resolve_label("PRESIDENT BIDEN", date="2022-10-25")[0] == "Joe Biden"


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        (
            "Deputy Chief of Staff of the Presidential Executive Office\u2013 Presidential Press "
            "Secretary Dmitry Peskov",
            "Dmitry Peskov",
        ),
        ("President of Russia Vladimir Putin", "Vladimir Putin"),
        ("Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Defence Minister Sergei Shoigu Shoigu SergeiDefence Minister", "Sergei Shoigu"),
        (
            "Deputy Prime Minister \u2013 Minister of Industry and Trade Denis Manturov",
            "Denis Manturov",
        ),
        (
            "President of the Argentine Republic Alberto Fernandez(retranslated)",
            "Alberto Fernandez",
        ),
        # people the registry does not know keep their name, without the title
        ("Uralchem CEO Dmitry Mazepin", "Dmitry Mazepin"),
        ("President of Transneft Nikolai Tokarev", "Nikolai Tokarev"),
        ("Promsvyazbank CEO Petr Fradkov Fradkov PyotrPromsvyazbank CEO", "Petr Fradkov"),
        ("Yevgeny Trofimenko, Umatex R&D Centre, Rosatom State Corporation", "Yevgeny Trofimenko"),
    ],
)
def test_kremlin_labels_resolve_to_the_name_inside_the_title(reg, label, speaker):
    assert reg.resolve_label(label, date="2021-12-23", publisher="Kremlin") == (speaker, False)


def test_label_info_tells_titles_apart(reg):
    assert reg.label_info("Uralchem CEO Dmitry Mazepin").titled
    assert not reg.label_info("Dmitry Mazepin").titled
    assert reg.label_info("Dmitry Peskov").known


# ------------------------------------------------------------------ names in articles


@pytest.mark.parametrize(
    "mention",
    [
        "Peskov",
        "Dmitry Peskov",
        "Dmitri Peskov",
        "Kremlin spokesman Dmitry Peskov",
        "Russian presidential spokesman Dmitry Peskov",
        "the Kremlin spokesman",
        "Kremlin spokesman Peskov",
    ],
)
def test_article_mentions_of_peskov(reg, mention):
    assert reg.canonical(mention, date="2022-10-30") == "Dmitry Peskov"


@pytest.mark.parametrize(
    ("mention", "date", "name"),
    [
        ("Karine Jean-Pierre", None, "Karine Jean-Pierre"),
        ("President Biden", None, "Joe Biden"),
        ("Joe Biden", None, "Joe Biden"),
        ("Putin", None, "Vladimir Putin"),
        ("Vladimir Putin's", None, "Vladimir Putin"),
        ("the Russian president", "2022-10-30", "Vladimir Putin"),
        ("Russia's foreign minister", "2022-10-30", "Sergei Lavrov"),
        ("White House press secretary", "2022-03-01", "Jen Psaki"),
        ("White House press secretary", "2022-10-25", "Karine Jean-Pierre"),
        ("the US president", "2022-10-25", "Joe Biden"),
        ("Mr. Smith", None, "Smith"),
        ("Senator Kevin Kramer", None, "Kevin Kramer"),
        # a deputy is not the minister: an unknown person keeps their own name
        ("Russian Deputy Foreign Minister Sergei Ryabkov", "2022-10-30", "Sergei Ryabkov"),
    ],
)
def test_canonical_names(reg, mention, date, name):
    assert reg.canonical(mention, date=date) == name


@pytest.mark.parametrize(
    "mention", ["a senior administration official", "the Kremlin", "former Kremlin spokesman", ""]
)
def test_canonical_is_none_without_a_name(reg, mention):
    assert reg.canonical(mention, date="2022-10-30") is None


def test_bare_title_needs_the_publisher(reg):
    assert reg.canonical("the president", date="2022-10-30", publisher="Kremlin") == (
        "Vladimir Putin"
    )
    assert reg.canonical("the president", date="2022-10-30", publisher="White House") == (
        "Joe Biden"
    )
    assert reg.canonical("the president", date="2022-10-30") is None


# ------------------------------------------------------------------ same_person, role


@pytest.mark.parametrize(
    ("a", "b", "date"),
    [
        ("Kirby", "John Kirby", None),
        ("Putin", "Vladimir Putin", None),
        ("Karine Jean-Pierre", "MS. JEAN-PIERRE", None),
        ("President Biden", "THE PRESIDENT", "2022-10-25"),
        ("Smith", "John Smith", None),
        ("J. Smith", "John Smith", None),
        ("Kremlin spokesman", "Dmitry Peskov", "2022-10-30"),
        ("Sergey Lavrov", "Sergei Lavrov", None),
    ],
)
def test_same_person(reg, a, b, date):
    assert reg.same_person(a, b, date=date)
    assert reg.same_person(b, a, date=date)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hunter Biden", "Joe Biden"),
        ("Jen Psaki", "Karine Jean-Pierre"),
        ("Dmitry Peskov", "Vladimir Putin"),
        (None, "Vladimir Putin"),
        ("SENIOR ADMINISTRATION OFFICIAL", "Jake Sullivan"),
        ("John Smith", "Jane Smith"),
    ],
)
def test_different_people(reg, a, b):
    assert not reg.same_person(a, b, date="2022-10-25")


def test_roles(reg):
    assert reg.role("Dmitry Peskov") == "official"
    assert reg.role("Peskov") == "official"
    assert reg.role("Alexei Miller") == "executive"
    assert reg.role("Somebody Unknown") is None


# ------------------------------------------------------------------ loading


def test_default_registry_is_loaded_once():
    assert SpeakerRegistry.default() is SpeakerRegistry.default()


def test_broken_registry_file_is_a_config_error(tmp_path):
    bad = tmp_path / "speakers.toml"
    bad.write_text("[[person]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        SpeakerRegistry.from_file(bad)
    assert err.value.hint
    with pytest.raises(ConfigError):
        SpeakerRegistry.from_file(tmp_path / "missing.toml")
    with pytest.raises(ConfigError):
        SpeakerRegistry.from_dict({"person": [{"aliases": ["no name"]}]})


def test_registry_from_data_applies_the_rules():
    reg = SpeakerRegistry.from_dict(
        {
            "vocabulary": {"honorifics": ["mr", "ms"], "title_words": ["spokesperson", "agency"]},
            "person": [{"name": "Ann Example", "role": "official"}],
            "office": [
                {
                    "titles": ["Agency spokesperson"],
                    "holders": [
                        {"name": "Old Holder", "from": "2010-01-01", "to": "2020-01-01"},
                        {"name": "Ann Example", "from": "2020-01-01"},
                    ],
                }
            ],
        }
    )
    assert reg.resolve_label("MS. EXAMPLE") == ("Ann Example", False)
    assert reg.canonical("the agency spokesperson", date="2015-05-05") == "Old Holder"
    assert reg.canonical("the agency spokesperson", date="2021-05-05") == "Ann Example"
    assert reg.canonical("the agency spokesperson") is None  # two holders, no date


def test_who_asks_the_questions_of_a_briefing(reg):
    """A transcript's Q turn is a reporter's: the claimed speaker's when the article credits
    a reporter, never an official's, and unknown for a name the registry has never seen."""
    assert reg.asks_questions("reporter") and reg.asks_questions("unnamed reporter")
    assert reg.asks_questions("a White House correspondent")
    assert reg.asks_questions("Jen Psaki") is False
    assert reg.asks_questions("Vladimir Putin") is False
    assert reg.asks_questions("Jane Roe") is None


def _briefing(turn):
    """A one-turn White House briefing of 2021-08-10."""
    from verify.models import Document

    return Document(
        id=1,
        url="u",
        title="Press Briefing",
        date="2021-08-10",
        publisher="White House",
        kind="primary",
        language="en",
        text="x" * 40,
        content_hash="h",
        version=1,
        turns=[turn],
    )


def test_a_reporters_question_is_theirs_and_not_an_officials(reg):
    from verify.check.verdict import speaker_check
    from verify.models import Turn

    q = Turn(0, 0, 40, "Q", None, is_question=True)
    doc = _briefing(q)
    assert speaker_check("reporter", doc, q, False, registry=reg) is True
    assert speaker_check("Jen Psaki", doc, q, False, registry=reg) is False
    assert speaker_check("White House", doc, q, False, registry=reg) is False
    assert speaker_check("Jane Roe", doc, q, False, registry=reg) is None


def test_words_a_speaker_quotes_in_their_own_turn_are_theirs(reg):
    """Biden reading Psalm 34 in quotation marks said those words: a report quoting him
    is confirmed by his turn. In someone else's turn the quoted words' speaker is unknown."""
    from verify.check.verdict import speaker_check
    from verify.models import Document, Turn

    biden = Turn(0, 15, 90, "THE PRESIDENT", "Joe Biden")
    doc = Document(
        id=1,
        url="u",
        title="Remarks by President Biden",
        date="2022-05-24",
        publisher="White House",
        kind="primary",
        language="en",
        text="x" * 90,
        content_hash="h",
        version=1,
        turns=[biden],
    )
    assert speaker_check("Joe Biden", doc, biden, True, registry=reg) is True
    assert speaker_check("Jen Psaki", doc, biden, True, registry=reg) is None
    assert speaker_check("Jen Psaki", doc, biden, False, registry=reg) is False


def test_an_unnamed_speaker_is_not_contradicted_by_a_named_officials_turn(reg):
    """ "A spokesman said ...": the article names nobody, so a press secretary's turn can
    neither confirm nor contradict it; "a UN spokesperson" is the UN's, not hers."""
    from verify.check.verdict import speaker_check
    from verify.models import Turn

    turn = Turn(0, 0, 40, "MS. PSAKI", "Jen Psaki")
    doc = _briefing(turn)
    for anonymous in ("A spokesman", "an unnamed official", "a senior administration official"):
        assert speaker_check(anonymous, doc, turn, False, registry=reg) is None
    assert speaker_check("a UN spokesperson", doc, turn, False, registry=reg) is False
    assert speaker_check("Jane Roe", doc, turn, False, registry=reg) is False
