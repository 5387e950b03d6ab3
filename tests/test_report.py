"""Report writers: jsonl round trip, csv, markdown, html, ClaimReview, loading, summary.

The reports are built by hand, modelled on real cases from shared/articles: a Tasnim article
quoting Peskov "as Sputnik reported" (not in the indexed sources), the White House's "nothing
about Ukraine without Ukraine" (verbatim; briefings of 2022-10-17 and 2022-10-25), and a Jake
Sullivan quote with a dropped word (altered).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest

from verify.errors import InputError
from verify.models import (
    Appearance,
    Article,
    ArticleReport,
    Difference,
    ExtractedQuote,
    Provenance,
    QuoteCheck,
    QuoteResult,
    SourceSpan,
)
from verify.report import (
    FORMATS,
    HumanReview,
    format_summary,
    load_reports,
    render,
    summarize,
    with_review,
    write_report,
)

STAMP = "2024-05-01T12:00:00Z"
WH_1017 = (
    "https://bidenwhitehouse.archives.gov/briefing-room/press-briefings/2022/10/17/"
    "press-briefing-by-press-secretary-karine-jean-pierre-october-17-2022/"
)
WH_1025 = (
    "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/10/25/"
    "press-briefing-by-press-secretary-karine-jean-pierre-and-covid-19-response-coordinator-"
    "dr-ashish-jha-6/"
)
WH_0211 = (
    "https://bidenwhitehouse.archives.gov/briefing-room/press-briefings/2022/02/11/"
    "press-briefing-by-press-secretary-jen-psaki-and-national-security-advisor-jake-sullivan-"
    "february-11-2022/"
)
TASNIM_URL = "https://www.tasnimnews.com/en/news/2022/11/01/kremlin-putin-biden-talks"
PESKOV_QUOTE = (
    "The desire of the United States to return to the state of things in December-January and "
    "ask the question: what the Russians are offering may not suit us all, but maybe it’s worth "
    "it to sit down with them at the negotiation table?"
)
NOT_FOUND_STATEMENT = (
    "Not found in the indexed primary sources. The article credits Sputnik, which is not "
    "indexed, so the route through Sputnik cannot be checked."
)
NUAWU = "nothing about Ukraine without Ukraine"


def _appearance(url, date, publisher, kind, verdict="verbatim", **kw) -> Appearance:
    return Appearance(url=url, date=date, publisher=publisher, kind=kind, verdict=verdict, **kw)


def peskov_check() -> QuoteCheck:
    extracted = ExtractedQuote(
        kind="quote",
        text=PESKOV_QUOTE,
        start=420,
        end=420 + len(PESKOV_QUOTE),
        speaker="Dmitry Peskov",
        speaker_mention="the Kremlin spokesman",
        speaker_start=700,
        speaker_end=721,
        cue="explained",
        via="Sputnik",
    )
    result = QuoteResult(
        quote=PESKOV_QUOTE,
        verdict="not_found",
        score=0.31,
        explanation="No passage by Dmitry Peskov in the indexed sources matches these words.",
        id="q1",
        claimed_speaker="Dmitry Peskov",
    )
    provenance = Provenance(statement=NOT_FOUND_STATEMENT, via="Sputnik", via_indexed=False)
    return QuoteCheck(extracted=extracted, result=result, provenance=provenance)


def white_house_check() -> QuoteCheck:
    # Listed later date first on purpose: the writers must sort earliest first.
    appearances = [
        _appearance(
            WH_1025, "2022-10-25", "The White House", "primary", speaker="Karine Jean-Pierre"
        ),
        _appearance(TASNIM_URL, "2022-11-01", "Tasnim News Agency", "secondary", quoted=True),
        _appearance(
            WH_1017, "2022-10-17", "The White House", "primary", speaker="Karine Jean-Pierre"
        ),
    ]
    earliest = appearances[2]
    source = SourceSpan(
        url=WH_1025,
        title="Press Briefing by Press Secretary Karine Jean-Pierre and COVID-19 Response "
        "Coordinator Dr. Ashish Jha",
        date="2022-10-25",
        publisher="The White House",
        kind="primary",
        speaker="Karine Jean-Pierre",
        text="There is — it’s nothing about Ukraine without Ukraine.",
        start=51210,
        end=51265,
        speaker_label="MS. JEAN-PIERRE",
        doc_id=1812,
    )
    result = QuoteResult(
        quote=NUAWU,
        verdict="verbatim",
        score=1.0,
        explanation="The words appear verbatim in Karine Jean-Pierre's answer.",
        id="q3",
        claimed_speaker="White House",
        source=source,
        differences=[Difference("equal", NUAWU, NUAWU)],
        appearances=appearances,
        earliest_primary=earliest,
    )
    extracted = ExtractedQuote(
        kind="quote",
        text=NUAWU,
        start=1890,
        end=1927,
        speaker="White House",
        speaker_mention="the White House",
        cue="stressed",
    )
    provenance = Provenance(
        statement="Earliest primary: White House press briefing, 2022-10-17 "
        "(Karine Jean-Pierre); also 2022-10-25.",
        appearances=appearances,
        earliest_primary=earliest,
    )
    return QuoteCheck(extracted=extracted, result=result, provenance=provenance)


def sullivan_check() -> QuoteCheck:
    quote = (
        "If you stay, you are assuming risk with no guarantee that there will be any "
        "opportunity to leave, and no prospect of a U.S. military evacuation"
    )
    differences = [
        Difference(
            "equal",
            "If you stay, you are assuming risk with no guarantee",
            "you stay, you are assuming risk with no guarantee",
        ),
        Difference("equal", "that there will be any", "that there will be any"),
        Difference("delete", "", "other"),
        Difference("equal", "opportunity to leave", "opportunity to leave"),
        Difference("replace", ", and", "and"),
        Difference("elide", "", "— and I want to be clear about this —"),
        Difference(
            "equal",
            "no prospect of a U.S. military evacuation",
            "no prospect of a U.S. military evacuation",
        ),
    ]
    primary = _appearance(WH_0211, "2022-02-11", "The White House", "primary", verdict="altered")
    result = QuoteResult(
        quote=quote,
        verdict="altered",
        score=0.83,
        explanation="A content word of the source (“other”) is missing from the quote.",
        id="q1",
        claimed_speaker="Jake Sullivan",
        source=SourceSpan(
            url=WH_0211,
            title="Press Briefing by Press Secretary Jen Psaki and National Security Advisor "
            "Jake Sullivan, February 11, 2022",
            date="2022-02-11",
            publisher="The White House",
            kind="primary",
            speaker="Jake Sullivan",
            text="you stay, you are assuming risk with no guarantee that there will be any other "
            "opportunity to leave and no prospect of a U.S. military evacuation",
            start=100,
            end=240,
        ),
        differences=differences,
        appearances=[primary],
        earliest_primary=primary,
    )
    extracted = ExtractedQuote(
        kind="quote", text=quote, start=598, end=777, speaker="Jake Sullivan", cue="said"
    )
    return QuoteCheck(
        extracted=extracted,
        result=result,
        provenance=Provenance(
            statement="Earliest primary: White House press briefing, 2022-02-11.",
            appearances=[primary],
            earliest_primary=primary,
        ),
    )


def tasnim_report() -> ArticleReport:
    lavrov = peskov_check()
    lavrov.extracted.via = None
    lavrov.extracted.speaker = lavrov.result.claimed_speaker = "Sergei Lavrov"
    lavrov.extracted.speaker_mention = "the minister"
    lavrov.result.quote = lavrov.extracted.text = (
        "We are always ready to listen to our Western partners if they make another request "
        "to arrange a conversation."
    )
    lavrov.result.id = "q2"
    lavrov.result.explanation = "No passage by Sergei Lavrov in the indexed sources matches."
    lavrov.provenance = Provenance(statement="Not found in the indexed primary sources.")
    return ArticleReport(
        article=Article(
            text="TEHRAN (Tasnim) – According to Russian presidential spokesman Dmitry Peskov …",
            url=TASNIM_URL,
            title="Kremlin: US Potential Willingness to Heed Russia's Concerns Could be "
            "Platform for Putin-Biden Talks",
            date="2022-11-01",
            outlet="Tasnim News Agency",
            origin="articles/tasnim-2022-peskov-biden.txt",
        ),
        checks=[peskov_check(), lavrov, white_house_check()],
        doc_id=9001,
    )


def sullivan_report() -> ArticleReport:
    return ArticleReport(
        article=Article(
            text="…",
            url="https://www.example.org/news/sullivan-warns-americans",
            title="Sullivan warns Americans to leave Ukraine",
            date="2022-02-11",
            outlet="Example Wire",
        ),
        checks=[sullivan_check()],
        events=[
            {
                "speaker": "Jake Sullivan",
                "candidates": [
                    {
                        "doc_id": 7,
                        "url": "https://www.whitehouse.gov/briefing-room/press-briefings/2022/02/11/",
                        "title": "Press Briefing by Press Secretary Jen Psaki and Jake Sullivan",
                        "date": "2022-02-11",
                        "score": 4.5,
                        "evidence": ["Jake Sullivan speaks in it on the article's days"],
                    }
                ],
                "summary": "Jake Sullivan: Press Briefing (2022-02-11)",
            }
        ],
    )


def hostile_report() -> ArticleReport:
    """An article whose text tries to inject markup, links and spreadsheet formulas."""
    check = peskov_check()
    check.result.quote = check.extracted.text = (
        "<script>alert(1)</script> | *not bold* and a\nsecond line\u2028after a separator"
    )
    check.extracted.speaker = check.result.claimed_speaker = '<img src=x onerror="alert(2)">'
    check.extracted.via = '=HYPERLINK("http://evil.example")'
    check.provenance = Provenance(
        statement="</td><script>alert(3)</script>",
        appearances=[
            _appearance("javascript:alert(4)", "2022-10-30", "Evil <b>Outlet</b>", "secondary")
        ],
    )
    return ArticleReport(
        article=Article(
            text="",
            url="javascript:alert(5)",
            title="<b>Breaking</b> & <i>news</i>",
            date="2022-10-31",
            outlet="Unknown",
        ),
        checks=[check],
        errors=["Quote 2 could not be checked: <unterminated quotation>"],
    )


def reviewed_report() -> ArticleReport:
    report = sullivan_report()
    review = HumanReview(
        verdict="minor",
        reviewer="A. Checker",
        note="“other” adds nothing here; the meaning is unchanged.",
        decided_at="2024-04-30T09:15:00Z",
    )
    report.checks = [with_review(report.checks[0], review)]
    return report


def all_reports() -> list[ArticleReport]:
    return [tasnim_report(), sullivan_report(), hostile_report(), reviewed_report()]


# --- jsonl and load_reports -------------------------------------------------------------


def test_jsonl_round_trips_through_load_reports(tmp_path: Path) -> None:
    reports = all_reports()
    path = tmp_path / "reports.jsonl"
    write_report(reports, "jsonl", path)

    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(reports)  # one line per article

    loaded = load_reports(path)
    assert [r.to_json() for r in loaded] == [r.to_json() for r in reports]
    # The reviewer's verdict, the raw U+2028 and the newline survive the trip.
    assert loaded[3].checks[0].to_json()["review"]["verdict"] == "minor"
    assert "\u2028after" in loaded[2].checks[0].result.quote
    # And re-rendering the loaded reports gives the same output in every format.
    for fmt in FORMATS:
        assert render(loaded, fmt, generated_at=STAMP) == render(reports, fmt, generated_at=STAMP)


def test_load_reports_reads_every_jsonl_file_in_a_folder(tmp_path: Path) -> None:
    write_report([tasnim_report()], "jsonl", tmp_path / "a.jsonl")
    write_report([sullivan_report(), reviewed_report()], "jsonl", tmp_path / "sub" / "b.jsonl")
    (tmp_path / "notes.txt").write_text("not a report\n", encoding="utf-8")

    loaded = load_reports(tmp_path)
    assert [r.article.url for r in loaded] == [
        TASNIM_URL,
        sullivan_report().article.url,
        sullivan_report().article.url,
    ]


def test_load_reports_names_each_bad_line(tmp_path: Path) -> None:
    good = json.dumps(tasnim_report().to_json())
    bad_verdict = copy.deepcopy(sullivan_report().to_json())
    bad_verdict["checks"][0]["verdict"] = "false"
    path = tmp_path / "saved.jsonl"
    path.write_text(
        "\n".join([good, "{not json", json.dumps(bad_verdict), "", '["a list"]', good]) + "\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as info:
        load_reports(path)
    message = info.value.message
    assert f"{path}:2: not valid JSON" in message
    assert f"{path}:3: checks[0].verdict: 'false' is not a verdict" in message
    assert f"{path}:5:" in message
    assert f"{path}:1:" not in message and f"{path}:6:" not in message
    assert info.value.hint

    # Collecting instead of raising: the good lines load, the bad ones are all reported.
    errors: list[str] = []
    loaded = load_reports(path, errors=errors)
    assert len(loaded) == 2
    assert [e.split(": ")[0] for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:5"]


def test_load_reports_rejects_wrong_types_and_missing_paths(tmp_path: Path) -> None:
    report = tasnim_report().to_json()
    report["checks"][2]["appearances"][0]["date"] = 20221025
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(report) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"r\.jsonl:1: checks\[2\]\.appearances\[0\]\.date"):
        load_reports(path)

    with pytest.raises(InputError, match="No such file"):
        load_reports(tmp_path / "missing.jsonl")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="No .jsonl files"):
        load_reports(tmp_path / "empty")


# --- csv ---------------------------------------------------------------------------------


def test_csv_has_one_parseable_row_per_quote_check() -> None:
    reports = all_reports()
    text = render(reports, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == sum(len(r.checks) for r in reports) == 6

    peskov, lavrov, white_house = rows[:3]
    assert peskov["quote"] == PESKOV_QUOTE
    assert (peskov["verdict"], peskov["via"], peskov["speaker"]) == (
        "not_found",
        "Sputnik",
        "Dmitry Peskov",
    )
    assert peskov["speaker_mention"] == "the Kremlin spokesman"
    assert peskov["provenance"] == NOT_FOUND_STATEMENT
    assert peskov["article_url"] == TASNIM_URL and peskov["earliest_primary_url"] == ""
    assert lavrov["speaker"] == "Sergei Lavrov"
    assert white_house["earliest_primary_date"] == "2022-10-17"
    assert white_house["earliest_primary_url"] == WH_1017
    assert white_house["source_speaker"] == "Karine Jean-Pierre"
    assert float(white_house["score"]) == 1.0

    hostile = rows[4]
    assert "\nsecond line" in hostile["quote"]  # the newline is kept inside the cell
    assert hostile["via"].startswith("'=HYPERLINK")  # not a live formula in a spreadsheet

    reviewed = rows[5]
    assert (reviewed["verdict"], reviewed["review_verdict"], reviewed["final_verdict"]) == (
        "altered",
        "minor",
        "minor",
    )
    assert reviewed["reviewer"] == "A. Checker"


# --- markdown ----------------------------------------------------------------------------


def test_markdown_lists_verdicts_statements_and_diffs() -> None:
    text = render(all_reports(), "markdown", generated_at=STAMP)
    assert "Not found in indexed sources" in text
    assert "the route through Sputnik cannot be checked" in text
    assert f"[The White House, 2022-10-17]({WH_1017})" in text  # earliest primary linked
    assert "~~other~~" in text  # the word the quote dropped
    assert "**, and**" in text and "~~and~~" in text
    assert "omitted: — and I want to be clear about this —" in text
    assert "human review by A. Checker: **Minor wording differences**" in text
    assert STAMP in text

    # Untrusted text cannot break the table, inject HTML or make a javascript: link.
    hostile_rows = [
        line for line in text.splitlines() if "alert(1)" in line and line.startswith("|")
    ]
    assert len(hostile_rows) == 1
    unescaped_pipes = re.findall(r"(?<!\\)\|", hostile_rows[0])
    assert len(unescaped_pipes) == 8  # 7 columns
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "](javascript:" not in text


# --- html --------------------------------------------------------------------------------


def test_html_escapes_untrusted_text_and_is_self_contained() -> None:
    page = render(all_reports(), "html", generated_at=STAMP)
    assert page.startswith("<!DOCTYPE html>")
    # No script of any kind: the article's <script> shows as text.
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x" in page
    assert "<b>Breaking</b>" not in page and "&lt;b&gt;Breaking&lt;/b&gt;" in page
    assert "javascript:" not in page.split("Content-Security-Policy")[0]
    assert 'href="javascript:' not in page
    # Self-contained: inline CSS, nothing fetched from elsewhere.
    assert "<style>" in page
    assert not re.search(r"""\bsrc\s*=\s*["']?https?:""", page, re.I)
    assert not re.search(r"""<link[^>]+rel\s*=\s*["']?stylesheet""", page, re.I)
    assert "@import" not in page


def test_html_shows_badges_diff_links_and_timeline() -> None:
    page = render(all_reports(), "html", generated_at=STAMP)
    assert 'class="badge v-not_found"' in page
    assert 'class="badge v-verbatim"' in page
    assert 'class="badge v-altered"' in page
    assert "Not found in indexed sources" in page
    assert f'href="{WH_1017}"' in page and f'href="{WH_1025}"' in page
    # The timeline lists the 2022-10-17 briefing before the 2022-10-25 one, primary marked.
    tasnim = page.split('id="article-1-check-3"')[1].split("</article>")[0]
    timeline = tasnim.split('<ol class="timeline">')[1]
    assert (
        timeline.index("2022-10-17") < timeline.index("2022-10-25") < timeline.index("2022-11-01")
    )
    assert '<li class="earliest"><span class="kind kind-primary">primary</span> 2022-10-17' in (
        timeline
    )
    assert "kind-secondary" in timeline
    # Word diff: the dropped word is marked on the source side, the elision shown.
    sullivan = page.split('id="article-2-check-1"')[1].split("</article>")[0]
    assert '<span class="del">other</span>' in sullivan
    assert '<span class="elide">[…]</span>' in sullivan
    assert '<span class="elided">— and I want to be clear about this —</span>' in sullivan
    # Speaker, via and provenance statement are there; a human verdict sits next to the tool's.
    assert "Dmitry Peskov" in page and "Sputnik" in page and "the Kremlin spokesman" in page
    assert "the route through Sputnik cannot be checked" in page
    assert 'Sputnik <span class="small">(not in the indexed sources)</span>' in page
    reviewed = page.split('id="article-4-check-1"')[1].split("</article>")[0]
    assert "Reviewed: Minor wording differences" in reviewed and "A. Checker" in reviewed
    assert "(automatic: Altered wording)" in reviewed


# --- claimreview -------------------------------------------------------------------------


def test_claimreview_is_schema_org_json_ld() -> None:
    reports = all_reports()
    text = render(reports, "claimreview", generated_at=STAMP)
    items = json.loads(text)
    assert isinstance(items, list) and len(items) == sum(len(r.checks) for r in reports)
    for item in items:
        assert item["@context"] == "https://schema.org"
        assert item["@type"] == "ClaimReview"
        assert item["author"] == {"@type": "Organization", "name": "verify"}
        assert item["claimReviewed"]
        assert item["itemReviewed"]["@type"] == "Claim"
        assert item["reviewRating"]["@type"] == "Rating"
        assert "false" not in item["reviewRating"]["alternateName"].lower()
        assert None not in item.values()

    peskov, lavrov, white_house, sullivan, hostile, reviewed = items
    assert peskov["claimReviewed"] == PESKOV_QUOTE
    assert peskov["url"] == TASNIM_URL and peskov["datePublished"] == STAMP
    assert peskov["reviewRating"]["alternateName"] == "Not found in indexed sources"
    assert peskov["itemReviewed"]["author"] == {"@type": "Person", "name": "Dmitry Peskov"}
    assert "firstAppearance" not in peskov["itemReviewed"]
    appearance = peskov["itemReviewed"]["appearance"]
    assert {"@type": "Organization", "name": "Sputnik"} in [a.get("publisher") for a in appearance]
    assert TASNIM_URL in [a.get("url") for a in appearance]

    assert white_house["reviewRating"]["alternateName"] == "Verbatim"
    first = white_house["itemReviewed"]["firstAppearance"]
    assert first["@type"] == "CreativeWork"
    assert (first["url"], first["datePublished"]) == (WH_1017, "2022-10-17")
    assert first["publisher"]["name"] == "The White House"
    assert sullivan["reviewRating"]["alternateName"] == "Altered wording"
    assert sullivan["reviewRating"]["ratingExplanation"].startswith("A content word")

    # The human verdict is the one published, with the reviewer's note and date.
    assert reviewed["reviewRating"]["alternateName"] == "Minor wording differences"
    assert reviewed["reviewRating"]["ratingExplanation"].startswith("“other” adds nothing")
    assert reviewed["datePublished"] == "2024-04-30T09:15:00Z"

    # A javascript: URL is not published; markup cannot close a surrounding <script> tag.
    assert "url" not in hostile
    assert "<" not in text and "\\u003cscript\\u003e" in text


@pytest.mark.parametrize(
    ("verdict", "label"),
    [
        ("verbatim", "Verbatim"),
        ("minor", "Minor wording differences"),
        ("altered", "Altered wording"),
        ("paraphrase", "Paraphrase presented as a quote"),
        ("composite", "Composite quote"),
        ("misattributed", "Misattributed"),
        ("not_found", "Not found in indexed sources"),
    ],
)
def test_claimreview_rating_names_every_verdict(verdict: str, label: str) -> None:
    report = sullivan_report()
    report.checks[0].result.verdict = verdict
    (item,) = json.loads(render([report], "claimreview", generated_at=STAMP))
    assert item["reviewRating"]["alternateName"] == label


# --- summary, writing, formats -------------------------------------------------------------


def test_summarize_counts_verdicts_outlets_and_speakers() -> None:
    summary = summarize(all_reports())
    assert (summary["articles"], summary["checks"], summary["articles_with_errors"]) == (4, 6, 1)
    assert summary["verdicts"]["not_found"] == 3
    assert summary["verdicts"]["verbatim"] == 1
    assert summary["verdicts"]["altered"] == 1  # the reviewed one counts as minor
    assert summary["verdicts"]["minor"] == 1
    assert summary["automatic_verdicts"]["altered"] == 2
    assert (summary["reviewed"], summary["review_changed"]) == (1, 1)
    assert summary["by_via"]["Sputnik"]["total"] == 1
    assert summary["by_via"]["(none)"]["total"] == 4
    assert summary["by_speaker"]["Jake Sullivan"] == {
        "total": 2,
        "verdicts": {**dict.fromkeys(summary["verdicts"], 0), "altered": 1, "minor": 1},
    }
    assert summary["by_outlet"]["Tasnim News Agency"]["verdicts"]["not_found"] == 2
    assert sum(v for v in summary["verdicts"].values()) == summary["checks"]
    table = format_summary(summary)
    assert "  Sputnik: 1 (Not found in indexed sources 1)" in table
    assert "1 error in 1 article" in table


def test_write_report_replaces_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    write_report([tasnim_report()], "html", out)
    assert "Kremlin: US Potential Willingness" in out.read_text(encoding="utf-8")
    write_report([sullivan_report()], "html", out)
    assert "Sullivan warns" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]  # no temp files

    # A bad format fails before anything is written: the old report stays whole.
    before = out.read_bytes()
    with pytest.raises(InputError, match="Unknown report format"):
        write_report([tasnim_report()], "pdf", out)
    assert out.read_bytes() == before


def test_write_report_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_report([tasnim_report()], "jsonl", None)
    out = capsys.readouterr().out
    assert json.loads(out)["article"]["url"] == TASNIM_URL


def test_every_format_renders_an_empty_batch() -> None:
    assert render([], "jsonl") == ""
    assert list(csv.reader(io.StringIO(render([], "csv"))))[0][0] == "article_url"
    assert json.loads(render([], "claimreview")) == []
    assert "No articles." in render([], "markdown") and "No articles." in render([], "html")


def test_a_reported_claim_reads_as_what_the_transcript_supports() -> None:
    from verify.report.common import verdict_label

    assert verdict_label("paraphrase") == "Paraphrase presented as a quote"
    assert verdict_label("paraphrase", "claim") == "Supported by the transcript"
    assert verdict_label("not_found", "claim") == "Not found in indexed sources"
    reports = copy.deepcopy(all_reports())
    check = reports[0].checks[0]
    check.extracted.kind = "claim"
    check.result.verdict = "paraphrase"
    text = render(reports, "markdown", generated_at=STAMP)
    assert "**Supported by the transcript** (paraphrase" in text
    # the summary line counts claims apart, in their own words
    head = text.split("## ")[0]
    assert "Reported claims: Supported by the transcript: 1" in head
    assert "Quotes: " in head and "Paraphrase presented as a quote: 1" not in head
    assert summarize(reports)["claim_verdicts"]["paraphrase"] == 1
    assert "Supported by the transcript (claims)" in render(reports, "html", generated_at=STAMP)
    data = json.loads(render(reports, "claimreview", generated_at=STAMP))
    items = data if isinstance(data, list) else data.get("@graph", [data])
    names = {i["reviewRating"]["alternateName"] for i in items if "reviewRating" in i}
    assert "Supported by the transcript" in names


def test_each_report_names_the_event_it_resolved_and_why() -> None:
    """The occasion of an article's quotes, with the evidence, in Markdown and HTML, and kept
    through `verify report` (JSON lines in, any format out)."""
    report = sullivan_report()
    md = render([report], "markdown", generated_at=STAMP)
    assert "Events resolved:" in md
    assert "Jake Sullivan speaks in it on the article's days" in md
    html = render([report], "html", generated_at=STAMP)
    assert "Events resolved" in html and "speaks in it on the article" in html
    from verify.report.load import report_from_json

    loaded = report_from_json(json.loads(json.dumps(report.to_json())))
    assert loaded.events == report.events


def test_an_inferred_speaker_is_marked_as_inferred() -> None:
    import dataclasses

    check = sullivan_check()
    check.extracted = dataclasses.replace(check.extracted, speaker_inferred=True)
    report = dataclasses.replace(sullivan_report(), checks=[check])
    assert "(inferred)" in render([report], "markdown", generated_at=STAMP)
    assert "(inferred)" in render([report], "html", generated_at=STAMP)


def test_quoted_terms_left_out_are_listed_and_kept_through_verify_report() -> None:
    """A term the speaker's words do not hold is no check, but the report says it was seen
    (Markdown, HTML) and keeps it when read back; a reported term keeps its flag."""
    import dataclasses

    from verify.report.load import report_from_json

    check = sullivan_check()
    check.extracted = dataclasses.replace(check.extracted, term=True, speaker_inferred=True)
    left = [{"text": "red <lines>", "start": 5, "end": 14, "speaker": "Jake Sullivan",
             "verdict": "not_found"}]  # fmt: skip
    report = dataclasses.replace(sullivan_report(), checks=[check], terms_left_out=left)
    md = render([report], "markdown", generated_at=STAMP)
    assert "words do not hold (not checked as quotes): “red &lt;lines&gt;”" in md
    html = render([report], "html", generated_at=STAMP)
    assert "red &lt;lines&gt;" in html and "red <lines>" not in html
    loaded = report_from_json(json.loads(json.dumps(report.to_json())))
    assert loaded.terms_left_out == left
    assert loaded.checks[0].extracted.term is True
    assert "terms_left_out" not in sullivan_report().to_json()
    # an article whose only quotations were such terms still says it saw them
    none_checked = dataclasses.replace(report, checks=[])
    assert "“red &lt;lines&gt;”" in render([none_checked], "markdown", generated_at=STAMP)
    assert "red &lt;lines&gt;" in render([none_checked], "html", generated_at=STAMP)
