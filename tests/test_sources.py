"""Corpus source adapters: real shared corpora, HTML fixtures and every kind of bad input."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from verify import config
from verify.corpus.sources import Skipped, detect_format, expand_paths, iter_records
from verify.corpus.sources.common import fast_clean
from verify.corpus.sources.kremlin_html import parse_listing
from verify.corpus.sources.markdown import markdown_to_text
from verify.errors import InputError, SourceError
from verify.models import DocumentRecord
from verify.text.tokens import clean_whitespace

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
KREMLIN_CSV = config.corpora_root() / "kremlin-en" / "putin.csv"
WHITEHOUSE = config.corpora_root() / "whitehouse"
HTML = config.shared_root() / "fixtures" / "html" / "kremlin"
KREMLIN_MAP = {"text": "body", "url": "link", "title": "headline", "date": "date"}

needs_csv = pytest.mark.skipif(not KREMLIN_CSV.exists(), reason="shared Kremlin CSV not present")
needs_wh = pytest.mark.skipif(not WHITEHOUSE.exists(), reason="shared White House corpus absent")
needs_html = pytest.mark.skipif(not HTML.exists(), reason="shared kremlin.ru HTML fixtures absent")

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$")
# An upper-case speaker label at the start of a raw Markdown line, followed by a wide space.
RAW_LABEL = re.compile(r"^(Q|[A-Z][A-Z.'\u2019\- ]*[A-Z.]:)(?:\u00a0| {2})", re.MULTILINE)


def split(records):
    docs = [r for r in records if isinstance(r, DocumentRecord)]
    errors = [r for r in records if isinstance(r, SourceError)]
    skipped = [r for r in records if isinstance(r, Skipped)]
    return docs, errors, skipped


# ---------------------------------------------------------------- Kremlin CSV


@needs_csv
def test_kremlin_csv_reads_every_document_with_mapped_fields():
    docs, errors, _ = split(list(iter_records([str(KREMLIN_CSV)], mapping=KREMLIN_MAP)))
    assert errors == []
    assert len(docs) == 816
    assert docs[0].url == "http://en.kremlin.ru/events/president/news/68700"
    assert docs[0].title == "BRICS+ meeting"
    assert docs[0].date == "2022-06-24T17:30:00Z"
    assert docs[-1].url == "http://en.kremlin.ru/events/president/news/66988"
    assert docs[-1].date.startswith("2021-10-24")
    assert docs[0].origin == f"{KREMLIN_CSV}:row 1"
    assert docs[-1].origin == f"{KREMLIN_CSV}:row 816"
    assert all(ISO.match(d.date) for d in docs)
    assert all("2021-10-24" <= d.date[:10] <= "2022-06-24" for d in docs)
    # Unmapped columns are kept, not dropped.
    assert set(docs[0].meta) == {"location", "summary"}


@needs_csv
def test_kremlin_csv_text_is_the_cell_with_whitespace_cleaned_only():
    csv.field_size_limit(1 << 30)
    with KREMLIN_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    docs = [r for r in iter_records([str(KREMLIN_CSV)], mapping=KREMLIN_MAP)]
    assert [d.text for d in docs] == [clean_whitespace(r["body"]) for r in rows]
    longest = max(docs, key=lambda d: len(d.text))
    assert len(longest.text) > 170_000  # cells up to 180k characters arrive whole


@needs_csv
def test_kremlin_csv_without_mapping_names_the_available_columns():
    records = list(iter_records([str(KREMLIN_CSV)]))
    assert len(records) == 1 and isinstance(records[0], SourceError)
    message = str(records[0])
    assert str(KREMLIN_CSV) in message
    for column in ("link", "headline", "date", "body"):
        assert repr(column) in message


# ---------------------------------------------------------------- White House Markdown


def _wh_file(section: str, pattern: str) -> Path:
    matches = sorted((WHITEHOUSE / section).glob(pattern))
    assert matches, pattern
    return matches[0]


def _check_clean_text(doc: DocumentRecord) -> None:
    text = doc.text
    assert "\u00a0" not in text and "\u2060" not in text
    assert "\n\n\n" not in text
    assert re.search(r"(?<!\n)\n(?!\n)", text) is None, "hard-wrapped line left in the text"
    assert "  " not in text
    assert "**" not in text and "](" not in text


@needs_wh
def test_whitehouse_known_briefing_parses_cleanly():
    path = _wh_file(
        "statements-releases/2022-10", "2022-10-25-press-briefing-by-press-secretary-karine*.md"
    )
    raw = path.read_text(encoding="utf-8")
    (doc,) = list(iter_records([str(path)]))
    assert isinstance(doc, DocumentRecord)
    assert doc.title.startswith("Press Briefing by Press Secretary Karine Jean-Pierre")
    assert not re.search(r"[\\\u00a0\u2060]|\s{2}", doc.title)
    assert doc.date == "2022-10-25"
    source_url = re.search(r"^source_url: (\S+)$", raw, re.MULTILINE).group(1)
    assert doc.url == source_url
    assert doc.publisher == "White House"
    assert doc.meta["section"] == "statements-releases"
    assert doc.meta["tags"] == ["statements-releases"]
    assert doc.meta["published_time"].startswith("2022-10-25T")
    _check_clean_text(doc)
    # A phrase wrapped across lines in the file is whole in the text, as often as in the file.
    phrase = "nothing about Ukraine without Ukraine"
    assert doc.text.count(phrase) == " ".join(raw.split()).count(phrase) > 0
    paragraphs = doc.text.split("\n\n")
    assert any(p.startswith("MS. JEAN-PIERRE: ") for p in paragraphs)
    assert any(p.startswith("Q ") for p in paragraphs)


@needs_wh
def test_whitehouse_month_labels_start_paragraphs_and_text_is_clean():
    folder = WHITEHOUSE / "press-briefings" / "2022-10"
    docs, errors, _ = split(list(iter_records([str(folder)])))
    assert errors == []
    assert len(docs) == len(list(folder.glob("*.md")))
    total_raw = 0
    for doc in docs:
        _check_clean_text(doc)
        assert not re.search(r"[\\\u00a0\u2060]", doc.title)
        body = Path(doc.origin).read_text(encoding="utf-8").split("\n---\n", 1)[1]
        raw_labels = [m.group(1) for m in RAW_LABEL.finditer(body)]
        total_raw += len(raw_labels)
        starts = [p.split(" ", 1)[0] if p.startswith("Q ") else p for p in doc.text.split("\n\n")]
        for label in set(raw_labels):
            expected = raw_labels.count(label)
            if label == "Q":
                found = sum(1 for p in doc.text.split("\n\n") if p.startswith("Q "))
            else:
                found = sum(1 for p in starts if p.startswith(label + " "))
            assert found >= expected, (doc.origin, label, found, expected)
            if label != "Q":  # never inside a paragraph
                assert not re.search(r"[^\n]" + re.escape(" " + label + " "), doc.text)
    assert total_raw > 1000


@needs_wh
def test_whitehouse_stage_directions_are_kept():
    path = _wh_file(
        "press-briefings/2022-10", "2022-10-03-press-gaggle-by-press-secretary-karine*.md"
    )
    (doc,) = list(iter_records([str(path)]))
    paragraphs = doc.text.split("\n\n")
    assert "12:31 P.M. EDT" in paragraphs
    assert paragraphs[0] == "Aboard Air Force One En Route Ponce, Puerto Rico"
    assert any(p.startswith("ADMINISTRATOR CRISWELL: ") for p in paragraphs)


@needs_wh
def test_whitehouse_whole_corpus_parses_without_errors():
    docs, errors, skipped = split(list(iter_records([str(WHITEHOUSE)])))
    assert errors == [] and skipped == []
    assert len(docs) == 3433
    assert all(d.publisher == "White House" and ISO.match(d.date) for d in docs)
    assert all(d.url and d.url.startswith("https://bidenwhitehouse.archives.gov/") for d in docs)
    assert {d.meta["section"] for d in docs} == {
        "press-briefings",
        "speeches-remarks",
        "statements-releases",
    }
    assert not any("\u00a0" in d.text or "\u00a0" in d.title for d in docs)


# ---------------------------------------------------------------- Markdown fixtures


def test_markdown_front_matter_and_body_conversion():
    (doc,) = list(iter_records([str(FIXTURES / "briefing.md")]))
    assert doc.title == "Press Briefing by Press Secretary Karine Jean-Pierre, October 25, 2022"
    assert doc.date == "2022-10-25"
    assert doc.meta["published_time"] == "2022-10-25T15:30:12-04:00"
    assert doc.publisher == "White House"
    assert doc.text.split("\n\n") == [
        "James S. Brady Press Briefing Room Washington, D.C.",
        "1:42 P.M. EDT",
        "MS. JEAN-PIERRE: Good afternoon, everyone. Our position has not changed: nothing "
        "about Ukraine without Ukraine. (Laughter.)",
        "Q Karine, on Russia — does the President agree [with the letter]?",
        "MS. JEAN-PIERRE: We have said many times that it is up to President Zelenskyy to decide.",
        "Q And one more on the economy.",
        "THE PRESIDENT: Folks, thank you.",
        "first item of a list",
        "second item that is wrapped",
        "###",
    ]


def test_markdown_arguments_override_the_file():
    (doc,) = list(
        iter_records([str(FIXTURES / "briefing.md")], publisher="WH archive", kind="primary")
    )
    assert doc.publisher == "WH archive" and doc.kind == "primary"


def test_markdown_without_front_matter_takes_title_from_heading():
    (doc,) = list(iter_records([str(FIXTURES / "no_front.md")]))
    assert doc.title == "A plain note"
    assert doc.text == "A plain note\n\nSome text that is wrapped over lines.\n\nSecond paragraph."
    assert doc.publisher is None and doc.url is None


def test_markdown_bad_front_matter_and_empty_body_are_errors():
    bad, empty = list(
        iter_records([str(FIXTURES / "bad_front.md"), str(FIXTURES / "only_front.md")])
    )
    assert isinstance(bad, SourceError) and bad.origin == str(FIXTURES / "bad_front.md")
    assert "front matter" in bad.message
    assert isinstance(empty, SourceError) and empty.origin == str(FIXTURES / "only_front.md")


def test_markdown_inline_markup():
    text = markdown_to_text(
        "A [link\nacross lines](https://x.org/a_(b)) and ![img](p.png) <s>old</s> "
        "\\[new\\], **bold** and \\*literal\\* stars.  \n"
        "Second line after a hard break.\n\n## Heading\nbody"
    )
    assert text.split("\n\n") == [
        # the struck-out word of a correction is kept, marked, with its correction
        "A link across lines and ~~old~~ [new], bold and *literal* stars.",
        "Second line after a hard break.",
        "Heading",
        "body",
    ]


def test_hard_break_inside_a_sentence_joins_the_lines():
    # A trailing double space mid-sentence is a wrapping artefact, not a paragraph break.
    text = markdown_to_text("Q\u00a0\u00a0\u00a0 Is there a plan to release the  \nletter?  \n")
    assert text == "Q Is there a plan to release the letter?"


def test_speaker_label_starts_a_paragraph_even_without_a_blank_line():
    text = markdown_to_text(
        "MS. PSAKI:\u00a0 We will see what comes next and\n"
        "MODERATOR:\u00a0 Next question.\n"
        "Q\u00a0\u00a0\u00a0 Thanks \u2014 one more.  \n"
        "SENIOR ADMINISTRATION OFFICIAL:  Sure.\n"
        "NATO: a word at the start of a wrapped line is not a label."
    )
    assert text.split("\n\n") == [
        "MS. PSAKI: We will see what comes next and",
        "MODERATOR: Next question.",
        "Q Thanks \u2014 one more.",
        "SENIOR ADMINISTRATION OFFICIAL: Sure. NATO: a word at the start of a wrapped line is "
        "not a label.",
    ]


@needs_wh
def test_fast_clean_matches_clean_whitespace():
    for path in sorted((WHITEHOUSE / "press-briefings" / "2022-11").glob("*.md"))[:40]:
        raw = path.read_text(encoding="utf-8")
        assert fast_clean(raw) == clean_whitespace(raw)


# ---------------------------------------------------------------- kremlin.ru HTML


@needs_html
def test_kremlin_html_article():
    (doc,) = list(iter_records([str(HTML / "63953.html")]))
    assert doc.title == "Launching motor traffic on completed sections of Taurida motorway"
    assert doc.date == "2020-08-27T15:20:00+03:00"
    assert doc.url == "http://en.kremlin.ru/events/president/news/63953"
    assert doc.publisher == "Kremlin"
    assert doc.text.startswith("The President drove an Aurus limousine")
    assert "\u00a0" not in doc.text and "\n\n\n" not in doc.text
    # Page furniture (tag lists, publication status, photo captions) is not text.
    for furniture in ("Publication status", "Direct link", "Geography", "Text version"):
        assert furniture not in doc.text
    assert doc.meta["summary"].startswith("During his working trip")


@needs_html
def test_kremlin_html_transcript_keeps_speaker_labels_at_paragraph_start():
    (doc,) = list(iter_records([str(HTML / "62366.html")]))
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "President of Russia Vladimir Putin: Good afternoon,"
    assert len(paragraphs) > 500
    assert sum(p.startswith("Vladimir Putin: ") for p in paragraphs) > 50
    assert doc.title == "Vladimir Putin’s annual news conference"
    assert doc.date.startswith("2019-12-19")


@needs_html
def test_kremlin_html_tooltips_are_not_text():
    (doc,) = list(iter_records([str(HTML / "63560.html")]))
    assert "Aslan Bzhania" in doc.text
    assert "Bzhania Aslan" not in doc.text  # the hidden person tooltip


@needs_html
@pytest.mark.parametrize("doc_id", ["55882", "63953"])
def test_kremlin_print_version_is_the_same_document(doc_id):
    normal, printed = list(
        iter_records([str(HTML / f"{doc_id}.html"), str(HTML / f"{doc_id}_print.html")])
    )
    assert printed.url == normal.url == f"http://en.kremlin.ru/events/president/news/{doc_id}"
    assert printed.text == normal.text
    assert (printed.title, printed.date) == (normal.title, normal.date)
    assert printed.meta.get("print_version") is True
    assert "print_version" not in normal.meta


@needs_html
def test_kremlin_listing_page_is_skipped_not_a_document():
    (item,) = list(iter_records([str(HTML / "page_10.html")]))
    assert isinstance(item, Skipped)
    assert item.origin == str(HTML / "page_10.html")
    assert item.reason == "listing page: 20 links to transcripts"


@needs_html
def test_parse_listing_reads_links_and_dates():
    html = (HTML / "page_10.html").read_text(encoding="utf-8")
    items = parse_listing(html, "http://en.kremlin.ru/events/president/news/page/10")
    assert len(items) == 20
    assert items[0].id == "63523"
    assert items[0].url == "http://en.kremlin.ru/events/president/news/63523.html"
    assert items[0].title == "Winners of 2019 Russian Federation National Awards announced"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", i.date) for i in items)
    assert len({i.url for i in items}) == 20


@needs_html
def test_all_html_fixtures():
    docs, errors, skipped = split(list(iter_records([str(HTML)])))
    assert errors == []
    assert len(docs) == 8 and len(skipped) == 1
    assert len({d.url for d in docs}) == 6  # two print versions share their page's URL


def test_bad_html_is_an_error_naming_the_file():
    for name, words in [
        ("truncated_kremlin.html", "truncated"),
        ("no_text_kremlin.html", "no article text"),
        ("garbage.html", "no article text"),
    ]:
        (err,) = list(iter_records([str(FIXTURES / name)]))
        assert isinstance(err, SourceError), name
        assert err.origin == str(FIXTURES / name)
        assert words in err.message


def test_html_declared_charset_is_honoured(tmp_path):
    page = tmp_path / "cp1251.html"
    body = (
        '<html><head><meta charset="windows-1251"><meta property="og:site_name" '
        'content="President of Russia"><link rel="canonical" '
        'href="http://en.kremlin.ru/events/president/news/1"></head><body><div class="read">'
        '<h1>Заголовок</h1><time datetime="2021-01-01">x</time>'
        '<div class="read__internal_content"><p>Владимир Путин: Добрый день.</p></div>'
        "</div></body></html>"
    )
    page.write_bytes(body.encode("cp1251"))
    (doc,) = list(iter_records([str(page)]))
    assert doc.title == "Заголовок"
    assert doc.text == "Владимир Путин: Добрый день."
    assert doc.date == "2021-01-01"


# ---------------------------------------------------------------- tabular fixtures


def test_csv_mapping_rows_and_empty_text_row():
    path = FIXTURES / "kremlin_like.csv"
    records = list(iter_records([str(path)], mapping=KREMLIN_MAP, publisher="Kremlin"))
    first, bad, third = records
    assert isinstance(first, DocumentRecord) and isinstance(third, DocumentRecord)
    assert first.text == "First body, with spaces\nand a second line."
    assert first.url == "http://example.org/1" and first.title == "First"
    assert first.date == "2022-01-02T10:00:00Z" and first.publisher == "Kremlin"
    assert first.origin == f"{path}:row 1"
    assert isinstance(bad, SourceError)
    assert bad.origin == f"{path}:row 2"
    assert str(path) in bad.message and "row 2" in bad.message and "empty text" in bad.message
    assert third.text == "Third body text."
    assert third.meta["location"] == "NA"  # a literal "NA" is data, not a missing value
    assert third.date == "2022-01-04"


def test_csv_missing_mapped_column_is_one_error_listing_columns():
    path = FIXTURES / "kremlin_like.csv"
    records = list(iter_records([str(path)], mapping={"text": "content", "url": "link"}))
    assert len(records) == 1
    err = records[0]
    assert isinstance(err, SourceError) and err.origin == str(path)
    assert "'content'" in err.message
    for column in ("link", "headline", "date", "location", "body"):
        assert repr(column) in err.message


def test_csv_wrong_encoding_is_a_clear_error(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text,url\ncaf\u00e9 au lait,http://x\n".encode("cp1252"))
    (err,) = list(iter_records([str(path)]))
    assert isinstance(err, SourceError) and err.origin == str(path)
    assert "not UTF-8" in err.message and "line 2" in err.message


def test_jsonl_rows_bad_rows_and_dates_kept_as_written():
    path = FIXTURES / "docs.jsonl"
    first, bad, third = list(iter_records([str(path)]))
    assert first.date == "2022-02-01"  # not turned into a timestamp
    assert first.meta == {"speaker": "Dmitry Peskov"}
    assert isinstance(bad, SourceError) and bad.origin == f"{path}:line 2"
    assert third.text == "Gamma text." and third.origin == f"{path}:line 3"


def test_jsonl_extra_mapped_fields_go_to_meta():
    path = FIXTURES / "docs.jsonl"
    docs, _, _ = split(list(iter_records([str(path)], mapping={"text": "text", "who": "speaker"})))
    assert [d.meta["who"] for d in docs] == ["Dmitry Peskov", "Y"]


def test_jsonl_malformed_line_does_not_stop_the_file():
    path = FIXTURES / "broken.jsonl"
    records = list(iter_records([str(path)]))
    assert [type(r).__name__ for r in records] == [
        "DocumentRecord",
        "SourceError",
        "DocumentRecord",
    ]
    assert records[1].origin == f"{path}:line 2"


def test_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "docs.parquet"
    table = pa.table({"body": ["One.", "", "Three."], "link": ["u1", "u2", "u3"], "n": [1, 2, 3]})
    pq.write_table(table, path)
    records = list(iter_records([str(path)], mapping={"text": "body", "url": "link"}))
    assert [type(r).__name__ for r in records] == [
        "DocumentRecord",
        "SourceError",
        "DocumentRecord",
    ]
    assert records[0].url == "u1" and records[0].meta == {"n": 1}
    assert records[1].origin == f"{path}:row 2"

    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not really parquet PAR1")
    (err,) = list(iter_records([str(broken)]))
    assert isinstance(err, SourceError) and err.origin == str(broken)


# ---------------------------------------------------------------- any file


@pytest.mark.parametrize("name", ["empty.csv", "empty.md", "blank.html", "empty.jsonl"])
def test_empty_file_is_an_error(tmp_path, name):
    path = tmp_path / name
    path.write_text("" if name.startswith("empty") else "  \n\n", encoding="utf-8")
    (err,) = list(iter_records([str(path)]))
    assert isinstance(err, SourceError) and err.origin == str(path)
    assert "empty" in err.message


@pytest.mark.parametrize("name", ["data.csv", "page.html", "doc.md", "blob.bin"])
def test_binary_file_is_an_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (err,) = list(iter_records([str(path)]))
    assert isinstance(err, SourceError) and err.origin == str(path)
    assert "binary" in err.message


def test_unreadable_file_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_text("---\ntitle: x\n---\nbody\n", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    (err,) = list(iter_records([str(path)]))
    assert isinstance(err, SourceError) and err.origin == str(path)
    assert "permission denied" in err.message


def test_nonexistent_path_and_empty_glob_are_errors_with_a_hint(tmp_path):
    missing = tmp_path / "nope" / "putin.csv"
    pattern = str(tmp_path / "*.csv")
    err1, err2 = list(iter_records([str(missing), pattern]))
    assert err1.origin == str(missing) and "no such file" in err1.message
    assert "VERIFY_CORPORA" in err1.hint
    assert err2.origin == pattern and "no files match" in err2.message


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\nAlpha.\n", encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "c.md").write_text("---\ntitle: C\n---\nGamma.\n", encoding="utf-8")
    records = list(iter_records([str(tmp_path)]))
    assert [type(r).__name__ for r in records] == [
        "DocumentRecord",
        "SourceError",
        "DocumentRecord",
    ]


def test_expand_paths_order_globs_hidden_and_duplicates(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.md").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "1.md").write_text("x", encoding="utf-8")
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.md").write_text("x", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    got = expand_paths([str(tmp_path), str(tmp_path / "b" / "*.md")])
    assert got == [tmp_path / "a.csv", tmp_path / "b" / "1.md", tmp_path / "b" / "2.md"]
    with pytest.raises(SourceError):
        expand_paths([str(tmp_path / "missing")])


def test_format_detection(tmp_path):
    cases = {
        "x.csv": ("a,b\n", "csv"),
        "x.ndjson": ("{}\n", "jsonl"),
        "x.txt": ("---\ntitle: t\n---\nbody\n", "markdown"),
        "x.page": ("<!doctype html><html></html>", "html"),
        "x.dat": ('{"text": "a"}\n', "jsonl"),
    }
    for name, (content, fmt) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert detect_format(path) == fmt, name
    odd = tmp_path / "x.unknown"
    odd.write_text("just words\n", encoding="utf-8")
    err = detect_format(odd)
    assert isinstance(err, SourceError) and "--format" in err.hint


def test_invalid_arguments_raise_at_once():
    with pytest.raises(InputError):
        iter_records(["x"], fmt="xml")
    with pytest.raises(InputError):
        iter_records(["x"], kind="tertiary")
    with pytest.raises(InputError):
        iter_records(["x"], mapping={"text": ""})


def test_other_html_pages_use_the_generic_extractor(tmp_path):
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Peskov comments - Example News</title>"
        '<link rel="canonical" href="https://news.example.org/2022/10/30/peskov"/>'
        '<meta property="article:published_time" content="2022-10-30T10:00:00Z"/></head>'
        "<body><nav>Home | World</nav><article><h1>Peskov comments on talks</h1>"
        "<p>Kremlin spokesman Dmitry Peskov said on Sunday that Moscow remained open to talks, "
        "according to a report by a news agency.</p>"
        '<p>"We have always said that we are open to negotiations," Peskov told reporters, '
        "adding that the conditions were well known.</p></article>"
        "<footer>Copyright 2022 Example News</footer></body></html>",
        encoding="utf-8",
    )
    (doc,) = list(iter_records([str(page)], kind="secondary"))
    assert isinstance(doc, DocumentRecord)
    assert doc.url == "https://news.example.org/2022/10/30/peskov"
    assert doc.date == "2022-10-30" and doc.kind == "secondary"
    assert '"We have always said that we are open to negotiations," Peskov' in doc.text
    assert "Copyright" not in doc.text and "Home | World" not in doc.text
