"""Reading articles: plain text, HTML (trafilatura), WARC, JSONL, folders, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from verify.article.extract import extract_quotes
from verify.article.inputs import iter_articles, read_article
from verify.errors import FetchError, InputError, VerifyError
from verify.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_plain_text_title_and_dateline_outlet():
    art = read_article(str(FIXTURES / "plain-dateline.txt"))
    assert art.title == "Minister: Talks Possible Only With Respect"
    assert art.outlet == "Reuters"
    assert art.date is None
    assert art.text.startswith("Minister: Talks")
    assert art.origin.endswith("plain-dateline.txt")


def test_html_main_text_title_date_outlet():
    art = read_article(str(FIXTURES / "sample-news.html"))
    assert art.title == "Kremlin says talks possible if West listens"
    assert art.date == "2022-10-31"
    assert art.outlet == "Example Herald"
    assert "Russian presidential spokesman Dmitry Peskov said on Monday" in art.text
    for boilerplate in ("Subscribe now", "Football results", "Cookie settings", "<p>"):
        assert boilerplate not in art.text
    # the extracted text goes straight into quote extraction
    qs = [q for q in extract_quotes(art.text, outlet=art.outlet) if q.kind == "quote"]
    peskov = next(q for q in qs if "mutual respect" in q.text)
    assert (peskov.speaker, peskov.speaker_mention, peskov.via) == (
        "Dmitry Peskov",
        "the Kremlin spokesman",
        "Interfax",
    )
    lavrov = next(q for q in qs if "ready to listen" in q.text)
    assert lavrov.speaker == "Sergei Lavrov"


def test_html_without_article_text_is_an_input_error():
    with pytest.raises(InputError) as err:
        read_article(str(FIXTURES / "boilerplate-only.html"))
    assert "no article text" in err.value.message
    assert err.value.hint


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("Le ministre a d\u00e9clar\u00e9 \u00ab non \u00bb.".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_files_are_input_errors_with_hints(tmp_path, data, words):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_article(str(path))
    assert words in err.value.message
    assert err.value.hint


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError):
        read_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError):
        read_article(str(tmp_path))


def test_stdin_bytes():
    art = read_article("-", data=b'Headline\n\n"We are ready," Lavrov said.\n')
    assert art.origin == "standard input"
    assert art.title == "Headline"
    assert [q.text for q in extract_quotes(art.text)] == ["We are ready,"]


def test_unreachable_url_is_a_fetch_error():
    with pytest.raises(FetchError) as err:
        read_article("http://127.0.0.1:9/article")
    assert err.value.hint


def _warc(records: list[tuple[str, str, bytes, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, status, body, ctype in records:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(rec)
        req = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n"))
        writer.write_record(req)
    return buf.getvalue()


def test_warc_one_article_per_response_record(tmp_path):
    html = (FIXTURES / "sample-news.html").read_bytes()
    data = _warc(
        [
            ("https://example.org/news/1", "200 OK", html, "text/html; charset=utf-8"),
            ("https://example.org/missing", "404 Not Found", b"<html>gone</html>", "text/html"),
            ("https://example.org/logo.png", "200 OK", b"\x89PNG\x00\x00", "image/png"),
        ]
    )
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    out = list(iter_articles(str(path)))
    assert len(out) == 3  # the request records are not articles
    art, missing, image = out
    assert isinstance(art, Article)
    assert art.url == "https://example.org/news/1"
    assert art.title == "Kremlin says talks possible if West listens"
    assert art.date == "2022-10-31"
    assert isinstance(missing, VerifyError) and "404" in missing.message
    assert isinstance(image, VerifyError) and "image/png" in image.message
    with pytest.raises(InputError) as err:
        read_article(str(path))
    assert "iter_articles" in err.value.hint


def test_jsonl_records_and_bad_lines(tmp_path):
    html = (FIXTURES / "sample-news.html").read_text(encoding="utf-8")
    lines = [
        json.dumps(
            {
                "text": "Title\n\nLavrov said the talks failed.",
                "outlet": "TASS",
                "date": "2022-10-30",
                "url": "https://tass.example/1",
            }
        ),
        "{not json",
        json.dumps({"html": html, "url": "https://example.org/2"}),
        json.dumps({"title": "no body"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_articles(str(path)))
    assert len(out) == 4
    assert isinstance(out[0], Article)
    assert (out[0].outlet, out[0].date, out[0].url) == (
        "TASS",
        "2022-10-30",
        "https://tass.example/1",
    )
    assert isinstance(out[1], InputError) and ":2" in out[1].message
    assert isinstance(out[2], Article) and out[2].date == "2022-10-31"
    assert isinstance(out[3], InputError) and ":4" in out[3].message


def test_folder_of_articles(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nPeskov said the talks failed.\n")
    (tmp_path / "b.html").write_bytes((FIXTURES / "sample-news.html").read_bytes())
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("ignored")
    out = list(iter_articles(str(tmp_path)))
    assert [type(x).__name__ for x in out] == ["Article", "Article", "InputError"]
