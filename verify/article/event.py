"""The event first: which transcripts an article's quotes come from, resolved once per article.

Quotes in one article usually come from one occasion (a news conference, a call readout, a
speech). For each speaker the article quotes, :func:`resolve_events` ranks a few candidate
transcripts by the evidence the article gives:

- the speaker's own turns in documents of the article's date or the few days before it;
- the speaker's turns on the days the article names ("on Tuesday", "during a May 2 briefing",
  "last week": :mod:`verify.article.dates`);
- documents of those days that report the speaker in the third person (a call readout:
  "Vladimir Putin noted ..."), when the article names the occasion and the text names them;
- the article's quotes of that speaker whose exact words (five-word phrases) the speaker's
  own passages of a document hold (or its narration naming them; another person's passage
  is no evidence) -- a document so found counts even outside those days;
- the article's wording of the occasion: words of a document's title that the article uses
  ("annual news conference", "telephone conversation with ... Macron", "Victory Parade").

The checker then looks at the speaker's passages of the resolved event first
(:attr:`verify.check.request.CheckRequest.event`): a fragment is evidence there, and a loose
translation is compared with that transcript's passages before the whole corpus. The
report names the event and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import Any

from verify.article.dates import named_days
from verify.check.retrieve import phrase_query
from verify.knowledge.publishers import advance_text
from verify.text.tokens import surname_pattern

BEFORE_DAYS = 3  # an article reports an occasion of its date or the few days before
AFTER_DAYS = 1
MAX_CANDIDATES = 3
MIN_SCORE = 1.5  # below this a candidate is a guess, not an event
RELATIVE_SCORE = 0.5  # candidates this far behind the best are dropped
EXACT_DOCS = 3  # the best-matching documents of a quote's phrases count as exact matches
SPEAKER_PASSAGES_LIMIT = 4000
EXACT_WEIGHT = 2.0  # per quote of the article whose exact words the document holds
TITLE_WEIGHT = 1.5  # times the share of the title's content words the article uses
OWN_TURNS_WEIGHT = 1.0  # the speaker speaks in the document, on the occasion's days
# a two- to four-word quote of the article that the speaker says in one of those documents
# only (distinctive_short)
SHORT_EXACT_WEIGHT = 0.5
LONG_QUOTE_WORDS = 5
# a day the article names ("on Tuesday", "a May 2 briefing") on which the speaker spoke is an
# occasion by itself (a week or a month named is not: every briefing of it would be one)
NAMED_DAY_WEIGHT = 1.5
# one of the article's own days, named ("on Friday"): a little more than the others of the
# window (1.5 made the week's other briefings crowd out another named occasion on dev)
NAMED_DAY_INSIDE_WEIGHT = 0.5
MAX_NAMED_DAYS = 6
# the text released before an occasion ("as prepared for delivery") when the transcript of
# it as delivered is a candidate too: behind it by this much (a tie otherwise: the same words)
ADVANCE_TEXT_PENALTY = 0.5

_STOP = frozenset(
    "a an the and or of in on at to for with by from about as is are was were be this that "
    "his her their its our your my president russia russian united states federation "
    "press briefing remarks statement secretary".split()
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\u2019-]+")


@dataclass(frozen=True)
class EventCandidate:
    """One transcript the article may report, with its score and the evidence for it."""

    doc_id: int
    url: str | None
    title: str | None
    date: str | None
    score: float
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "url": self.url,
            "title": self.title,
            "date": self.date,
            "score": round(self.score, 3),
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Event:
    """The resolved occasion of one speaker's quotes: candidates, best first."""

    speaker: str
    candidates: tuple[EventCandidate, ...] = field(default_factory=tuple)

    @property
    def doc_ids(self) -> frozenset[int]:
        return frozenset(c.doc_id for c in self.candidates)

    @property
    def ranked_ids(self) -> tuple[int, ...]:
        """The candidates' document ids, the likeliest first."""
        return tuple(c.doc_id for c in self.candidates)

    @property
    def best(self) -> EventCandidate | None:
        return self.candidates[0] if self.candidates else None

    def describe(self) -> str:
        b = self.best
        if b is None:
            return f"No event resolved for {self.speaker}."
        why = "; ".join(b.evidence)
        return f"{self.speaker}: {b.title or b.url} ({(b.date or '?')[:10]}) -- {why}."

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "candidates": [c.to_json() for c in self.candidates],
            "summary": self.describe(),
        }


def content_words(text: str) -> set[str]:
    words = (re.sub(r"['\u2019]s$", "", w.lower()) for w in _WORD.findall(text or ""))
    return {w for w in words if w not in _STOP}


def window(day: str | None) -> tuple[str, str] | None:
    """[since, until) ISO dates of the occasion's days for an article of ``day``."""
    if not day:
        return None
    try:
        d = Date.fromisoformat(day[:10])
    except ValueError:
        return None
    return (
        (d - timedelta(days=BEFORE_DAYS)).isoformat(),
        (d + timedelta(days=AFTER_DAYS + 1)).isoformat(),
    )


def title_share(title: str | None, article_words: set[str]) -> float:
    """The share of a title's content words that the article uses."""
    words = content_words(title or "")
    return len(words & article_words) / len(words) if words else 0.0


def _distance(doc_date: str | None, article_date: str | None) -> int:
    """Days between a document and the article (a large number when either is unknown)."""
    try:
        return abs((Date.fromisoformat(doc_date[:10]) - Date.fromisoformat(article_date[:10])).days)
    except (TypeError, ValueError):
        return 10**6


def distinctive_short(
    store: Any, rows: list[tuple[int, int]], texts: list[str]
) -> list[tuple[int, str]]:
    """(doc_id, quote) for each short quote of the article (two to four words: "red lines")
    that the speaker says, in these words, in just one of their documents of the article's
    days (``rows``: their passages there): a phrase too short to find an occasion among all
    documents, but telling among the few where the speaker spoke those days."""
    short = list(dict.fromkeys(t for t in texts if 2 <= len(_WORD.findall(t)) < LONG_QUOTE_WORDS))
    if not short or not rows:
        return []
    from verify.article.quotes.link import normalised_words

    passages = store.passages([pid for pid, _ in rows])
    joined = [(p.doc_id, f" {normalised_words(p.text)} ") for p in passages]
    out: list[tuple[int, str]] = []
    for text in short:
        phrase = f" {normalised_words(text)} "
        docs = {d for d, words in joined if phrase in words}
        if len(docs) == 1:
            out.append((docs.pop(), text.strip(" ,.;:")))
    return out


def readouts(
    store: Any,
    span: tuple[str, str],
    article_words: set[str],
    named: re.Pattern | None,
    known: set[int],
) -> list[tuple[int, str]]:
    """Documents of the occasion's days that report the speaker in the third person (a call
    readout: "Vladimir Putin noted ..."): the article names the occasion (half of the title's
    content words) and the text names the speaker. (doc_id, title) pairs."""
    if named is None:
        return []
    until = (Date.fromisoformat(span[1]) - timedelta(days=1)).isoformat()
    titled = [
        d
        for d in store.list_documents(since=span[0], until=until)
        if d["id"] not in known and title_share(d["title"], article_words) >= 0.5
    ]
    if not titled:
        return []
    docs = store.get_documents([d["id"] for d in titled])
    return [(d, doc.title or "") for d, doc in docs.items() if named.search(doc.text or "")]


def resolve_events(
    store: Any,
    article_text: str,
    article_date: str | None,
    quotes: Iterable[tuple[str, str]],
    *,
    institution: Any = None,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> dict[str, Event]:
    """{speaker: Event} for the speakers of ``quotes`` ((canonical speaker, quote text)
    pairs). ``institution(name)`` names the publisher an institution speaks in (the
    Kremlin, the White House); ``exclude``: documents that are the article itself."""
    by_speaker: dict[str, list[str]] = {}
    for speaker, text in quotes:
        if speaker:
            by_speaker.setdefault(speaker, []).append(text)
    article_words = content_words(article_text)
    span = window(article_date)
    days = named_days(article_text, article_date)
    out: dict[str, Event] = {}
    for speaker, texts in by_speaker.items():
        evidence: dict[int, list[str]] = {}
        score: dict[int, float] = {}

        def add(
            doc_id: int,
            points: float,
            why: str,
            score: dict[int, float] = score,
            evidence: dict[int, list[str]] = evidence,
        ) -> None:
            if doc_id in exclude:
                return
            score[doc_id] = score.get(doc_id, 0.0) + points
            evidence.setdefault(doc_id, []).append(why)

        inst = institution(speaker) if institution else None
        on_named_day: set[int] = set()
        named = surname_pattern(speaker) if not inst else None
        if span and not inst:
            rows = store.speaker_passages(speaker, *span, limit=SPEAKER_PASSAGES_LIMIT)
            for doc_id in sorted({d for _, d in rows}):
                add(doc_id, OWN_TURNS_WEIGHT, f"{speaker} speaks in it on the article's days")
            for doc_id, text in distinctive_short(store, rows, texts):
                add(doc_id, SHORT_EXACT_WEIGHT, f"only it has {speaker} saying '{text}'")
            for doc_id, title in readouts(store, span, article_words, named, set(score)):
                add(doc_id, OWN_TURNS_WEIGHT, f"it reports what {speaker} said ({title})")
        if not inst:
            # the days the article names ("during a May 2 briefing", "on Tuesday")
            for nd in [d for d in days if d.specific][:MAX_NAMED_DAYS]:
                inside = bool(span and span[0] <= nd.since and nd.until <= span[1])
                rows = store.speaker_passages(
                    speaker, nd.since, nd.until, limit=SPEAKER_PASSAGES_LIMIT
                )
                for doc_id in sorted({d for _, d in rows}):
                    if inside:
                        # one of the article's days, the one it names ("on Friday"): of the
                        # speaker's occasions that week, that day's
                        add(doc_id, NAMED_DAY_INSIDE_WEIGHT, f"{speaker} speaks in it {nd.words}")
                    elif doc_id not in score:  # another occasion of the same article
                        add(doc_id, NAMED_DAY_WEIGHT, f"{speaker} speaks in it on {nd.words}")
                    else:
                        continue
                    on_named_day.add(doc_id)
        exact: dict[int, int] = {}
        for text in texts:
            if len(_WORD.findall(text)) < LONG_QUOTE_WORDS:
                continue
            query = phrase_query(text)
            if not query:
                continue
            hits = store.fts(query, limit=20, publisher=inst)
            if not inst:
                # a five-word phrase can be anybody's: the speaker's own passages, or
                # narration naming them (a readout), are evidence of their occasion
                own = {
                    p.id
                    for p in store.passages([pid for pid, _, _ in hits])
                    if p.speaker == speaker or (not p.speaker and named and named.search(p.text))
                }
                hits = [h for h in hits if h[0] in own]
            # the best-matching documents only: a five-word phrase can be common
            for d in list(dict.fromkeys(d for _, d, _ in hits))[:EXACT_DOCS]:
                exact[d] = exact.get(d, 0) + 1
        for d, n in exact.items():
            add(d, EXACT_WEIGHT * n, f"{n} of the article's quotes in its exact words")
        if not score:
            continue
        docs = store.get_documents(sorted(score))
        for d, doc in docs.items():
            share = title_share(doc.title, article_words)
            if share >= 0.5:
                add(d, TITLE_WEIGHT * share, f"the article names the occasion ({doc.title})")
            if inst and (doc.publisher or "").lower() != inst.lower():
                score[d] -= OWN_TURNS_WEIGHT  # an institution speaks in its own documents
        advance = {d for d, doc in docs.items() if advance_text(doc.publisher, doc.title)}
        if advance and any(d not in advance for d in docs):
            for d in advance:
                score[d] -= ADVANCE_TEXT_PENALTY
                evidence[d].append("the text released before the occasion, not its transcript")
        ranked = sorted(
            (d for d in score if score[d] >= MIN_SCORE and d in docs),
            # ties: the document nearest the article's date (the occasion it reports)
            key=lambda d: (-score[d], _distance(docs[d].date, article_date), docs[d].date or ""),
        )
        # far behind the best, only an occasion the article names stays; the named ones
        # beyond the best few too (each day the article names is one it reports)
        ranked = [
            d for d in ranked if score[d] >= RELATIVE_SCORE * score[ranked[0]] or d in on_named_day
        ]
        best = ranked[:MAX_CANDIDATES]
        ranked = best + [d for d in ranked[MAX_CANDIDATES:] if d in on_named_day][:MAX_NAMED_DAYS]
        out[speaker] = Event(
            speaker,
            tuple(
                EventCandidate(
                    d,
                    docs[d].url,
                    docs[d].title,
                    docs[d].date,
                    score[d],
                    tuple(evidence[d]),
                )
                for d in ranked
            ),
        )
    return out
