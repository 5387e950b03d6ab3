"""The dataclasses the pipeline passes between its stages.

article -> ExtractedQuote -> (retrieval) -> QuoteResult -> report.
Corpus side: adapters yield DocumentRecord; ingestion adds Turns and stores a Document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["primary", "secondary"]
VERDICTS = (
    "verbatim",
    "minor",
    "altered",
    "paraphrase",
    "composite",
    "misattributed",
    "not_found",
)
Verdict = Literal[
    "verbatim", "minor", "altered", "paraphrase", "composite", "misattributed", "not_found"
]
# Verdicts that confirm the quote's wording. Reporting one of these for a quote whose meaning
# differs from the source is a "false confirmation", the worst error the tool can make.
CONFIRMING = ("verbatim", "minor")


@dataclass
class DocumentRecord:
    """One document as an adapter read it, before segmentation and storage."""

    text: str
    url: str | None = None
    title: str | None = None
    date: str | None = None  # ISO 8601: "2022-10-25" or "2022-10-25T14:30:00Z"
    publisher: str | None = None
    kind: Kind | None = None
    language: str = "en"
    origin: str = ""  # where it came from, for messages: "path/to/file.csv:row 12"
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Turn:
    """A stretch of a transcript spoken by one speaker (or narrative text, speaker None).

    ``start`` is where the turn begins (its speaker label, if any); ``body_start`` is where
    the spoken words begin, after the label and colon. Offsets index the stored text.
    """

    start: int
    body_start: int
    end: int
    label: str | None = None  # as written: "MS. JEAN-PIERRE", "Dmitry Peskov", "Q"
    speaker: str | None = None  # resolved: "Karine Jean-Pierre"; None for narrative text
    is_question: bool = False  # a reporter's question or a journalist's turn


@dataclass
class Document:
    """A stored document (one version of it)."""

    id: int
    url: str | None
    title: str | None
    date: str | None
    publisher: str | None
    kind: str | None
    language: str
    text: str
    content_hash: str
    version: int
    origin: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        """Is the text a translation (the Kremlin's English of Putin's Russian)?"""
        return (self.meta.get("original_language") or "en") != (self.language or "en")

    def turn_at(self, offset: int) -> Turn | None:
        for turn in self.turns:
            if turn.start <= offset < turn.end:
                return turn
        return None

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "date": self.date,
            "publisher": self.publisher,
            "kind": self.kind,
            "language": self.language,
            "version": self.version,
            "content_hash": self.content_hash,
            "chars": len(self.text),
            "turns": len(self.turns),
        }


@dataclass
class Passage:
    """A retrieval unit: one or a few consecutive sentences inside one turn."""

    id: int
    doc_id: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    is_question: bool = False


@dataclass
class Difference:
    """One step of the word alignment, quote against source: "insert" = words the quote adds,
    "delete" = source words the quote drops, "replace" = changed words, "elide" = an omission
    the quote marks ("..." or "[the US]"). ``note`` says why a difference is harmless
    ("spelling", "punctuation", "contraction", "number form", "dropped filler", "stutter")."""

    op: Literal["equal", "insert", "delete", "replace", "elide"]
    quote: str
    source: str
    note: str | None = None


@dataclass
class SourceSpan:
    url: str | None
    title: str | None
    date: str | None
    publisher: str | None
    kind: str | None
    speaker: str | None  # resolved speaker of the span ("Karine Jean-Pierre")
    text: str
    start: int
    end: int
    speaker_label: str | None = None  # as the transcript labels it ("MS. JEAN-PIERRE")
    doc_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "date": self.date,
            "publisher": self.publisher,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_label": self.speaker_label,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "doc_id": self.doc_id,
        }


@dataclass
class Appearance:
    url: str | None
    date: str | None
    publisher: str | None
    kind: str | None
    verdict: str
    title: str | None = None
    speaker: str | None = None
    doc_id: int | None = None
    quoted: bool = False  # the words are inside quotation marks in that transcript turn

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class QuoteResult:
    """The answer for one quote: the JSON contract of ``verify quote --json``."""

    quote: str
    verdict: str
    score: float
    explanation: str
    id: str | None = None
    claimed_speaker: str | None = None
    claimed_date: str | None = None
    source: SourceSpan | None = None
    differences: list[Difference] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)
    earliest_primary: Appearance | None = None
    error: str | None = None
    evidence: dict[str, Any] | None = None  # semantic evidence behind paraphrase / not_found
    # for not_found: the closest passages, which may be related without saying the same thing
    related: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quote": self.quote,
            "claimed_speaker": self.claimed_speaker,
            "claimed_date": self.claimed_date,
            "verdict": self.verdict,
            "score": round(float(self.score), 4),
            "source": self.source.to_json() if self.source else None,
            "differences": [asdict(d) for d in self.differences],
            "appearances": [a.to_json() for a in self.appearances],
            "earliest_primary": self.earliest_primary.to_json() if self.earliest_primary else None,
            "explanation": self.explanation,
            "evidence": self.evidence,
            "related": self.related,
        }


@dataclass
class ExtractedQuote:
    """A quotation or reported claim found in an article, with its attribution."""

    kind: Literal["quote", "claim"]
    text: str
    start: int
    end: int
    speaker: str | None = None  # resolved name: "Dmitry Peskov"
    speaker_mention: str | None = None  # as the article wrote it: "the Kremlin spokesman"
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # "said", "stressed", "according to"
    via: str | None = None  # credited outlet: "Sputnik"
    # the article names no speaker for it: credited to the person it reports on (see extract)
    speaker_inferred: bool = False
    # three words or fewer in quotation marks with no cue, in a report of one person's
    # speech ("It was a 'red flag'"): a fragment of their words or a term the writer marks;
    # an article report keeps it only when the speaker's words hold it (see verify.article)
    term: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """An article to check: its main text and what is known about where it came from."""

    text: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    origin: str = ""
    id: str | None = None  # the input's own id (a JSONL line's "id"), carried into its report


@dataclass
class Provenance:
    """Where a quote's words appear, earliest first, and what that says about its route."""

    statement: str  # "Earliest primary: White House press briefing, 2022-10-25. ..."
    appearances: list[Appearance] = field(default_factory=list)
    earliest_primary: Appearance | None = None
    via: str | None = None  # the outlet the article credits
    via_indexed: bool = False  # the credited outlet has documents in the store
    via_published: bool | None = None  # its documents contain the quote (None: not indexed)
    primary_predates_via: bool | None = None
    via_result: QuoteResult | None = None  # the quote against the intermediary's wording

    def to_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "appearances": [a.to_json() for a in self.appearances],
            "earliest_primary": self.earliest_primary.to_json() if self.earliest_primary else None,
            "via": self.via,
            "via_indexed": self.via_indexed,
            "via_published": self.via_published,
            "primary_predates_via": self.primary_predates_via,
            "via_result": self.via_result.to_json() if self.via_result else None,
        }


@dataclass
class QuoteCheck:
    """One quote or claim of an article, with its verification and provenance."""

    extracted: ExtractedQuote
    result: QuoteResult
    provenance: Provenance
    # prior fact checks of this quote or claim (verify.factcheck.match.lookup); optional
    fact_checks: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The verify-quote contract plus the attribution and provenance fields."""
        out = self.result.to_json()
        ex = self.extracted
        out.update(
            {
                "kind": ex.kind,
                "start": ex.start,
                "end": ex.end,
                "speaker_mention": ex.speaker_mention,
                "speaker_start": ex.speaker_start,
                "speaker_end": ex.speaker_end,
                "cue": ex.cue,
                "via": ex.via,
                "speaker_inferred": ex.speaker_inferred,
                "term": ex.term,
                "provenance": self.provenance.to_json(),
            }
        )
        if self.fact_checks:
            out["fact_checks"] = self.fact_checks
        return out


@dataclass
class ArticleReport:
    """Everything checked in one article."""

    article: Article
    checks: list[QuoteCheck] = field(default_factory=list)
    doc_id: int | None = None  # the article, stored as a secondary document
    errors: list[str] = field(default_factory=list)
    # the occasions its quotes were resolved to (verify.article.event), per speaker
    events: list[dict[str, Any]] = field(default_factory=list)
    # quoted terms (ExtractedQuote.term) the speaker's words do not hold: not reported as
    # quotes, listed here ({"text", "start", "end", "speaker", "verdict"})
    terms_left_out: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        a = self.article
        out: dict[str, Any] = {"id": a.id} if a.id is not None else {}
        out |= {
            "article": {
                "id": a.id,
                "url": a.url,
                "title": a.title,
                "date": a.date,
                "outlet": a.outlet,
                "origin": a.origin,
                "doc_id": self.doc_id,
            },
            "checks": [c.to_json() for c in self.checks],
            "errors": self.errors,
        }
        if self.events:
            out["events"] = self.events
        if self.terms_left_out:
            out["terms_left_out"] = self.terms_left_out
        return out
