"""From evidence to one of the seven verdicts.

Two kinds of evidence reach this module:
- a word alignment of the quote against a candidate document (align.Alignment), which
  decides verbatim, minor, altered and composite, and with the transcript's speaker turns,
  misattributed;
- for quotes whose wording is not in the corpus, the semantic evidence of the closest
  passages (cosine of embeddings, shared content words, speaker, date), which decides
  paraphrase against not_found.

The thresholds are named constants below; `make eval` measures them on the labelled set.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .align import Alignment
from .models import Document, Turn
from .retrieve import STOPWORDS

# ----------------------------------------------------------------------------- thresholds

# altered: most of the quote's words are the source's, with a few meaning-bearing changes
ALTERED_MIN_COVERAGE = 0.70
# a lexical paraphrase: a good share of the words in the same place, reworded
PARAPHRASE_MIN_COVERAGE = 0.40
# composite: each joined piece has at least this many matching words
COMPOSITE_MIN_PIECE = 3

RANK = {
    "verbatim": 0,
    "minor": 0,
    "altered": 1,
    "composite": 2,
    "paraphrase": 3,
    None: 9,
}


@dataclass
class Judgement:
    """One candidate document judged against the quote."""

    doc: Document
    verdict: str | None  # wording verdict, before the speaker check (None: no lexical match)
    score: float
    aln: Alignment | None = None
    span: tuple[int, int] = (0, 0)
    turn: Turn | None = None
    speaker_ok: bool | None = None  # None: no speaker claimed, or cannot tell
    quoted: bool = False  # the words are inside quotation marks in the transcript turn
    cosine: float | None = None
    overlap: float | None = None
    date_score: float = 0.5
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return RANK.get(self.verdict, 9)


# ----------------------------------------------------------------------------- wording


def _words(aln: Alignment, side: str, i1: int, i2: int) -> str:
    toks = aln.qtoks if side == "q" else aln.doc.toks
    return " ".join(t.surface for t in toks[i1:i2])


def _is_content(word: str) -> bool:
    return word not in STOPWORDS and not word.isdigit() and len(word) > 1


def wording_verdict(aln: Alignment) -> tuple[str | None, float, list[str], list[str]]:
    """(verdict, score, notes, changes) from the alignment alone (no speaker check)."""
    n = aln.n_quote
    notes: list[str] = []
    changes: list[str] = []
    pieces = [p for p in aln.pieces if p.matched >= min(COMPOSITE_MIN_PIECE, n)]
    src_words = sum(op.j2 - op.j1 for op in aln.ops if op.tag != "elide")
    score = 2 * aln.matched / max(1, n + src_words)
    meaningful = aln.meaningful()
    for op in meaningful:
        q = _words(aln, "q", op.i1, op.i2)
        s = _words(aln, "s", op.j1, op.j2)
        if op.tag == "replace":
            changes.append(f"'{s}' became '{q}'")
        elif op.tag == "insert":
            changes.append(f"added '{q}'")
        elif op.tag == "delete":
            changes.append(f"dropped '{s}'")
    if len(pieces) > 1 and aln.matched >= 0.6 * n:
        return "composite", score, notes, changes
    if aln.elided and not aln.markers_in_one_turn:
        notes.append("the marked omission joins words from different speakers' turns")
        return "composite", score, notes, changes
    harmless = sorted(
        {r for op in aln.harmless() if op.tag != "elide" for r in op.harmless.split(", ")}
    )
    bad_elide = [op for op in aln.ops if op.tag == "elide" and not op.harmless]
    if not meaningful and not bad_elide and aln.coverage >= 0.999:
        if harmless:
            notes.extend(harmless)
            return "minor", max(score, 0.95), notes, changes
        return "verbatim", 1.0, notes, changes
    cov = aln.coverage
    content_changes = sum(
        1
        for op in meaningful
        for w in (_words(aln, "q", op.i1, op.i2) + " " + _words(aln, "s", op.j1, op.j2)).split()
        if _is_content(w)
    )
    ops_allowed = max(2, n // 8)
    if cov >= ALTERED_MIN_COVERAGE and len(meaningful) <= ops_allowed:
        return "altered", score, notes, changes
    if n <= 3:
        return None, score, notes, changes
    if cov >= PARAPHRASE_MIN_COVERAGE and content_changes > 0:
        return "paraphrase", score, notes, changes
    return None, score, notes, changes


# ----------------------------------------------------------------------------- speakers

INSTITUTIONS = {
    "white house": "White House",
    "the white house": "White House",
    "kremlin": "Kremlin",
    "the kremlin": "Kremlin",
    "russian presidency": "Kremlin",
}


def institution(name: str | None) -> str | None:
    """The publisher an institutional speaker stands for ("the White House" -> White House)."""
    if not name:
        return None
    return INSTITUTIONS.get(name.strip().lower())


_OPEN = "\u201c\u00ab"
_CLOSE = "\u201d\u00bb"


def inside_quotation(text: str, turn_start: int, start: int, end: int) -> bool:
    """Are text[start:end] words inside quotation marks within their turn?"""
    before = text[turn_start:start]
    curly = sum(before.count(c) for c in _OPEN) - sum(before.count(c) for c in _CLOSE)
    if curly > 0:
        return True
    if before.count('"') % 2 == 1:
        return True
    # words immediately wrapped in quote marks
    pre = text[max(turn_start, start - 2) : start]
    post = text[end : end + 2]
    return any(c in pre for c in '"\u201c\u00ab') and any(c in post for c in '"\u201d\u00bb')


def speaker_check(
    claimed: str | None,
    doc: Document,
    turn: Turn | None,
    quoted: bool,
    *,
    registry: object | None = None,
    date: str | None = None,
) -> bool | None:
    """Whether the span's speaker is the claimed one: True, False, or None (cannot tell)."""
    if not claimed:
        return None
    inst = institution(claimed)
    if turn is not None and turn.is_question:
        return False
    if inst:
        return (doc.publisher or "").lower() == inst.lower()
    if turn is None or not turn.speaker:
        return None  # narrative text: a statement or readout, not one person's turn
    if quoted:
        return None  # the turn's speaker quotes someone else's words
    if registry is not None:
        return bool(registry.same_person(claimed, turn.speaker, date=date or doc.date))
    return _surname(claimed) == _surname(turn.speaker)


def _surname(name: str) -> str:
    parts = re.findall(r"[A-Za-z\u00c0-\u024f'-]+", name)
    return parts[-1].lower() if parts else ""


# ----------------------------------------------------------------------------- dates


def days_between(a: str | None, b: str | None) -> int | None:
    """b - a in days (ISO dates or datetimes), None if either is missing or unparseable."""
    from datetime import date

    try:
        da = date.fromisoformat(a[:10]) if a else None
        db = date.fromisoformat(b[:10]) if b else None
    except ValueError:
        return None
    if da is None or db is None:
        return None
    return (db - da).days


def date_plausibility(source_date: str | None, claimed_date: str | None) -> float:
    """1.0 when the source precedes the claim closely, falling with distance; 0.2 when the
    source is dated after the claim (it cannot be where the words were first said)."""
    d = days_between(source_date, claimed_date)
    if d is None:
        return 0.5
    if d < -1:
        return 0.2
    return math.exp(-max(0, d) / 60.0)


# ----------------------------------------------------------------------------- semantic


# Paraphrase vs not found. Measured on the labelled set (bench/quotes_eval.jsonl, dev split;
# `python -m verify.evaluation.fit` prints the evidence): a paraphrase's best one- or
# two-sentence window scores cosine 0.68-0.91 against the quote, while statements that are
# in no transcript still reach 0.77 against same-topic passages. Cosine alone does not
# separate them; the claimed speaker and date do most of the work:
# - the passage must be the claimed speaker's (when a person is claimed);
# - a source said shortly before the report needs less similarity than one said long before
#   (or when the report's date is unknown);
# - a source dated after the report cannot be where the words came from.
PARAPHRASE_COSINE_NEAR = 0.66  # source at most NEAR_DAYS before the claimed date
PARAPHRASE_COSINE_FAR = 0.76  # older sources, or no claimed date
NEAR_DAYS = 30
OVERLAP_WEIGHT = 0.1  # shared rare content words add a little
PARAPHRASE_THRESHOLD = 0.5


def paraphrase_probability(
    cosine: float,
    overlap: float,
    speaker_ok: bool | None,
    days: int | None,
    *,
    speaker_claimed: bool = True,
) -> float:
    """How likely the passage makes the same statement as the quote, in [0, 1]; 0.5 is the
    decision boundary. ``days``: claimed date minus source date (None: unknown)."""
    if speaker_claimed and speaker_ok is not True:
        return 0.0
    if speaker_ok is False:
        return 0.0
    if days is not None and days < -1:
        return 0.0
    near = days is not None and days <= NEAR_DAYS
    threshold = PARAPHRASE_COSINE_NEAR if near else PARAPHRASE_COSINE_FAR
    margin = cosine + OVERLAP_WEIGHT * overlap - threshold
    return 1.0 / (1.0 + math.exp(-25.0 * margin))
