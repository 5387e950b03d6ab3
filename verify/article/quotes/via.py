"""The intermediary an article credits for a quotation: the "via" of each item.

An outlet from ``verify/knowledge/outlets.toml`` in the attribution part of the sentence
(", Sputnik reported", "told TASS", "in an interview with RIA Novosti", "according to
Interfax"); with "citing", the cited outlet ("APA reports citing Morning Express" -> "Morning
Express"); an outlet that is itself the reporting subject ("TASS reports that ...") credits it
for what follows in the article (:func:`narrative_via`); a wire byline or dateline ("By AFP",
"(CNN) —", "MOSCOW (Reuters) -") credits the wire for every item without a closer credit,
unless it names the article's own outlet (:func:`article_via`); an embedded tweet ("— Name
(@handle) date") gives ``"Name (tweet)"`` (:func:`tweet_vias`).
"""

from __future__ import annotations

import re

from verify.article.quotes.cues import Cue, is_verbish
from verify.article.quotes.outlets import canonical_outlet, find_outlets, outlet_name
from verify.article.quotes.sentences import DATELINE_RE, Tok

_TWEET_RE = re.compile(
    r"[—–-]\s*([^()\n—–]{2,60}?)\s*\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})"
)


def article_via(text: str, outlet: str | None) -> str | None:
    head = text[:1500]
    own = canonical_outlet(outlet)
    found = None
    for line in head.split("\n")[:8]:
        s = line.strip()
        m = re.match(r"^By\s+(.{2,60})$", s)
        if m and len(m.group(1).split()) <= 6:
            name = outlet_name(m.group(1))
            if name:
                found = name
                break
        m = DATELINE_RE.match(s)
        if m:
            name = outlet_name(m.group(1))
            if name:
                found = name
                break
    if found and own and found == own:
        return None
    return found


def sentence_via(text: str, toks: list[Tok], cues: list[Cue], outlet_cue: list[bool]) -> str | None:
    """An outlet credited in the attribution part of a sentence (outside the content
    regions and quotations): ", Sputnik reported", "told TASS", "citing Morning Express"."""
    content = [False] * len(toks)
    for a, is_outlet in zip(cues, outlet_cue, strict=True):
        if is_outlet and a.kind != "according":
            continue
        for region in (a.pre, a.post):
            if region:
                for k in range(region[0], region[1]):
                    content[k] = True
    found: list[tuple[int, str, bool]] = []
    for k, t in enumerate(toks):
        if t.kind != "w" or content[k]:
            continue
        for _s, _e, name in find_outlets(t.text):
            citing = (
                k > 0
                and toks[k - 1].low in ("citing", "cited")
                or (k > 1 and toks[k - 2].low in ("citing", "cited"))
            )
            found.append((k, name, citing))
    # multi-word outlet names ("RIA Novosti", "Morning Express") span tokens
    if toks:
        s, e = toks[0].start, toks[-1].end
        for os_, _oe, name in find_outlets(text, s, e):
            k = next((i for i, t in enumerate(toks) if t.start <= os_ < t.end), None)
            if k is None or content[k] or toks[k].kind != "w":
                continue
            if any(f[0] == k for f in found):
                continue
            citing = k > 0 and toks[k - 1].low in ("citing", "cited")
            found.append((k, name, citing))
    if not found:
        return None
    cited = [f for f in found if f[2]]
    if cited:
        return cited[-1][1]
    return sorted(found)[-1][1]


def tweet_vias(text: str) -> list[tuple[int, int, str]]:
    """Embedded tweets: (start of the tweet text, signature start, "Name (tweet)")."""
    out = []
    for m in _TWEET_RE.finditer(text):
        name = m.group(1).strip()
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip():
            start = line_start  # the tweet text is on the signature's line
        else:
            prev_end = max(0, line_start - 1)
            start = text.rfind("\n", 0, prev_end) + 1
        out.append((start, m.start(), f"{name} (tweet)"))
    return out


def tweet_for(tweets: list[tuple[int, int, str]], pos: int, text: str) -> str | None:
    for s, e, name in tweets:
        if s <= pos < e:
            return name
    return None


def narrative_via(
    toks: list[Tok], cues: list[Cue], is_outlet: list[bool], outlet_of: list[str | None]
) -> tuple[int, str] | None:
    """(where it starts, the outlet) when the sentence's reporting subjects are all outlets
    and one's content follows ("TASS reports that ..."): it credits what comes after."""
    if not all(is_outlet):
        return None
    found = None
    for a, via in zip(cues, outlet_of, strict=True):
        if (
            a.pre is not None
            and a.pre[1] > a.pre[0]
            and via
            and any(is_verbish(t) or t.kind == "q" for t in toks[a.pre[0] : a.pre[1]])
        ):
            found = (toks[a.pre[0]].start, via)
    return found
