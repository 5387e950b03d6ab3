"""Content agreement of a meaning candidate: names and numbers (no model)."""

from __future__ import annotations

from verify.check.semantic import content_agreement, name_groups, names, numbers


def test_numbers_in_digits_and_words():
    assert numbers("five waves, 1,000 troops and 2.5 percent") == {"5", "1000", "2.5", "percent"}
    assert numbers("one of the most important issues") == set()
    assert numbers("our three-way meeting was one-sided") == set()
    assert numbers("twenty-five troops") == {"20", "5"}
    # a passage's compound may say the quote's number: "the two-state concept"
    assert numbers("the two-state concept", in_compounds=True) == {"2"}
    assert content_agreement("on the basis of two independent states", "the two-state concept")
    assert not content_agreement("on the basis of three states", "the two-state concept")


def test_a_decade_is_the_same_however_it_is_written():
    # a translation writes "the 90s" where the transcript has "the 1990s"
    forms = ["told in the 90s", "in the '90s", "promised in the 1990s", "in the nineties"]
    assert all(numbers(f) == {"decade 90"} for f in forms)
    assert numbers("about 90 people in 1990") == {"90", "1990"}
    assert content_agreement("what we were told in the 90s", "promised us in the 1990s")
    assert not content_agreement("what we were told in the 90s", "promised us in the 1980s")


def test_names_are_capitalised_words_inside_a_sentence():
    assert names("We discussed it with Macron. Russia wants Ukraine's neutrality.") == [
        "macron",
        "ukraine",
    ]
    assert names("I think so. I'm sure.") == []


def test_a_look_alike_with_another_number_or_other_names_does_not_agree():
    passage = "We have been told there would be no NATO expansion, and there were five waves."
    assert content_agreement("There were five waves of NATO expansion", passage) is True
    assert content_agreement("There were three waves of NATO expansion", passage) is False
    assert content_agreement("Biden discussed Taiwan with Xi", passage) is False


def test_one_name_a_translation_drops_is_not_disagreement():
    passage = "undermined by our Western partners for the sake of geopolitical illusions"
    assert content_agreement("The West is undermining them for its illusions", passage) is True
    assert content_agreement("it is the decision on Ukraine of a sovereign state", "x") is True


def test_a_full_name_is_one_name_however_much_of_it_the_transcript_uses():
    quote = "I have talked twice to Alexander Grigorievich (Lukashenko), he never told me"
    assert name_groups(quote) == [("alexander", "grigorievich", "lukashenko")]
    assert name_groups("We met Joe Biden, Emmanuel Macron and Olaf Scholz") == [
        ("joe", "biden"),
        ("emmanuel", "macron"),
        ("olaf", "scholz"),
    ]
    assert content_agreement(quote, "I spoke with Mr Lukashenko twice, he never told me")
    # two people the passage does not name are still another statement
    assert content_agreement("So Joe Biden told Olaf Scholz", "Mr Lukashenko told me so") is False


def test_names_inflected_in_translation_still_agree():
    passage = "the Ukrainian authorities in Kiev refused"
    assert content_agreement("the authorities of Ukraine refused, said the Kremlin", passage)


def test_nothing_to_check_is_none():
    assert content_agreement("we want to ensure our security", "anything at all") is None
