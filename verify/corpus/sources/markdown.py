"""Markdown documents with YAML front matter (the White House briefing-room archive).

The body becomes plain text: hard-wrapped lines are joined into paragraphs, paragraphs are
separated by exactly one blank line ("\\n\\n"), Markdown markup (emphasis, links, images,
escapes, inline HTML tags, heading and list markers) is removed, words struck out in a
correction (``<s>engaged</s> [enraged]``) are kept marked ``~~engaged~~`` (a quote may have
them or their correction), and non-breaking spaces become ordinary spaces. Speaker labels
("MS. JEAN-PIERRE:", "Q") always start a paragraph; a reporter's turn starts with "Q " (one
space) after whitespace is collapsed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from verify.corpus.sources.common import fast_clean, iso_date, read_text
from verify.errors import SourceError
from verify.models import DocumentRecord
from verify.text.tokens import clean_whitespace

_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

# Backslash escapes of ASCII punctuation are swapped for private-use characters while the
# markup is stripped, then restored as the literal characters.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PUA = 0xF0000
_PUA_CHAR = re.compile(f"[{chr(_PUA + 33)}-{chr(_PUA + 126)}]")

_WS = " \t\u00a0"
# A speaker label at the start of a line, followed by a wide space (NBSP or two spaces):
# "MS. JEAN-PIERRE:\u00a0 ", "SENIOR ADMINISTRATION OFFICIAL:  ", "Q\u00a0\u00a0\u00a0 ".
_LABEL_LINE = re.compile(r"^[*_]*(?:Q[.:]?|[A-Z][A-Z0-9.'\u2019\- ]*[A-Z.)]:)[*_]*(?:\u00a0|  |\t)")
_BLOCK_START_CHARS = {
    "#": "heading",
    ">": "quote",
    "-": "mark",
    "*": "mark",
    "+": "mark",
    "_": "mark",
    **{d: "digit" for d in "0123456789"},
}
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t\u00a0]+\S")
_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t\u00a0]+")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_RULE = re.compile(r"^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
# The line ends a sentence or a clause: . ? ! : ; (possibly inside quotes, brackets or *).
_CLOSERS = "\"'\u201d\u2019)]*_"
_TERMINAL = re.compile(
    "[.?!:;\u2026" + "".join(re.escape(chr(_PUA + ord(c))) for c in ".?!:;") + "]"
    "[" + re.escape(_CLOSERS) + "".join(re.escape(chr(_PUA + ord(c))) for c in _CLOSERS) + "]*$"
)

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# [text](destination "title"): the destination has balanced parentheses or, failing that
# (URLs with a stray "("), is the shortest run of non-spaces closed by a ")" that is followed
# by a space, punctuation or the end.
_LINK = re.compile(
    r"\[([^\]\n]*)\]"
    r"(?:\((?:[^()\s]|\([^()\s]*\))*(?: +\"[^\"\n]*\")?\)"
    r"|\(\S*?\)(?=[\s.,;:!?'\"\u2019\u201d)\]*_<]|$))"
)
# A link whose text ends a paragraph: "[here.\n\n](url)".
_SPLIT_LINK = re.compile(r"\[([^\]\n]*)\n\n[*_]*\]\(\S*?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:[ \t][^<>\n]*)?/?>")
# words the transcript strikes out in a correction ("rightly <s>engaged</s> [enraged]", "the
# Republic of <s>North</s> Korea"): kept, marked ~~so~~ (verify.text.wording.STRUCK): a
# transcriber's slip or the speaker's, a quote may have them or not
_STRUCK = re.compile(r"<(s|del|strike)>(.*?)</\1>", re.I | re.S)
_EMPHASIS = re.compile(r"\*+")

WHITE_HOUSE_HOSTS = (
    "whitehouse.gov",
    "bidenwhitehouse.archives.gov",
    "obamawhitehouse.archives.gov",
    "trumpwhitehouse.archives.gov",
)


def has_front_matter(text: str) -> bool:
    return text.startswith("---") and text[3:4] in ("\n", "\r") or text.startswith("---\r\n")


def parse_markdown_file(
    path: Path,
    *,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> DocumentRecord | SourceError:
    origin = str(path)
    text = read_text(path)
    if isinstance(text, SourceError):
        return text
    return parse_markdown(
        text, origin=origin, path=path, publisher=publisher, kind=kind, language=language
    )


def parse_markdown(
    text: str,
    *,
    origin: str,
    path: Path | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
) -> DocumentRecord | SourceError:
    """One document from Markdown text (front matter optional)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front: dict[str, Any] = {}
    body = text
    if has_front_matter(text):
        end = _FRONT_END.search(text, 4)
        if end is None:
            return SourceError(
                f"{origin}: the YAML front matter is not closed (no second '---' line)",
                "Close the front matter with a line '---'.",
                origin=origin,
            )
        parsed = _load_yaml(text[4 : end.start()], origin)
        if isinstance(parsed, SourceError):
            return parsed
        front = parsed
        body = text[end.end() :]
    plain = markdown_to_text(body)
    if not plain:
        return SourceError(
            f"{origin}: no text after the front matter",
            "The document body is empty; remove the file or fill it.",
            origin=origin,
        )

    url = _str(front.get("source_url") or front.get("url") or front.get("link"))
    title = front.get("title")
    title = clean_whitespace(str(title)) if title not in (None, "") else _first_heading(body)
    meta: dict[str, Any] = {}
    date_value = front.get("date")
    published = front.get("published_time")
    date = iso_date(date_value) if date_value is not None else iso_date(published)
    if date_value is not None and date is None:
        meta["date_raw"] = str(date_value)
    if published is not None:
        meta["published_time"] = _iso_or_str(published)
    if front.get("modified_time") is not None:
        meta["modified_time"] = _iso_or_str(front["modified_time"])
    tags = front.get("tags")
    if tags is not None:
        meta["tags"] = [str(t) for t in tags] if isinstance(tags, list) else [str(tags)]
    if path is not None:
        meta["section"] = _section(path)
    for key, value in front.items():
        if key not in {
            "title",
            "date",
            "published_time",
            "modified_time",
            "tags",
            "source_url",
            "url",
            "link",
            "publisher",
            "kind",
            "language",
        }:
            meta.setdefault(key, _iso_or_str(value))

    pub = publisher or _str(front.get("publisher"))
    if pub is None and url and _is_white_house(url):
        pub = "White House"
    rec_kind = kind or _str(front.get("kind"))
    if rec_kind not in (None, "primary", "secondary"):
        meta["kind_raw"] = rec_kind
        rec_kind = None
    return DocumentRecord(
        text=plain,
        url=url,
        title=title or None,
        date=date,
        publisher=pub,
        kind=rec_kind,  # type: ignore[arg-type]
        language=_str(front.get("language")) or language,
        origin=origin,
        meta=meta,
    )


def _load_yaml(source: str, origin: str) -> dict[str, Any] | SourceError:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(source, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return SourceError(
            f"{origin}: invalid YAML front matter{where}: {problem}",
            "Fix the front matter between the '---' lines.",
            origin=origin,
        )
    if data is None:
        return {}
    if not isinstance(data, dict):
        return SourceError(
            f"{origin}: the front matter is a YAML {type(data).__name__}, not a mapping",
            "Write the front matter as 'key: value' lines.",
            origin=origin,
        )
    return {str(k): v for k, v in data.items()}


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: paragraphs separated by exactly '\\n\\n'."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\\" in body:
        body = _ESCAPE.sub(lambda m: chr(_PUA + ord(m.group(1))), body)
    paragraphs: list[str] = []
    current: list[str] = []
    prev_hard = False  # the previous line ended with a Markdown hard line break
    prev_line = ""

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in body.split("\n"):
        hard = raw.endswith("  ") or raw.endswith("\\")
        line = raw.rstrip(_WS)
        if line.endswith("\\"):
            line = line[:-1].rstrip(_WS)
        first = line.lstrip(_WS)[:1]
        if not first:
            flush()
            prev_hard = False
            prev_line = ""
            continue
        # Cheap first-character checks before the block-start patterns.
        kind = _BLOCK_START_CHARS.get(first) or ("label" if first.isupper() else None)
        heading = False
        starts_block = False
        if kind is not None:
            if kind == "mark" and _RULE.match(line):
                flush()
                prev_hard = False
                prev_line = ""
                continue
            heading = kind == "heading" and bool(_HEADING.match(line))
            starts_block = bool(
                heading
                or (kind == "quote" and _QUOTE.match(line))
                or (kind in ("mark", "digit") and _LIST_ITEM.match(line))
                or (kind in ("label", "mark") and _LABEL_LINE.match(line))
            )
        if current and (starts_block or (prev_hard and _TERMINAL.search(prev_line))):
            flush()
        if starts_block and not current:
            line = _block_marker(line)
        current.append(line.strip(_WS))
        if heading:
            flush()
            hard = False
        prev_hard = hard
        prev_line = line
    flush()
    return _strip_inline("\n\n".join(paragraphs))


def _block_marker(line: str) -> str:
    """Drop a heading, block-quote or bullet marker at the start of a paragraph."""
    line = _QUOTE.sub("", line, count=1)
    line = _HEADING.sub("", line, count=1)
    return _BULLET.sub("", line, count=1)


def _struck(m: re.Match) -> str:
    words = m.group(2).strip()
    return f"~~{words}~~" if words else ""


def struck_as_marks(text: str) -> str:
    """``text`` with its struck-out words (``<s>engaged</s>``) marked ``~~engaged~~``, as
    the store keeps them."""
    return _STRUCK.sub(_struck, text) if "<" in text else text


def _strip_inline(text: str) -> str:
    """Remove inline markup from text whose paragraphs are separated by blank lines."""
    if "](" in text:
        text = _IMAGE.sub("", text)
        text = _SPLIT_LINK.sub(r"\1\n\n", text)
        for _ in range(3):  # links inside link text
            new = _LINK.sub(r"\1", text)
            if new == text:
                break
            text = new
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = struck_as_marks(text)
        text = _TAG.sub("", text)
    if "*" in text:
        text = _EMPHASIS.sub("", text)
    if _PUA_CHAR.search(text):
        text = _PUA_CHAR.sub(lambda m: chr(ord(m.group()) - _PUA), text)
    return fast_clean(text)


def _first_heading(body: str) -> str | None:
    m = re.search(r"^[ \t]{0,3}#{1,6}[ \t]+(.+)$", body, re.MULTILINE)
    if not m:
        return None
    return _strip_inline(_ESCAPE.sub(lambda x: chr(_PUA + ord(x.group(1))), m.group(1))) or None


def _section(path: Path) -> str:
    """The folder a document is filed under ('press-briefings' for press-briefings/2022-10/x.md)."""
    parent = path.parent
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", parent.name) and parent.parent.name:
        parent = parent.parent
    return parent.name


def _is_white_house(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in WHITE_HOUSE_HOSTS)


def _iso_or_str(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list):
        return [_iso_or_str(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _iso_or_str(v) for k, v in value.items()}
    return str(value)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
