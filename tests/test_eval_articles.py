"""The article evaluation's matching and scoring, on hand-built rows (no index, no model)."""

from __future__ import annotations

from tools.evaluation.articles import is_question, judge_row, load, match, score, summarise

KREMLIN = "http://en.kremlin.ru/events/president/news/1"
WH = "https://www.whitehouse.gov/briefing-room/x"


class Registry:
    def same_person(self, a, b, date=None):
        return a.split()[-1].lower() == b.split()[-1].lower()


def gold(quote, verdict, speaker="Vladimir Putin", url=KREMLIN, note="", start=0):
    return {
        "article_id": "a1",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "speaker": speaker,
        "expected_verdict": verdict,
        "expected_url": url,
        "note": note,
    }


def check(verdict, speaker="Putin", url=KREMLIN, start=0, end=10):
    return {
        "start": start,
        "end": end,
        "verdict": verdict,
        "claimed_speaker": speaker,
        "score": 0.9,
        "explanation": "",
        "source": {"url": url} if url else None,
    }


def row(g, c, part="dev", covered=True):
    return {
        "set": "k1",
        "part": part,
        "article_id": "a1",
        "date": "2022-01-01",
        "gold": g,
        "check": c,
        "covered": covered,
        "question": is_question(g),
        "long": len(g["quote"].split()) > 4,
        "article_seconds": 1.0,
    }


def test_match_takes_the_most_overlapping_quote_of_at_least_half():
    text = "He said: one two three four five six. And also seven eight nine."
    g = [gold("one two three four five six", "verbatim", start=9)]
    near = check("verbatim", start=9, end=37)
    small = check("verbatim", start=9, end=14)
    assert match(text, g, [small, near]) == [near]
    assert match(text, g, [small]) == [None]


def test_false_confirmation_and_end_to_end():
    r = row(gold("we want to ensure our security", "paraphrase"), check("verbatim"))
    o = judge_row(r, Registry())
    assert o["false_confirmation"] and not o["verdict"] and o["source"] and not o["e2e"]
    r2 = row(gold("we want to ensure our security", "paraphrase"), check("paraphrase", url=WH))
    o2 = judge_row(r2, Registry())
    assert o2["verdict"] and o2["source"] is False and not o2["e2e"]


def test_score_counts_uncovered_quotes_only_for_found_and_speaker():
    rows = [
        row(gold("one two three four five", "verbatim"), check("verbatim")),
        row(
            gold("six seven eight nine ten", "verbatim", url=WH), check("not_found"), covered=False
        ),
    ]
    s = score(rows, Registry())
    assert s["gold_quotes"] == 2 and s["found"] == 1.0 and s["speaker"] == 1.0
    assert s["covered"] == 1 and s["verdict"] == 1.0 and s["end_to_end"] == 1.0


def test_kremlin_translations_found_in_the_right_transcript():
    rows = [
        row(gold("a b c d e f", "paraphrase"), check("paraphrase")),
        row(gold("g h i j k l", "paraphrase"), check("paraphrase", url=KREMLIN + "0")),
        row(gold("m n o p q r", "paraphrase", url=WH), check("paraphrase", url=WH)),
    ]
    s = score(rows, Registry())
    assert s["kremlin_translations"] == 2 and s["kremlin_translations_found"] == 0.5


def test_reporters_questions_are_counted_and_a_reporter_word_is_the_right_speaker():
    q = gold("is that true, and will you act", "verbatim", speaker="unnamed reporter", url=WH)
    assert is_question(q)
    assert is_question(gold("x", "verbatim", speaker="Peter Doocy", note="reporter's question"))
    assert not is_question(gold("x", "verbatim"))
    r = row(q, check("verbatim", speaker="a reporter", url=WH))
    s = score([r], Registry())
    assert s["questions"] == 1 and s["speaker"] == 1.0


def test_an_institution_is_right_when_the_check_finds_the_official_it_spoke_for():
    g = gold("peak hysteria", "paraphrase", speaker="Yury Ushakov")
    c = check("paraphrase", speaker="Kremlin")
    c["source"]["speaker"] = "Yury Ushakov"
    assert judge_row(row(g, c), Registry())["speaker"]
    # not when the check found someone else's words, nor for a person credited wrongly
    c2 = check("misattributed", speaker="Kremlin")
    c2["source"]["speaker"] = "Yury Ushakov"
    assert not judge_row(row(g, c2), Registry())["speaker"]
    c3 = check("paraphrase", speaker="Dmitry Peskov")
    c3["source"]["speaker"] = "Yury Ushakov"
    assert not judge_row(row(g, c3), Registry())["speaker"]


def test_parts_and_fragments_apart():
    rows = [
        row(gold("one two three four five", "verbatim"), check("verbatim"), part="dev"),
        row(gold("two words", "verbatim"), check("not_found"), part="dev"),
        row(gold("one two three four five", "verbatim"), check("verbatim"), part="test"),
    ]
    out = summarise(rows, Registry())
    assert set(out) == {"dev", "test"}
    assert out["dev"]["long"]["verdict"] == 1.0 and out["dev"]["fragments"]["verdict"] == 0.0
    assert out["test"]["fragments"]["gold_quotes"] == 0


def test_bench_sets_load_with_their_splits():
    dev = load(["k1"], "dev")
    test = load(["k1"], "test")
    assert dev and test
    assert {m["split"] for _, m, _, _ in dev} == {"dev"}
    assert {m["split"] for _, m, _, _ in test} == {"test"}


def test_an_institution_named_otherwise_is_the_labelled_institution():
    # "Moscow described the call as ..." of the Kremlin's readout: both name the Kremlin
    g = gold("frank exchange of views", "paraphrase", speaker="Kremlin")
    assert judge_row(row(g, check("paraphrase", speaker="Moscow")), Registry())["speaker"]
    assert not judge_row(row(g, check("paraphrase", speaker="Washington")), Registry())["speaker"]
