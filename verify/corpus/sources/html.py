"""HTML files: kremlin.ru pages through their own adapter, other pages through trafilatura."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from verify.corpus.sources.common import Skipped, read_bytes
from verify.errors import SourceError
from verify.models import DocumentRecord
from verify.text.tokens import clean_whitespace

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, origin: str, declared: str | None = None) -> str | SourceError:
    """Text of an HTML page: the charset the server or the page declares, else strict UTF-8."""
    charset = declared
    if charset is None:
        m = _CHARSET.search(data[:8192])
        if m:
            charset = m.group(1).decode("ascii", "replace")
    encoding = "utf-8"
    if charset:
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:
            encoding = "utf-8"
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        return SourceError(
            f"{origin}: not valid {encoding.replace('-sig', '')} text "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "Save the page again as UTF-8, or declare its charset in a <meta charset> tag.",
            origin=origin,
        )


def parse_html_file(
    path: Path,
    *,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> DocumentRecord | SourceError | Skipped:
    origin = str(path)
    data = read_bytes(path)
    if isinstance(data, SourceError):
        return data
    text = decode_html(data, origin)
    if isinstance(text, SourceError):
        return text
    return parse_html(
        text, origin=origin, file_stem=path.stem, publisher=publisher, kind=kind, language=language
    )


def parse_html(
    html: str,
    *,
    origin: str,
    url: str | None = None,
    file_stem: str | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> DocumentRecord | SourceError | Skipped:
    """One page: a document, Skipped (a listing page) or a SourceError."""
    from selectolax.lexbor import LexborHTMLParser

    from verify.corpus.sources import kremlin_html

    if "<" not in html[:4096]:
        return SourceError(
            f"{origin}: not an HTML page (no markup at the start)",
            "Pass --format to say what the file is.",
            origin=origin,
        )
    tree = LexborHTMLParser(html)
    if kremlin_html.looks_like_kremlin(tree):
        return kremlin_html.parse_kremlin(
            tree,
            html,
            origin=origin,
            url=url,
            file_stem=file_stem,
            publisher=publisher,
            kind=kind,
            language=language,
        )
    return _generic(html, origin=origin, url=url, publisher=publisher, kind=kind, language=language)


def _generic(
    html: str,
    *,
    origin: str,
    url: str | None,
    publisher: str | None,
    kind: str | None,
    language: str,
) -> DocumentRecord | SourceError:
    """Any other article page: main text, title, date and URL by trafilatura."""
    try:
        page = page_fields(html, url)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on bad markup
        return SourceError(f"{origin}: cannot parse the HTML ({exc})", None, origin=origin)
    text = page.get("text")
    if not text or not text.strip():
        return SourceError(
            f"{origin}: no article text found in the HTML",
            "Check that the file is a complete article page (not a listing, login or error page).",
            origin=origin,
        )
    paragraphs = [clean_whitespace(p) for p in text.split("\n")]
    meta = {}
    site = page.get("sitename")
    if site:
        meta["sitename"] = site
    author = page.get("author")
    if author:
        meta["author"] = author
    return DocumentRecord(
        text="\n\n".join(p for p in paragraphs if p),
        url=page.get("url") or url,
        title=clean_whitespace(page.get("title") or "") or None,
        date=page.get("date"),
        publisher=publisher or site,
        kind=kind,  # type: ignore[arg-type]
        language=language,
        origin=origin,
        meta=meta,
    )


def page_fields(html: str, url: str | None = None) -> dict:
    """trafilatura's main text and metadata of a page (precision mode): text, title, date,
    url, sitename, author, …; {} when it finds nothing."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if doc is None:
        return {}
    return doc if isinstance(doc, dict) else doc.as_dict()
