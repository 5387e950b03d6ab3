"""kremlin.ru pages: transcripts/news (normal and print versions) and listing pages.

Article pages carry the title in ``h1``, the date in ``time[datetime]`` (plus the local
time in ``.read__time``), and the text in ``.read__internal_content`` (microformats
``h-entry`` / ``e-content``). Print versions have the same markup under a ``.../print`` URL;
they are given the canonical (non-print) URL so both ingest as the same document.
Listing pages (``.hentry`` items with ``a[rel=bookmark]``) are not documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from verify.corpus.sources.common import Skipped
from verify.errors import SourceError
from verify.models import DocumentRecord
from verify.text.tokens import clean_whitespace

KREMLIN_BASE = "http://en.kremlin.ru"
PUBLISHER = "Kremlin"

# Elements whose text is not part of the article.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "video",
        "audio",
        "img",
        "picture",
        "figure",
        "iframe",
        "svg",
        "button",
        "form",
        "input",
        "select",
        "textarea",
        "meta",
        "link",
        "source",
        "object",
        "embed",
        "canvas",
        "map",
    }
)
# kremlin.ru marks non-article furniture (sliders, tooltips, tag lists, status) with these.
_SKIP_CLASSES = frozenset({"masha-ignore", "read__bottommeta", "hidden-copy", "hidden"})
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "dl",
        "dt",
        "dd",
        "pre",
        "hr",
        "figcaption",
        "address",
        "main",
        "nav",
    }
)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200a]+")
_ID_IN_NAME = re.compile(r"^(\d+)(?:_print)?$")
_MOSCOW_UTC3_SINCE = "2014-10-26"  # Moscow time has been UTC+3 all year since then


@dataclass
class ListingItem:
    """One link on a listing page."""

    url: str
    id: str | None
    title: str | None
    date: str | None  # ISO date of the item, as the listing shows it


def looks_like_kremlin(tree: Any) -> bool:
    for sel in ('meta[property="og:site_name"]', 'meta[name="application-name"]'):
        node = tree.css_first(sel)
        if node is not None and "President of Russia" in " ".join(
            (node.attributes.get("content") or "").split()
        ):
            return True
    for sel, attr in (('meta[property="og:url"]', "content"), ('link[rel="canonical"]', "href")):
        node = tree.css_first(sel)
        if node is not None and "kremlin.ru" in (node.attributes.get(attr) or ""):
            return True
    return tree.css_first(".read__internal_content") is not None


def parse_kremlin(
    tree: Any,
    html: str,
    *,
    origin: str,
    url: str | None = None,
    file_stem: str | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> DocumentRecord | SourceError | Skipped:
    """A document from a parsed kremlin.ru page, Skipped for a listing page, or SourceError.

    ``url`` is where the page was fetched from (if known); ``file_stem`` the saved file's
    name without suffix (``63953`` or ``63953_print``), a last resort for the URL.
    """
    content = tree.css_first(".read__internal_content")
    paragraphs = extract_paragraphs(content) if content is not None else []
    if not paragraphs:
        items = parse_listing_tree(tree, url or "")
        if items:
            return Skipped(origin=origin, reason=f"listing page: {len(items)} links to transcripts")
        return SourceError(
            f"{origin}: no article text (.read__internal_content) on this kremlin.ru page",
            "Save the article page itself (not a photo, video or search page), or re-fetch it.",
            origin=origin,
        )
    if not re.search(r"</html\s*>", html[-8192:], re.IGNORECASE):
        return SourceError(
            f"{origin}: the page is truncated (no closing </html>); its text may be incomplete",
            "Fetch or save the page again.",
            origin=origin,
        )

    meta: dict[str, Any] = {}
    page_url, is_print = _page_url(tree, url, file_stem)
    if is_print:
        meta["print_version"] = True
    if url and url != page_url:
        meta["fetched_url"] = url
    id_match = re.search(r"/(\d+)(?:/print)?/?$", page_url or "")
    if id_match:
        meta["kremlin_id"] = id_match.group(1)

    title = None
    for sel in (".read h1", "h1.entry-title", "h1"):
        node = tree.css_first(sel)
        if node is not None and node.text(strip=True):
            title = clean_whitespace(_SPACES.sub(" ", node.text()))
            break
    if title is None:
        og = tree.css_first('meta[property="og:title"]')
        if og is not None and og.attributes.get("content"):
            title = clean_whitespace(og.attributes["content"])

    date = _date(tree, meta)
    place = tree.css_first(".read__place")
    if place is not None and place.text(strip=True):
        meta["place"] = clean_whitespace(_SPACES.sub(" ", place.text()))
    lead = tree.css_first(".read__lead")
    if lead is not None and lead.text(strip=True):
        meta["summary"] = clean_whitespace(_SPACES.sub(" ", lead.text()))

    return DocumentRecord(
        text="\n\n".join(paragraphs),
        url=page_url,
        title=title,
        date=date,
        publisher=publisher or PUBLISHER,
        kind=kind,  # type: ignore[arg-type]
        language=language,
        origin=origin,
        meta=meta,
    )


def extract_paragraphs(node: Any) -> list[str]:
    """The text of a content element as paragraphs (one per block element or <br>)."""
    paragraphs: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            text = _SPACES.sub(" ", "".join(buf)).strip()
            text = clean_whitespace(text)
            if text:
                paragraphs.append(text)
            buf.clear()

    def walk(parent: Any) -> None:
        for child in parent.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buf.append(child.text_content or "")
                continue
            if tag.startswith("-"):  # comments, doctype
                continue
            attrs = child.attributes
            if tag in _SKIP_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true":
                continue
            classes = set((attrs.get("class") or "").split())
            if classes & _SKIP_CLASSES:
                continue
            if tag == "br":
                flush()
                continue
            if tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(node)
    flush()
    return paragraphs


def parse_listing(html: str, base_url: str) -> list[ListingItem]:
    """The article links of a kremlin.ru listing page, in page order (newest first)."""
    from selectolax.lexbor import LexborHTMLParser

    return parse_listing_tree(LexborHTMLParser(html), base_url)


def parse_listing_tree(tree: Any, base_url: str) -> list[ListingItem]:
    items: list[ListingItem] = []
    seen: set[str] = set()
    for entry in tree.css(".hentry"):
        link = entry.css_first("a[rel~=bookmark]") or entry.css_first("a[href]")
        if link is None or not link.attributes.get("href"):
            continue
        href = link.attributes["href"]
        full = urljoin(base_url, href) if base_url else href
        if full in seen:
            continue
        seen.add(full)
        title_node = entry.css_first(".entry-title") or entry.css_first(".p-name") or link
        time_node = entry.css_first("time[datetime]")
        date = time_node.attributes.get("datetime") if time_node is not None else None
        items.append(
            ListingItem(
                url=full,
                id=entry.attributes.get("data-id"),
                title=clean_whitespace(_SPACES.sub(" ", title_node.text())) or None,
                date=date,
            )
        )
    return items


def canonical_url(url: str) -> str:
    """The non-print form of a kremlin.ru document URL (``.../63953/print`` -> ``.../63953``)."""
    parts = urlsplit(url)
    path = re.sub(r"/print/?$", "", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _page_url(tree: Any, url: str | None, file_stem: str | None) -> tuple[str | None, bool]:
    """(canonical URL, is a print version)."""
    candidates: list[str] = []
    node = tree.css_first('link[rel="canonical"]')
    if node is not None:
        candidates.append(node.attributes.get("href") or "")
    node = tree.css_first('meta[property="og:url"]')
    if node is not None:
        candidates.append(node.attributes.get("content") or "")
    read = tree.css_first(".read[data-href]")
    data_href = (read.attributes.get("data-href") or "") if read is not None else ""
    candidates.append(data_href)
    if url:
        candidates.append(url)
    stem_id = None
    if file_stem:
        m = _ID_IN_NAME.match(file_stem)
        if m:
            stem_id = m.group(1)
            candidates.append(f"{KREMLIN_BASE}/events/president/news/{stem_id}")

    is_print = bool(
        re.search(r"/print/?$", data_href)
        or (url and re.search(r"/print/?$", urlsplit(url).path))
        or (file_stem and file_stem.endswith("_print"))
    )
    for cand in candidates:
        if cand.startswith(("http://", "https://")):
            return canonical_url(cand), is_print
    return None, is_print


def _date(tree: Any, meta: dict[str, Any]) -> str | None:
    node = tree.css_first(".read time[datetime]") or tree.css_first("time[datetime]")
    if node is None:
        return None
    day = (node.attributes.get("datetime") or "").strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return day or None
    time_node = tree.css_first(".read__time")
    hhmm = time_node.text(strip=True) if time_node is not None else ""
    if re.fullmatch(r"\d{1,2}:\d{2}", hhmm):
        meta["local_time"] = hhmm
        hh, mm = hhmm.split(":")
        offset = "+03:00" if day >= _MOSCOW_UTC3_SINCE else ""
        return f"{day}T{int(hh):02d}:{mm}:00{offset}"
    return day
