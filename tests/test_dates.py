"""The days an article names, read against its date (pure; no store)."""

from __future__ import annotations

from verify.article.dates import named_days


def _words(text, day):
    return {d.words: (d.since, d.until, d.specific) for d in named_days(text, day)}


def test_weekdays_are_the_latest_such_day_the_articles_own_included():
    # 2023-05-25 is a Thursday
    got = _words("Jean-Pierre on Thursday criticized ...; a comment made on Tuesday", "2023-05-25")
    assert got["on Thursday"] == ("2023-05-25", "2023-05-26", True)
    assert got["on Tuesday"] == ("2023-05-23", "2023-05-24", True)


def test_a_date_without_a_year_is_the_latest_one_and_not_one_ahead():
    got = _words("during a May 2 briefing; a default on or around June 1", "2023-05-25")
    assert got["May 2"] == ("2023-05-02", "2023-05-03", True)
    assert "June 1" not in got  # ahead of the article: not an occasion
    # December, read in a January article, is last December
    assert _words("on Dec. 23 Putin said", "2022-01-10")["Dec. 23"][0] == "2021-12-23"
    assert _words("back in December", "2022-01-10")["back in December"][:2] == (
        "2021-12-01",
        "2022-01-01",
    )


def test_relative_days_and_explicit_dates():
    got = _words("yesterday; last week; on January 3, 2022", "2022-01-12")  # a Wednesday
    assert got["yesterday"] == ("2022-01-11", "2022-01-12", True)
    assert got["last week"] == ("2022-01-03", "2022-01-10", False)
    assert got["January 3, 2022"] == ("2022-01-03", "2022-01-04", True)


def test_no_article_date_no_days_and_may_the_verb_is_not_a_month():
    assert named_days("on Tuesday", None) == []
    assert named_days("on Tuesday", "not a date") == []
    assert _words("He may visit; they may 2x it", "2022-05-20") == {}
