"""Tweet and sentence noise: what is a cue and what is content.

``clean(text)`` returns a ``Cleaned`` record: the claim text with URLs, ``pic.twitter.com``
links, the "— Name (@handle) Month D, YYYY" tail and leading/trailing @handles removed, hashtags
turned into words ("#AustralianFires" -> "Australian Fires"), plus the cues that were taken
out: the author's name and handle and the date of the tail, the handles and hashtags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()}
_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b\w+\.\w{2,3}/\S+", re.I)
# "— Name (@handle) Month D, YYYY" (also "-", "--", without @, a cut year)
_TAIL = re.compile(
    r"\s*(?:—|–|--|-|―)\s*(?P<name>[^—–\n]{0,80}?)\s*\(@?(?P<handle>\w{1,30})\)\s*"
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{2,4})?\s*$"
)
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SPACES = re.compile(r"\s+")
_RT = re.compile(r"^\s*RT\s+@\w+:\s*")


@dataclass
class Cleaned:
    text: str
    author: str | None = None
    handle: str | None = None
    date: str | None = None  # ISO date of the tail
    handles: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    @property
    def query_text(self) -> str:
        """What is searched and embedded: the text, and the tail's author as a cue (fact
        checks often name who said it; measured on CLEF dev: cosine MAP@5 0.824 with the
        name, 0.788 without, 0.794 for the raw tweet)."""
        return f"{self.text} — {self.author}" if self.author else self.text


def _tail_date(month: str, day: str, year: str | None) -> str | None:
    m = _MONTHS.get(month.lower()) or _MONTH_ABBR.get(month.lower()[:3])
    if not m or not year:
        return None
    y = int(year)
    if y < 100:
        y += 2000
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, int(day)).isoformat()
    except ValueError:
        return None


def split_hashtag(tag: str) -> str:
    return _CAMEL.sub(" ", tag)


def clean(text: str) -> Cleaned:
    """Claim text without the tweet's noise, and the cues taken out of it."""
    text = text or ""
    out = Cleaned(text="")
    text = _RT.sub("", text.strip())
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    m = _TAIL.search(text)
    if m:
        out.author = m.group("name").strip() or None
        out.handle = m.group("handle")
        out.date = _tail_date(m.group("month"), m.group("day"), m.group("year"))
        text = text[: m.start()]
    out.urls = _URL.findall(text)
    # a URL glued to a word ("#DefundTheCBChttps://t.co/...") is cut off at "http"
    text = _URL.sub(" ", text)
    text = re.sub(r"https?:?/*\S*$", " ", text)
    out.handles = _HANDLE.findall(text)
    out.hashtags = _HASHTAG.findall(text)
    # handles at the start or the end are addressing, not content: drop them; handles
    # inside a sentence are names ("@realDonaldTrump says") and stay as words
    text = re.sub(r"^(\s*@\w+[:,]?)+", " ", text)
    text = re.sub(r"(\s*@\w+)+\s*$", " ", text)
    text = _HANDLE.sub(lambda mm: split_hashtag(mm.group(1)), text)
    text = _HASHTAG.sub(lambda mm: split_hashtag(mm.group(1)), text)
    text = text.replace("\u2026", " ").replace('""', '"')
    out.text = _SPACES.sub(" ", text).strip(" \"'")
    if not out.text:
        out.text = _SPACES.sub(" ", (m.string if m else "") or "").strip()
    return out
