"""Reading articles: a file, standard input or a URL; plain text, HTML, WARC, JSONL, folders.

- :func:`read_article` reads one article and raises :class:`verify.errors.InputError` (or
  :class:`verify.errors.FetchError` for URLs) with a hint when it cannot.
- :func:`iter_articles` reads inputs that hold many articles (a WARC file, a JSONL file of
  ``{"text"|"html", "url", "date", "outlet", "title"}`` objects, a folder of such files) and
  yields an :class:`Article` or, for a record it cannot read, the ``VerifyError`` saying why:
  a batch reports bad records and goes on.

Formats are told apart by content, not by name alone: WARC ("WARC/1." at the start, gzip or
not), HTML (a tag such as ``<html``, ``<!doctype html``, ``<body``, ``<p>`` near the start),
JSONL (``.jsonl`` files), otherwise plain text, whose first line is taken as the title
when it is short and has no final full stop. Plain text that opens with a dateline or byline
naming an outlet ("TEHRAN (Tasnim) –", "By AFP") gets that outlet.

HTML goes through trafilatura (boilerplate dropped, main text kept, paragraphs on their own
lines); the title, date (trafilatura's metadata, htmldate as a fallback) and outlet (site
name, else the domain) come from the page.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from verify.errors import FetchError, InputError, VerifyError
from verify.models import Article

MAX_BYTES = 50_000_000  # a larger single article is refused
FETCH_TIMEOUT = 20.0
MIN_WORDS = 10  # extracted HTML text shorter than this is navigation, not an article
_USER_AGENT = "verify/0.1 (quote verification; +https://example.invalid/verify)"

__all__ = ["read_article", "iter_articles", "article_from_html", "article_from_text"]


# ---------------------------------------------------------------- detection


def _is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def _looks_warc(data: bytes) -> bool:
    head = data[:64]
    if _is_gzip(data):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data[:65536])) as fh:
                head = fh.read(64)
        except (OSError, EOFError):
            return False
    return head.startswith(b"WARC/")


_HTML_RE = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]|<meta\s",
    re.IGNORECASE,
)


def _looks_html(text: str) -> bool:
    return bool(_HTML_RE.search(text[:4000].encode("utf-8", "ignore")))


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return len(sample) > 0 and ctrl / len(sample) > 0.05


def _decode(data: bytes, origin: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin} is not UTF-8 text (bad byte at offset {exc.start}).",
            "Convert it first, e.g. `iconv -f windows-1252 -t utf-8 FILE > FILE.txt`.",
        ) from None


# ---------------------------------------------------------------- plain text and HTML


def _outlet_from_opening(text: str) -> str | None:
    from verify.article.attribution import outlet_name

    for line in text.strip().split("\n")[:6]:
        s = line.strip()
        m = re.match(r"^By\s+(.{2,60})$", s)
        if m and len(m.group(1).split()) <= 6 and outlet_name(m.group(1)):
            return outlet_name(m.group(1))
        m = re.match(r"^(?:[A-Z][A-Za-z .'’,-]{1,40}?\s*)?\(([^()\n]{1,40})\)\s*[-–—]+", s)
        if m and outlet_name(m.group(1)):
            return outlet_name(m.group(1))
    return None


def article_from_text(text: str, *, origin: str = "", url: str | None = None) -> Article:
    """A plain-text article. The first line is the title when it is short (at most 25
    words) and does not end like a sentence; the text keeps every line (offsets into it are
    what quote extraction reports)."""
    if not text.strip():
        raise InputError(f"{origin or 'The input'} is empty.", "Give a file with article text.")
    stripped = text.strip()
    first = stripped.split("\n", 1)[0].strip()
    title = None
    if "\n" in stripped and 0 < len(first.split()) <= 25 and not re.search(r"[.:;,]$", first):
        title = first
    return Article(
        text=text,
        url=url,
        title=title,
        date=None,
        outlet=_outlet_from_opening(text),
        origin=origin,
    )


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    host = host.split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host or None


def article_from_html(html: str, *, origin: str = "", url: str | None = None) -> Article:
    """The main text of an HTML page (trafilatura), with title, date and outlet."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(
            f"Cannot read HTML: trafilatura is unavailable ({exc}).",
            "Install the project's dependencies (pip install -e .); trafilatura needs "
            "lxml_html_clean with lxml >= 5.2.",
        ) from None
    from verify.corpus.sources.html import page_fields

    meta = page_fields(html, url)
    text = meta.get("text")
    if not text or not text.strip():
        # short pages: trafilatura's precision mode may keep nothing
        text = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True)
    if not text or len(re.findall(r"\w+", text)) < MIN_WORDS:
        raise InputError(
            f"{origin or 'The page'} has no article text that could be extracted.",
            "Check that it is an article page (not a listing, a login wall or a script-only "
            "page); or save the article text as a .txt file.",
        )
    date = meta.get("date")
    if not date:
        try:
            from htmldate import find_date

            date = find_date(html, url=url, original_date=True)
        except Exception:
            date = None
    outlet = meta.get("sitename") or _site_from_url(url or meta.get("url"))
    return Article(
        text=_clean_text(text),
        url=url or meta.get("url"),
        title=meta.get("title"),
        date=date,
        outlet=outlet,
        origin=origin,
    )


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _article_from_bytes(data: bytes, origin: str, url: str | None = None) -> Article:
    if not data or not data.strip():
        raise InputError(f"{origin or 'The input'} is empty.", "Give a file with article text.")
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{origin} is {len(data) / 1e6:.0f} MB, more than one article can be.",
            f"Split it; single articles up to {MAX_BYTES // 1_000_000} MB are read.",
        )
    if _looks_warc(data):
        raise InputError(
            f"{origin} is a WARC archive with possibly many records.",
            "Use iter_articles() (or the batch command) for WARC files.",
        )
    if _is_gzip(data):
        try:
            data = gzip.decompress(data)
        except OSError:
            raise InputError(f"{origin} is a damaged gzip file.", "Re-download it.") from None
    if _is_binary(data):
        raise InputError(
            f"{origin or 'The input'} is a binary file, not article text.",
            "Give plain text, HTML or a WARC file; convert PDFs or documents to text first.",
        )
    text = _decode(data, origin or "The input")
    if _looks_html(text):
        return article_from_html(text, origin=origin, url=url)
    return article_from_text(text, origin=origin, url=url)


# ---------------------------------------------------------------- sources


def _fetch(url: str) -> tuple[bytes, str]:
    import httpx

    try:
        with httpx.Client(
            timeout=FETCH_TIMEOUT, follow_redirects=True, headers={"User-Agent": _USER_AGENT}
        ) as client:
            resp = client.get(url)
    except httpx.TimeoutException:
        raise FetchError(
            f"Timed out fetching {url} after {FETCH_TIMEOUT:.0f} s.",
            "Try again later, or save the page and give the file.",
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(
            f"Could not fetch {url}: {exc.__class__.__name__}: {exc}.",
            "Check the address and your network; or save the page and give the file.",
        ) from None
    if resp.status_code >= 400:
        raise FetchError(
            f"Fetching {url} gave HTTP {resp.status_code}.",
            "Check the address; a paywall or a block may need the page saved by hand.",
        )
    return resp.content, str(resp.url)


def read_article(source: str, *, data: bytes | None = None) -> Article:
    """One article from a file path, ``"-"`` (standard input: pass its bytes as ``data``),
    or an http(s) URL. Raises InputError / FetchError with a hint."""
    if data is not None:
        origin = "standard input" if source in ("-", "") else source
        url = source if source.startswith(("http://", "https://")) else None
        return _article_from_bytes(data, origin, url)
    if source == "-":
        import sys

        return _article_from_bytes(sys.stdin.buffer.read(), "standard input")
    if source.startswith(("http://", "https://")):
        body, final_url = _fetch(source)
        return _article_from_bytes(body, source, final_url)
    path = Path(source).expanduser()
    if not path.exists():
        raise InputError(f"No such file: {source}.", "Check the path.")
    if path.is_dir():
        raise InputError(
            f"{source} is a folder.", "Use iter_articles() (or the batch command) for folders."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {source}: {exc.strerror}.", "Check permissions.") from None
    if path.suffix.lower() == ".jsonl":
        raise InputError(
            f"{source} is a JSONL file of articles.",
            "Use iter_articles() (or the batch command) for JSONL files.",
        )
    return _article_from_bytes(raw, str(path))


def _from_record(rec: dict, origin: str) -> Article:
    if not isinstance(rec, dict):
        raise InputError(f"{origin}: not a JSON object.", 'Each line must be {"text": ...}.')
    text, html = rec.get("text"), rec.get("html")
    if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip()):
        art = article_from_html(html, origin=origin, url=rec.get("url"))
    elif isinstance(text, str) and text.strip():
        art = article_from_text(text, origin=origin, url=rec.get("url"))
    else:
        raise InputError(
            f'{origin}: no "text" or "html".', 'Each line needs "text" or "html" (a string).'
        )
    for key in ("url", "date", "outlet", "title"):
        if isinstance(rec.get(key), str) and rec[key].strip():
            setattr(art, key, rec[key].strip())
    if isinstance(rec.get("id"), str | int) and not isinstance(rec.get("id"), bool):
        art.id = str(rec["id"])
    return art


def _iter_jsonl(data: bytes, origin: str) -> Iterator[Article | VerifyError]:
    try:
        text = _decode(data, origin)
    except InputError as exc:
        yield exc
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: not valid JSON ({exc.msg}).", "Fix or remove the line.")
            continue
        try:
            yield _from_record(rec, where)
        except VerifyError as exc:
            yield exc


def _iter_warc(data: bytes, origin: str) -> Iterator[Article | VerifyError]:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            where = f"{origin} record {n} ({url})"
            status = None
            ctype = ""
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            try:
                if status and not str(status).startswith("2"):
                    raise InputError(f"{where}: HTTP {status}.", "The capture is not a page.")
                if ctype and not any(t in ctype for t in ("html", "text", "xml")):
                    raise InputError(f"{where}: {ctype} is not a web page.", "Skipped.")
                body = record.content_stream().read()
                art = _article_from_bytes(body, where, url)
                if art.url is None:
                    art.url = url
                if not art.date and date:
                    art.date = date[:10]
                yield art
            except VerifyError as exc:
                yield exc
    except Exception as exc:  # a truncated or corrupt archive
        yield InputError(
            f"{origin}: the WARC archive is damaged after {n} records ({exc}).",
            "Re-download or re-create the archive.",
        )


def iter_articles(source: str) -> Iterator[Article | VerifyError]:
    """Every article of a source that may hold many: a WARC file (.warc, .warc.gz: one per
    response record), a JSONL file, a folder (its .txt, .html, .htm, .jsonl, .warc and
    .warc.gz files, in name order), or a single article (file, "-", URL). Records that
    cannot be read come as the VerifyError that says why."""
    if source.startswith(("http://", "https://")) or source == "-":
        try:
            yield read_article(source)
        except VerifyError as exc:
            yield exc
        return
    path = Path(source).expanduser()
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and (
                p.suffix.lower() in (".txt", ".html", ".htm", ".jsonl", ".warc")
                or p.name.lower().endswith(".warc.gz")
            )
        )
        if not files:
            yield InputError(f"{source} has no article files.", "Use .txt, .html, .jsonl, .warc.")
        for p in files:
            yield from iter_articles(str(p))
        return
    if not path.exists():
        yield InputError(f"No such file: {source}.", "Check the path.")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"Cannot read {source}: {exc.strerror}.", "Check permissions.")
        return
    if _looks_warc(data):
        yield from _iter_warc(data, str(path))
    elif path.suffix.lower() == ".jsonl":
        yield from _iter_jsonl(data, str(path))
    else:
        try:
            yield _article_from_bytes(data, str(path))
        except VerifyError as exc:
            yield exc
