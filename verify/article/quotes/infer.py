"""The speaker of a quotation the article does not attribute, inferred from the speech report.

An article about a speech or a briefing quotes it paragraph after paragraph, often without a
cue of its own ("“The era of the unipolar world order is over.” Speaking at the forum, Putin
..."; a quotation after "Sullivan said that ..."). Such a quotation belongs to the person the
article is reporting on: the speaker of the last cue before it in its paragraph, else (when
it opens its paragraph) of the last cue of the previous paragraph, else the article's main
speaker (the one most of its cues resolve to, at least twice, or the only one). The result
is marked inferred: the article never says so.
"""

from __future__ import annotations

from collections import Counter

from verify.article.quotes.link import QuoteLink
from verify.article.quotes.marks import Quotation
from verify.article.quotes.resolve import Speaker
from verify.article.quotes.sentences import Sentence, para_starts_with


def infer_speakers(
    text: str,
    quotes: list[Quotation],
    sentences: list[Sentence],
    speakers: list[list[Speaker | None]],
    links: list[QuoteLink],
) -> dict[int, str]:
    """Quotation index -> inferred speaker, for the top-level quotations without a cue."""
    events: list[tuple[int, int, str]] = []  # (position, paragraph, name) of resolved cues
    for sent, row in zip(sentences, speakers, strict=True):
        for sp in row:
            if sp is not None and sp.name and sp.outlet is None:
                events.append((sp.start, sent.para, sp.name))
    events.sort()
    counts = Counter(name for _p, _para, name in events)
    main = None
    if counts:
        name, n = counts.most_common(1)[0]
        if n >= 2 or len(counts) == 1:
            main = name
    para_of = {s.start: s.para for s in sentences}
    sentence_starts = sorted(para_of)
    out: dict[int, str] = {}
    for lk in links:
        if lk.ref is not None or lk.nested_in is not None:
            continue
        para = _para_at(sentence_starts, para_of, quotes[lk.quote].open)
        before = [e for e in events if e[0] < lk.start]
        name = None
        if before and before[-1][1] == para:
            name = before[-1][2]
        elif before and before[-1][1] == para - 1 and para_starts_with(text, quotes[lk.quote].open):
            name = before[-1][2]
        else:
            name = main
        if name:
            out[lk.quote] = name
    return out


def _para_at(starts: list[int], para_of: dict[int, int], pos: int) -> int:
    import bisect

    k = bisect.bisect_right(starts, pos) - 1
    return para_of[starts[k]] if k >= 0 else 0
