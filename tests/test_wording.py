"""Tokens for alignment: comparison keys under which harmless variants compare equal."""

from __future__ import annotations

from verify.check.align import DocTokens, align
from verify.check.verdict import wording_verdict
from verify.text.wording import keys, prepare


def test_spoken_forms_expand_like_contractions():
    toks = prepare("This is gonna hurt, we wanna help")
    assert keys(toks) == ["this", "is", "going", "to", "hurt", "we", "want", "to", "help"]
    assert all(t.expanded for t in toks if t.surface in ("gonna", "wanna"))


def test_number_words_combine_only_into_one_number():
    assert keys(prepare("twenty-five waves")) == ["#25", "waves"]
    assert keys(prepare("one hundred and five")) == ["#105"]
    # a repeated number word is two numbers, not their sum
    assert keys(prepare("four, five – five waves")) == ["#4", "#5", "#5", "waves"]


def test_contraction_and_number_forms_compare_equal():
    assert keys(prepare("we don't have 3")) == keys(prepare("We do not have three"))


def test_hyphenated_compound_matches_the_closed_form():
    aln = align("short-sighted", DocTokens("It was a shortsighted decision."))
    assert aln is not None
    assert wording_verdict(aln)[0] == "minor"
    assert any(op.harmless == "hyphenation" for op in aln.ops)
